"""Pictures Office 97-2003 files keep as OfficeArt BLIP records: a .ppt's Pictures stream, a .doc's Data stream.

Each BLIP record (MS-ODRAW) holds one picture: a PNG, JPEG, TIFF or DIB as it is, or an EMF, WMF
or PICT behind a metafile header, usually deflated. The pictures are given back as embedded files
(`deck.ppt!Pictures/picture-1.emf`), so their text and pixels are read by their own readers
(a PICT by pict.py).

A stream is searched for BLIP headers wherever they stand (in a Data stream they sit inside
other structures): a header counts only when its type, instance and version agree and its length
fits the stream, so text or pixels that happen to hold the two type bytes are passed over.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member
from withhold.extract.metafile import packed

# recType: (suffix, the instance with one UID; the next instance has two), per MS-ODRAW 2.2.
BLIPS = {0xF01A: ("emf", 0x3D4), 0xF01B: ("wmf", 0x216), 0xF01C: ("pict", 0x542), 0xF01D: ("jpg", 0x46A),
         0xF01E: ("png", 0x6E0), 0xF01F: ("bmp", 0x7A8), 0xF029: ("tif", 0x6E4), 0xF02A: ("jpg", 0x6E2)}
METAFILES = ("emf", "wmf", "pict")
_TYPES = re.compile(rb"[\x1a-\x1f\x29\x2a]\xf0")
DEFLATE = 0x00  # OfficeArtMetafileHeader compression: deflated; 0xFE: stored as it is


def pictures(data: bytes, stream: str, ctx: Context) -> Iterator[Item]:
    """Yield every picture the BLIP records of a stream hold, as an embedded file under the stream's name."""
    if b"\xf0" not in data:
        return
    count, after = 0, 0
    for match in _TYPES.finditer(data):
        at = match.start() - 2
        if at < after:
            continue
        blip = _blip(data, at)
        if blip is None:
            continue
        suffix, body, length = blip
        count += 1
        after = at + 8 + length
        yield _picture(f"{stream}/picture-{count}", suffix, body, ctx)
        ctx.check_time()


def _blip(data: bytes, at: int) -> tuple[str, bytes, int] | None:
    """Return (suffix, the picture's bytes after the UIDs, record length) of a BLIP header at at, else None."""
    if at < 0 or at + 8 > len(data):
        return None
    options, kind, length = struct.unpack_from("<HHI", data, at)
    if kind not in BLIPS or options & 0xF or at + 8 + length > len(data):
        return None
    suffix, instance = BLIPS[kind]
    if options >> 4 not in (instance, instance + 1):
        return None
    uids = 16 * (1 + (options >> 4) - instance)
    # After the UIDs: a metafile's 34-byte header (kept: _picture reads it), or a bitmap's one-byte tag.
    start, least = (uids, uids + 34) if suffix in METAFILES else (uids + 1, uids + 1)
    if length < least:
        return None
    return suffix, data[at + 8 + start : at + 8 + length], length


def _picture(name: str, suffix: str, body: bytes, ctx: Context) -> Member:
    if suffix == "bmp":
        return packed(name, body)
    if suffix not in METAFILES:
        return Member(f"{name}.{suffix}", body)
    size, compression, picture = struct.unpack_from("<I", body, 0)[0], body[32], body[34:]
    if compression == DEFLATE:
        inflater = zlib.decompressobj()
        try:
            picture = inflater.decompress(picture, min(size, ctx.settings.max_member_bytes) + 1)
        except zlib.error:
            raise NotExamined("corrupt", f"the deflated picture {name} is damaged") from None
        if len(picture) > ctx.settings.max_member_bytes:
            raise NotExamined("too large", f"the picture {name} is over max-member-bytes")
    return Member(f"{name}.{suffix}", picture)
