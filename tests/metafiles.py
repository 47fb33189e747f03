"""EMF and WMF pictures for the tests, from two sources, every name in them fictional (people.py).

- written by LibreOffice (`soffice --convert-to emf|wmf` of an SVG holding text and a PNG picture
  Pillow drew), as Office and sites get them;
- hand-built here, record by record after [MS-EMF], [MS-EMFPLUS] and [MS-WMF], for what LibreOffice
  does not write: one character per record, EMF+ strings and images in pieces, glyph indexes,
  embedded metafiles, code pages, damaged sizes. They are hand-built test data, not a writer.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

import legacy
import pictures as P

FONT = (P.fonts() or [None])[0]


def badge(text: str, size: int = 24) -> bytes:
    """Return a PNG of one line of text, as Pillow draws it."""
    from PIL import Image, ImageDraw

    face = P._font(FONT, size)
    image = Image.new("RGB", (int(face.getlength(text)) + 2 * size, 3 * size), "white")
    ImageDraw.Draw(image).text((size, size), text, font=face, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def bmp(png: bytes) -> bytes:
    """Return a PNG picture as a BMP file (its DIB is what metafile records hold)."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, "BMP")
    return out.getvalue()


def svg(text: str, picture: bytes) -> bytes:
    """Return an SVG drawing: a line of text, and a picture under it."""
    data = base64.b64encode(picture).decode()
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' width="700" height="260">'
            f'<text x="10" y="40" font-family="DejaVu Sans" font-size="20">{text}</text>'
            f'<image x="10" y="100" width="600" height="120" xlink:href="data:image/png;base64,{data}"/>'
            '</svg>').encode()


def by_libreoffice(sources: dict[str, bytes], target: str, folder: Path) -> dict[str, bytes]:
    """Return each SVG source converted by LibreOffice to "emf" or "wmf", by its name."""
    return legacy.convert(sources, target, folder)


# ---- EMF, by hand ------------------------------------------------------------------------


def _pad(data: bytes, to: int = 4) -> bytes:
    return data + b"\x00" * (-len(data) % to)


def record(kind: int, body: bytes) -> bytes:
    body = _pad(body)
    return struct.pack("<II", kind, 8 + len(body)) + body


def emf(*records: bytes, description: str = "", eof: bool = True) -> bytes:
    """Return an EMF: a header record (with a description when given), the records, and EMR_EOF."""
    text = _pad(description.encode("utf-16-le")) if description else b""
    end = record(14, struct.pack("<III", 0, 16, 20)) if eof else b""
    body = b"".join(records) + end
    size = 88 + len(text)
    header = struct.pack("<II4i4i4sIIIHHIIIiiii", 1, size, 0, 0, 100, 100, 0, 0, 2000, 2000, b" EMF", 0x10000,
                         size + len(body), len(records) + 2, 1, 0, len(description), 88 if text else 0, 0,
                         1024, 768, 320, 240)
    return header + text + body


def text_w(x: int, y: int, text: str, advance: int = 10, options: int = 0) -> bytes:
    """Return an EMR_EXTTEXTOUTW record drawing text at (x, y), each character advance units wide."""
    string = _pad(text.encode("utf-16-le"))
    dx = 76 + len(string)
    emrtext = struct.pack("<iiIII4iI", x, y, len(text), 76, options, 0, 0, 0, 0, dx)
    widths = struct.pack(f"<{len(text)}i", *[advance] * len(text))
    body = struct.pack("<4iIff", 0, 0, 0, 0, 1, 0.0, 0.0) + emrtext + string + widths
    return record(84, body)


def stretchdibits(bmp_file: bytes) -> bytes:
    """Return an EMR_STRETCHDIBITS record drawing the DIB of a BMP file."""
    (start,) = struct.unpack_from("<I", bmp_file, 10)
    bmi, bits = bmp_file[14:start], bmp_file[start:]
    width, height = struct.unpack_from("<ii", bmi, 4)
    body = struct.pack("<4i6iIIIIIIii", 0, 0, width, height, 0, 0, 0, 0, width, abs(height), 80, len(bmi),
                       80 + len(bmi), len(bits), 0, 0x00CC0020, width, abs(height)) + bmi + bits
    return record(81, body)


def comment(data: bytes) -> bytes:
    return record(70, struct.pack("<I", len(data)) + data)


def plus(*records: bytes) -> bytes:
    """Return an EMR_COMMENT holding EMF+ records."""
    return comment(b"EMF+" + b"".join(records))


def plus_record(kind: int, flags: int, data: bytes, total: int | None = None) -> bytes:
    data = _pad(data)
    if total is not None:  # a piece of a continued object: its total size follows the data size
        return struct.pack("<HHIII", kind, flags, 16 + len(data), 4 + len(data), total) + data
    return struct.pack("<HHII", kind, flags, 12 + len(data), len(data)) + data


def plus_string(text: str, x: float = 10, y: float = 10) -> bytes:
    """Return an EmfPlusDrawString record."""
    string = text.encode("utf-16-le")
    return plus_record(0x401C, 0, struct.pack("<III4f", 0xFF000000, 0xFFFFFFFF, len(text), x, y, 400, 40) + string)


