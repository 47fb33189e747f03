"""The canary files: for each kind of file withhold reads, files of that kind holding the canary's name, built in memory.

scan/canary.py scans them to prove each reader (pictures drawn in pixels: scan/pixelcanary.py).
Builders use only the standard library and withhold's own dependencies, so they run wherever the
readers do; nothing is written to disk.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable

from withhold.protected.canary import NAME

# Synthetic and obviously so: no list holds this person, and the text never leaves the process.
_TEXT = f"Canary page of withhold: {NAME} is a synthetic record."


def _zip(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


_CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' \
      '<Default Extension="xml" ContentType="application/xml"/>{}</Types>'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _docx() -> bytes:
    override = ('<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>')
    body = f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>{_TEXT}</w:t></w:r></w:p></w:body></w:document>'
    return _zip({"[Content_Types].xml": _CT.format(override), "word/document.xml": body})


def _xlsx() -> bytes:
    override = ('<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    book = (f'<workbook xmlns="{_S}" xmlns:r="{rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    sheet = f'<worksheet xmlns="{_S}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{NAME}</t></is></c>' \
            '</row></sheetData></worksheet>'
    return _zip({"[Content_Types].xml": _CT.format(override), "xl/workbook.xml": book,
                 "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": sheet})


def _odt() -> bytes:
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               f'<text:p>{_TEXT}</text:p></office:text></office:body></office:document-content>')
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})


def _pdf() -> bytes:
    stream = f"BT /F1 12 Tf 10 50 Td ({NAME}) Tj ET".encode("latin-1")
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
               b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream),
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"tEXt", b"Author\x00" + NAME.encode())
            + _chunk(b"IDAT", zlib.compress(b"\x00\x00")) + _chunk(b"IEND", b""))


def _tiff() -> bytes:
    text = NAME.encode() + b"\x00"
    return b"II*\x00" + struct.pack("<IHHHII", 8, 1, 0x010E, 2, len(text), 26) + b"\x00\x00\x00\x00" + text


def _webp() -> bytes:
    body = b"EXIF" + struct.pack("<I", len(_tiff())) + _tiff()
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def _ico() -> bytes:
    png = _png()
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 1, 1, 0, 0, 1, 32, len(png), 22) + png


def _gif() -> bytes:
    text = NAME.encode()
    return b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0) + b"\x21\xfe" + bytes([len(text)]) + text + b"\x00;"


def _font() -> bytes:
    name = NAME.encode("utf-16-be")
    table = struct.pack(">HHH", 0, 1, 18) + struct.pack(">HHHHHH", 3, 1, 0x409, 1, len(name), 0) + name
    return struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0) + struct.pack(">4sIII", b"name", 0, 28, len(table)) + table


def _summary_information() -> bytes:
    """A property set stream (MS-OLEPS) whose author is the canary: code page 1252, then a VT_LPSTR."""
    author = NAME.encode("cp1252") + b"\x00"
    author += b"\x00" * (-len(author) % 4)
    props = struct.pack("<HHHH", 2, 0, 1252, 0) + struct.pack("<HHI", 0x1E, 0, len(NAME) + 1) + author
    body = struct.pack("<II", 8 + 16 + len(props), 2) + struct.pack("<IIII", 1, 24, 4, 32) + props
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")  # SummaryInformation
    return struct.pack("<HHI", 0xFFFE, 0, 0) + bytes(16) + struct.pack("<I", 1) + fmtid + struct.pack("<I", 48) + body


def _ole() -> bytes:
    """A compound file (version 3): FAT in sector 0, directory in 1, a property set stream (sectors 2-9)
    and a packaged file, CONTENTS (sectors 10-17), each 4 KiB, so neither lives in the mini stream."""
    free, end, fat = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    table = [fat, end] + [3, 4, 5, 6, 7, 8, 9, end] + [11, 12, 13, 14, 15, 16, 17, end] + [free] * 110

    def entry(name: str, kind: int, left: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", left, free, child) + bytes(16 + 4 + 16) + struct.pack("<IQ", start, size))

    # The directory's tree orders names by length: CONTENTS is the left sibling of the longer name.
    directory = (entry("Root Entry", 5, free, 1, end, 0) + entry("\x05SummaryInformation", 2, 2, free, 2, 4096)
                 + entry("CONTENTS", 2, free, free, 10, 4096) + bytes(128))
    streams = _summary_information().ljust(4096, b"\x00") + _TEXT.encode().ljust(4096, b" ")
    return header + struct.pack("<128I", *table) + directory + streams


def _tar() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        data = _TEXT.encode()
        info = tarfile.TarInfo("canary.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _7z() -> bytes:
    import py7zr  # the 7z reader needs it too: this kind is used only where it is installed

    out = io.BytesIO()
    with py7zr.SevenZipFile(out, "w") as archive:
        archive.writestr(_TEXT.encode(), "canary.txt")
    return out.getvalue()


def _metafile(kind: str) -> bytes:
    """Return a metafile ("emf", "wmf", "pict") drawing the canary's text, written by its own reader's module."""
    from withhold.extract import emf, pict, wmf

    return {"emf": emf, "wmf": wmf, "pict": pict}[kind].minimal(_TEXT)


_PAGE = f"<!doctype html><html><head><title>Canary</title></head><body><p>{_TEXT}</p></body></html>"

# kind (sniff.py) -> the canary files of that kind, as (name, builder); every reader has one
# (tests/canary_test.py keeps this registry and the extractor registry in step).
# Kinds whose "reader" reads nothing by design: a file named as a document that holds none is not
# examined, whatever reads it (extract/shortfall.py). There is nothing to prove.
READS_NOTHING = frozenset({"empty"})
CANARIES: dict[str, tuple[tuple[str, Callable[[], bytes]], ...]] = {
    "text": (("canary.txt", lambda: _TEXT.encode()),),
    "html": (("canary.html", lambda: _PAGE.encode()),),
    "gzip": (("canary.txt.gz", lambda: gzip.compress(_TEXT.encode(), mtime=0)),),
    "zip": (("canary.zip", lambda: _zip({"canary.txt": _TEXT})), ("canary.docx", _docx),
            ("canary.xlsx", _xlsx), ("canary.odt", _odt)),
    "pdf": (("canary.pdf", _pdf),),
    "tar": (("canary.tar", _tar),),
    "bzip2": (("canary.txt.bz2", lambda: bz2.compress(_TEXT.encode())),),
    "xz": (("canary.txt.xz", lambda: lzma.compress(_TEXT.encode())),),
    "7z": (("canary.7z", _7z),),
    "png": (("canary.png", _png),),
    "jpeg": (("canary.jpg", lambda: b"\xff\xd8\xff\xfe" + struct.pack(">H", len(NAME) + 2) + NAME.encode() + b"\xff\xd9"),),
    "gif": (("canary.gif", _gif),),
    "tiff": (("canary.tif", _tiff),),
    "webp": (("canary.webp", _webp),),
    "bmp": (),  # no metadata to plant: its text is pixels only (PIXEL_FORMATS)
    "ico": (("canary.ico", _ico),),
    "ole": (("canary.ole", _ole),),
    "rtf": (("canary.rtf", lambda: b"{\\rtf1\\ansi " + NAME.encode() + b"\\par}"),),
    "email": (("canary.eml", lambda: f"From: canary@example.org\nSubject: canary\n\n{_TEXT}\n".encode()),),
    "font": (("canary.ttf", _font),),
    "emf": (("canary.emf", lambda: _metafile("emf")),), "wmf": (("canary.wmf", lambda: _metafile("wmf")),),
    "pict": (("canary.pict", lambda: _metafile("pict")),),
}
