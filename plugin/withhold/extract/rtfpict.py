"""An RTF picture (a \\pict group) as the file its kind word says it is, for the picture readers.

PNG, JPEG, EMF and WMF data is a file as it is. The others are not, and are made one:

- \\dibitmap: a device-independent bitmap, a BMP without its 14-byte file header: the header is
  built, and the BMP is read like any picture (OCR);
- \\wbitmap: a Windows device-dependent bitmap, rows of pixels sized by \\picw, \\pich,
  \\wbmwidthbytes, \\wbmbitspixel and \\wbmplanes: a BMP is built where those say what the colours
  are (monochrome, or 24 or 32 bits); any other depth takes its colours from a device's palette
  and is not examined;
- \\macpict: a QuickDraw picture, read by pict.py.

An OS/2 metafile (\\pmmetafile) has no reader: not examined.
"""

from __future__ import annotations

from withhold.errors import NotExamined
from withhold.extract.base import Member
from withhold.extract.metafile import device_bitmap, packed

WORDS = frozenset({b"dibitmap", b"wbitmap", b"macpict", b"pmmetafile", b"picw", b"pich", b"wbmbitspixel",
                   b"wbmplanes", b"wbmwidthbytes"})
MAX_PARAMETER = 1 << 20  # a width, height or row size past this is not a picture's


def member(name: str, blob: bytes, words: dict[bytes, int]) -> Member:
    """Return a \\pict group's bytes as a picture file, by the control words of the group.

    Raises NotExamined for a kind of picture withhold cannot read.
    """
    if b"dibitmap" in words:
        return Member(name, packed(name, blob).data)
    if b"wbitmap" in words:
        width, height, stride, planes, depth = (words.get(w, 0) for w in (b"picw", b"pich", b"wbmwidthbytes",
                                                                         b"wbmplanes", b"wbmbitspixel"))
        if not all(0 < v <= MAX_PARAMETER for v in (width, height, stride)):
            raise NotExamined("corrupt", "a Windows bitmap in the RTF lacks its width, height or row size")
        return Member(name, device_bitmap(name, width, height, stride, planes or 1, depth or 1, blob).data)
    if b"macpict" in words:
        return Member(f"{name}.pict", blob)
    if b"pmmetafile" in words:
        raise NotExamined("unsupported", "an OS/2 metafile picture has no reader")
    return Member(name, blob)
