"""The bitmaps of a PICT picture (pict.py): BitsRect, PackBitsRect, DirectBitsRect and their region forms, as BMPs.

A PICT bitmap is a BitMap (one bit a pixel, 1 black) or a PixMap (indexed colours with their
table, or direct colour of 16 or 32 bits), then source and destination rectangles, a transfer
mode, a mask region for the *Rgn forms, and rows of pixels, each compressed by PackBits when a
row is 8 bytes or more. Each is unpacked row by row, every count checked against the picture
and every row against its declared size, and handed on as a BMP (metafile.picture), so the
picture path (triage, OCR, fail closed without an engine) reads it.
"""

from __future__ import annotations

import struct

from withhold.errors import NotExamined
from withhold.extract.base import Member
from withhold.extract.metafile import picture

MAX_SIDE = 32768
MAX_PIXELS = 100_000_000  # as the picture triage
DIRECT, REGION = frozenset({0x9A, 0x9B}), frozenset({0x91, 0x99, 0x9B})
PACKED = frozenset({0x98, 0x99, 0x9A, 0x9B})


def unpack_bits(data: bytes, at: int, end: int, size: int, unit: int = 1) -> bytes:
    """Return size bytes unpacked by PackBits (by units of unit bytes) from data[at:end]."""
    out = bytearray()
    while len(out) < size and at < end:
        n = data[at]
        at += 1
        if n < 128:
            out += data[at : min(at + (n + 1) * unit, end)]
            at += (n + 1) * unit
        elif n > 128:
            out += data[at : at + unit] * (257 - n)
            at += unit
    if len(out) < size:
        raise NotExamined("corrupt", "a PICT bitmap's row unpacks short of its size")
    return bytes(out[:size])


def _rows(data: bytes, at: int, height: int, row_bytes: int, packed: bool, unit: int = 1,
          wide: bool = False) -> tuple[list[bytes], int]:
    """Return the rows of pixels at offset at, and the offset after them (wide: byte counts of two bytes)."""
    rows = []
    for _ in range(height):
        if not packed:
            row = data[at : at + row_bytes]
            if len(row) < row_bytes:
                raise NotExamined("corrupt", "a PICT bitmap ends before its last row")
            rows.append(row)
            at += row_bytes
            continue
        count = struct.unpack_from(">H" if wide else ">B", data, at)[0]
        at += 2 if wide else 1
        if at + count > len(data):
            raise NotExamined("corrupt", "a PICT bitmap's row runs past the end of the picture")
        rows.append(unpack_bits(data, at, at + count, row_bytes, unit))
        at += count
    return rows, at


def _palette(data: bytes, at: int) -> tuple[bytes, int]:
    """Return a colour table as BMP colours (blue, green, red, 0), and the offset after it."""
    _, flags, size = struct.unpack_from(">IHH", data, at)
    at += 8
    if size > 255 or at + 8 * (size + 1) > len(data):
        raise NotExamined("corrupt", "a PICT bitmap's colour table is damaged")
    colours = [b"\x00\x00\x00\x00"] * 256
    for i in range(size + 1):
        value, red, green, blue = struct.unpack_from(">HHHH", data, at + 8 * i)
        colours[i if flags & 0x8000 else value & 0xFF] = bytes((blue >> 8, green >> 8, red >> 8, 0))
    return b"".join(colours), at + 8 * (size + 1)


