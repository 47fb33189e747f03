"""Mac PICT pictures for the tests, hand-built opcode by opcode after Inside Macintosh (Imaging With
QuickDraw, appendix A): no writer of PICT runs here. Test data, not a writer; every name drawn is
fictional (people.py). Bitmaps are drawn by Pillow, then packed as QuickDraw packs them.
"""

from __future__ import annotations

import io
import struct

END = b"\x00\xff"


def op(code: int, data: bytes = b"") -> bytes:
    """Return a version 2 opcode and its data, padded to a word."""
    out = struct.pack(">H", code) + data
    return out + b"\x00" * (len(out) % 2)


def pict(*ops: bytes, file_header: bool = False, version: int = 2) -> bytes:
    """Return a PICT of the given opcodes (version 2: after its header opcode), ended by OpEndPic."""
    if version == 1:
        body = b"\x11\x01" + b"".join(ops) + b"\xff"
    else:
        header = op(0x0C00, struct.pack(">hhiihhhhi", -2, 0, 72 << 16, 72 << 16, 0, 0, 300, 600, 0))
        body = b"\x00\x11\x02\xff" + header + b"".join(ops) + END
    data = struct.pack(">Hhhhh", len(body) & 0xFFFF, 0, 0, 300, 600) + body
    return (b"\x00" * 512 + data) if file_header else data


def long_text(v: int, h: int, text: str) -> bytes:
    raw = text.encode("mac_roman")
    return op(0x28, struct.pack(">hhB", v, h, len(raw)) + raw)


def dh_text(dh: int, text: str) -> bytes:
    raw = text.encode("mac_roman")
    return op(0x29, struct.pack(">BB", dh, len(raw)) + raw)


def dv_text(dv: int, text: str) -> bytes:
    raw = text.encode("mac_roman")
    return op(0x2A, struct.pack(">BB", dv, len(raw)) + raw)


def packbits(row: bytes) -> bytes:
    """Return a row packed by PackBits: runs of three or more equal bytes repeated, the rest literal."""
    out, at, literal = bytearray(), 0, bytearray()

    def flush() -> None:
        for i in range(0, len(literal), 128):
            chunk = literal[i : i + 128]
            out.extend(bytes([len(chunk) - 1]) + chunk)
        literal.clear()

    while at < len(row):
        run = 1
        while at + run < len(row) and row[at + run] == row[at] and run < 128:
            run += 1
        if run >= 3:
            flush()
            out.extend(bytes([257 - run, row[at]]))
            at += run
        else:
            literal.append(row[at])
            at += 1
    flush()
    return bytes(out)


def _rows(rows: list[bytes], row_bytes: int) -> bytes:
    out = b""
    for row in rows:
        packed = packbits(row)
        out += struct.pack(">H" if row_bytes > 250 else ">B", len(packed)) + packed
    return out


def _image(png: bytes, mode: str):  # type: ignore[no-untyped-def]
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert(mode)


def _rects(width: int, height: int) -> bytes:
    return struct.pack(">hhhh", 0, 0, height, width) * 2 + struct.pack(">H", 0)  # source, destination, mode


def bitmap_1bit(png: bytes) -> bytes:
    """Return a PackBitsRect of a BitMap (1 bit a pixel, 1 black) of a picture."""
    image = _image(png, "1")
    width, height = image.size
    row_bytes = ((width + 15) // 16) * 2
    raw = bytes(b ^ 0xFF for b in image.tobytes())  # Pillow's 1 is white; QuickDraw's is black
    stride = (width + 7) // 8
    rows = [raw[r * stride : (r + 1) * stride].ljust(row_bytes, b"\x00") for r in range(height)]
    return op(0x98, struct.pack(">Hhhhh", row_bytes, 0, 0, height, width) + _rects(width, height) + _rows(rows, row_bytes))


def _pixmap(row_bytes: int, width: int, height: int, pack_type: int, depth: int, components: int, size: int) -> bytes:
    return (struct.pack(">Hhhhh", row_bytes | 0x8000, 0, 0, height, width)
            + struct.pack(">HHIIIHHHHIII", 0, pack_type, 0, 72 << 16, 72 << 16, 16 if depth > 8 else 0, depth,
                          components, size, 0, 0, 0))


def bitmap_8bit(png: bytes) -> bytes:
    """Return a PackBitsRect of an indexed PixMap (8 bits, its colour table) of a picture."""
    image = _image(png, "RGB").quantize(16)
    width, height = image.size
    palette = (image.getpalette() or [])[: 3 * 16]
    palette += [0] * (3 * 16 - len(palette))
    table = struct.pack(">IHH", 0, 0, 15) + b"".join(
        struct.pack(">HHHH", i, palette[3 * i] * 257, palette[3 * i + 1] * 257, palette[3 * i + 2] * 257) for i in range(16))
    row_bytes = width + (width & 1)
    raw = image.tobytes()
    rows = [raw[r * width : (r + 1) * width].ljust(row_bytes, b"\x00") for r in range(height)]
    return op(0x98, _pixmap(row_bytes, width, height, 0, 8, 1, 8) + table + _rects(width, height) + _rows(rows, row_bytes))


def bitmap_32bit(png: bytes) -> bytes:
    """Return a DirectBitsRect of a 32-bit PixMap (rows of red, green and blue planes, packed) of a picture."""
    image = _image(png, "RGB")
    width, height = image.size
    raw = image.tobytes()
    rows = [b"".join(raw[r * 3 * width + c : (r + 1) * 3 * width : 3] for c in range(3)) for r in range(height)]
    return op(0x9A, b"\x00\x00\x00\xff" + _pixmap(4 * width, width, height, 4, 32, 3, 8) + _rects(width, height)
              + _rows(rows, 4 * width))


def bitmap_16bit(png: bytes) -> bytes:
    """Return a DirectBitsRect of a 16-bit PixMap (x1555, packed by words) of a picture."""
    image = _image(png, "RGB")
    width, height = image.size
    pixels = image.tobytes()
    rows = []
    for r in range(height):
        row = b""
        for i in range(width):
            red, green, blue = pixels[3 * (r * width + i) : 3 * (r * width + i) + 3]
            row += struct.pack(">H", (red >> 3) << 10 | (green >> 3) << 5 | blue >> 3)
        rows.append(row)
    # Packed by words: literal runs only (a count n means n + 1 words).
    body = b""
    for row in rows:
        packed = b"".join(bytes([min(64, (len(row) - i) // 2) - 1]) + row[i : i + 128] for i in range(0, len(row), 128))
        body += struct.pack(">H" if 2 * width > 250 else ">B", len(packed)) + packed
    return op(0x9A, b"\x00\x00\x00\xff" + _pixmap(2 * width, width, height, 3, 16, 3, 5) + _rects(width, height) + body)