def plus_header(dual: bool) -> bytes:
    """Return an EmfPlusHeader record; dual: the EMF records beside it draw the same picture."""
    return plus_record(0x4001, 1 if dual else 0, struct.pack("<IIII", 0xDBC01002, 1, 96, 96))


def plus_metafile_pieces(inner: bytes, piece: int = 64) -> list[bytes]:
    """Return EmfPlusObject records, continued piece by piece, defining an image that is the metafile inner."""
    blob = struct.pack("<IIII", 0xDBC01002, 2, 3, len(inner)) + inner
    flags = (5 << 8) | 1
    chunks = [blob[i : i + piece] for i in range(0, len(blob), piece)]
    return [plus_record(0x4008, flags | 0x8000, chunk, len(blob)) for chunk in chunks]


def public_comment(kind: int, data: bytes) -> bytes:
    return comment(b"GDIC" + struct.pack("<I", kind) + data)


# ---- WMF, by hand ------------------------------------------------------------------------


def wmf_record(function: int, body: bytes) -> bytes:
    body = _pad(body, 2)
    return struct.pack("<IH", 3 + len(body) // 2, function) + body


def wmf(*records: bytes, placeable: bool = True, eof: bool = True) -> bytes:
    """Return a WMF: a placeable header, the META_HEADER, the records and META_EOF."""
    body = b"".join(records) + (struct.pack("<IH", 3, 0) if eof else b"")
    header = struct.pack("<HHHIHIH", 1, 9, 0x0300, (18 + len(body)) // 2, 1, 64, 0)
    if not placeable:
        return header + body
    words = struct.pack("<IH4hHI", 0x9AC6CDD7, 0, 0, 0, 2000, 1000, 1440, 0)
    checksum = 0
    for (word,) in struct.iter_unpack("<H", words):
        checksum ^= word
    return words + struct.pack("<H", checksum) + header + body


def textout(x: int, y: int, raw: bytes) -> bytes:
    return wmf_record(0x0521, struct.pack("<H", len(raw)) + _pad(raw, 2) + struct.pack("<hh", y, x))


def exttextout(x: int, y: int, raw: bytes, advance: int = 10, options: int = 0) -> bytes:
    return wmf_record(0x0A32, struct.pack("<hhHH", y, x, len(raw), options) + _pad(raw, 2)
                      + struct.pack(f"<{len(raw)}h", *[advance] * len(raw)))


def font(charset: int) -> bytes:
    """Return a META_CREATEFONTINDIRECT record of a font in a character set."""
    return wmf_record(0x02FB, struct.pack("<5h8B", -20, 0, 0, 0, 400, 0, 0, 0, charset, 0, 0, 0, 0) + b"Arial\x00")


def ddb(png: bytes, depth: int = 1) -> tuple[bytes, int, int, int]:
    """Return the rows of a Windows device-dependent bitmap of a picture (1 bit: 0 black, 1 white;
    24: blue first), word-aligned as WMF's Bitmap16 and RTF's \\wbitmap hold them, and its width, height, row size."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("1" if depth == 1 else "RGB")
    width, height = image.size
    row = (width * depth + 7) // 8
    stride = row + (row & 1)
    raw = image.tobytes() if depth == 1 else image.tobytes("raw", "BGR")
    return b"".join(raw[r * row : (r + 1) * row].ljust(stride, b"\x00") for r in range(height)), width, height, stride


def bitblt_ddb(png: bytes, depth: int = 1) -> bytes:
    """Return a META_BITBLT record drawing a picture as a device-dependent bitmap."""
    bits, width, height, stride = ddb(png, depth)
    bitmap16 = struct.pack("<hhhHBB", 0, width, height, stride, 1, depth) + bits
    return wmf_record(0x0922, struct.pack("<I6h", 0x00CC0020, 0, 0, height, width, 0, 0) + bitmap16)


def stretchdib(bmp_file: bytes) -> bytes:
    """Return a META_STRETCHDIB record drawing the DIB of a BMP file."""
    width, height = struct.unpack_from("<ii", bmp_file, 18)
    return wmf_record(0x0F43, struct.pack("<IH8h", 0x00CC0020, 0, abs(height), width, 0, 0, abs(height), width, 0, 0)
                      + bmp_file[14:])


# ---- OfficeArt BLIP records (the Pictures stream of a .ppt, the Data stream of a .doc), by hand ----


def blip(kind: int, instance: int, payload: bytes, metafile: bool = False, deflate: bool = True) -> bytes:
    """Return an OfficeArt BLIP record holding payload (a metafile behind its header, deflated or not).

    An odd instance has two UIDs, an even one one (MS-ODRAW)."""
    uids = bytes(16 * (1 + (instance & 1)))
    if metafile:
        data = zlib.compress(payload) if deflate else payload
        compression = 0 if deflate else 0xFE
        header = struct.pack("<I4i2iIBB", len(payload), 0, 0, 100, 100, 100, 100, len(data), compression, 0xFE)
        body = uids + header + data
    else:
        body = uids + b"\xff" + payload
    return struct.pack("<HHI", instance << 4, kind, len(body)) + body