def bitmap(data: bytes, at: int, op: int, name: str, limit: int) -> tuple[Member, int]:
    """Return the bitmap of one bitmap opcode (data at offset at) as an embedded BMP, and the offset after it.

    limit: the most bytes its pixels may unpack to (PackBits multiplies a row by up to 64).
    """
    if op in DIRECT:
        at += 4  # baseAddr: always 0x000000FF in a picture
    row_bytes, top, left, bottom, right = struct.unpack_from(">Hhhhh", data, at)
    pixmap, row_bytes = bool(row_bytes & 0x8000), row_bytes & 0x3FFF
    width, height = right - left, bottom - top
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE) or width * height > MAX_PIXELS:
        raise NotExamined("corrupt", "a PICT bitmap declares a size of no pixels or too many")
    at += 10
    depth, pack_type, components, colours = 1, 0, 1, b"\xff\xff\xff\x00\x00\x00\x00\x00"  # a BitMap: 1 is black
    if pixmap:
        _, pack_type, _, _, _, _, depth, components = struct.unpack_from(">HHIIIHHH", data, at)
        at += 36
        if op not in DIRECT:
            colours, at = _palette(data, at)
    if depth not in (1, 2, 4, 8, 16, 32) or row_bytes < (width * depth + 7) // 8:
        raise NotExamined("unsupported", f"a PICT bitmap of {depth} bits a pixel in rows of {row_bytes} bytes")
    if height * (4 * width if depth == 32 else row_bytes) > limit:
        raise NotExamined("too large", "a PICT bitmap unpacks to more than max-member-bytes")
    at += 18  # source and destination rectangles, transfer mode
    if op in REGION:
        at += struct.unpack_from(">H", data, at)[0]
    packed, wide = op in PACKED and pack_type != 1 and row_bytes >= 8, row_bytes > 250
    if depth == 32 and pack_type == 2:  # pad bytes left out, not compressed: red, green, blue
        rows, at = _rows(data, at, height, 3 * width, False)
        return _bmp(name, width, height, 24, b"", [_interleave(row, width) for row in rows]), at
    if depth == 32:  # each row holds its components one plane after another: (alpha,) red, green, blue
        if components not in (3, 4):
            raise NotExamined("unsupported", f"a PICT bitmap of {components} colour components")
        rows, at = _rows(data, at, height, components * width, packed, 1, wide)
        return _bmp(name, width, height, 24, b"", [_planes(row, width, components - 3) for row in rows]), at
    rows, at = _rows(data, at, height, row_bytes, packed, 2 if depth == 16 else 1, wide)
    if depth == 16:  # big-endian x1555, as a BMP's 16 bits are, little-endian
        rows = [_swapped(row[: 2 * width]) for row in rows]
    elif depth == 2:  # a BMP has no 2-bit form: each pixel widened to a byte
        rows = [bytes((row[i // 4] >> (6 - 2 * (i % 4))) & 3 for i in range(width)) for row in rows]
        depth = 8
    return _bmp(name, width, height, depth, colours[: 4 << depth] if depth <= 8 else b"", rows), at


def _interleave(row: bytes, width: int) -> bytes:
    """Return red, green, blue pixels as a BMP's blue, green, red."""
    out = bytearray(3 * width)
    out[0::3], out[1::3], out[2::3] = row[2 : 3 * width : 3], row[1 : 3 * width : 3], row[0 : 3 * width : 3]
    return bytes(out)


def _planes(row: bytes, width: int, skip: int) -> bytes:
    """Return a row of component planes ((alpha,) red, green, blue) as a BMP's blue, green, red pixels."""
    out = bytearray(3 * width)
    for index, plane in enumerate((2, 1, 0)):
        out[index::3] = row[(skip + plane) * width : (skip + plane + 1) * width]
    return bytes(out)


def _swapped(row: bytes) -> bytes:
    out = bytearray(len(row))
    out[0::2], out[1::2] = row[1::2], row[0::2]
    return bytes(out)


def _bmp(name: str, width: int, height: int, depth: int, colours: bytes, rows: list[bytes]) -> Member:
    stride = (width * depth + 31) // 32 * 4
    bits = b"".join(row[:stride].ljust(stride, b"\x00") for row in rows)
    header = struct.pack("<IiiHHIIiiII", 40, width, -height, 1, depth, 0, len(bits), 0, 0, len(colours) // 4, 0)
    return picture(name, header + colours, bits)
