"""What EMF and WMF pictures share: bitmaps handed on as picture files, and text runs put back into lines.

A metafile draws text as records of a few characters each (a word, a line, sometimes one
character) at a reference point, with the advance of each character. The runs are joined as a
reader sees them: a run that starts where the one before it ended, on the same baseline, joins
it without a space ("Gar" + "cía"); a gap on the same baseline is a space; another baseline is
a new line. Each run keeps the locator of its record (`#record=12`), so a hit says where it is.

A bitmap is a DIB (a BITMAPINFO header, colours and pixel rows): it is wrapped as a BMP file
(or given as the JPEG or PNG it holds) and scanned as an embedded picture, so the picture path
(triage, OCR, fail closed without an engine) reads it like any picture.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import NamedTuple

from withhold.errors import NotExamined
from withhold.extract.base import Member, Segment

# Sizes of the DIB headers Pillow's BMP reader knows (as scan/sniff.py does).
DIB_HEADERS = (12, 40, 52, 56, 64, 108, 124)
BI_BITFIELDS, BI_JPEG, BI_PNG, BI_ALPHABITFIELDS = 3, 4, 5, 6
DIB_PAL_COLORS = 1  # the colour table holds indexes into a palette the metafile chose, not colours


class Run(NamedTuple):
    """A string a record draws: its record's locator, reference point, where it ends (None: unknown), text."""

    label: str
    x: float
    y: float
    end: float | None
    text: str


def lines(runs: Iterable[Run]) -> Segment | None:
    """Return the runs joined as a reader sees them, each marked with its record (None when no text)."""
    text, marks = "", []
    last: Run | None = None
    for run in runs:
        if not run.text.strip("\x00 "):
            continue
        if last is not None:
            text += _separator(last, run)
        marks.append((len(text), run.label))
        text += run.text.replace("\x00", " ")
        last = run
    return Segment(text, line=None, marks=tuple(marks)) if text else None


def uncovered(runs: list[Run], text: str) -> set[int]:
    """Return the indexes of the runs on every line (as lines() joins them) that text does not hold word for word.

    An EMF+ dual file draws its picture twice, in EMF+ records and in EMF ones for older readers:
    a line of the second drawing that the first holds, whole words at the same spacing, is read
    once; any other line is kept (a line spaced otherwise is read twice rather than lost).
    """
    held = f" {_words(text)} "
    shown = [i for i, run in enumerate(runs) if run.text.strip("\x00 ")]
    rows: list[list[int]] = []
    for before, index in zip([None, *shown], shown):
        if before is None or _separator(runs[before], runs[index]) == "\n":
            rows.append([])
        rows[-1].append(index)
    kept: set[int] = set()
    for row in rows:
        line = runs[row[0]].text + "".join(_separator(runs[a], runs[b]) + runs[b].text for a, b in zip(row, row[1:]))
        if f" {_words(line)} " not in held:
            kept.update(row)
    return kept


def _words(text: str) -> str:
    return " ".join(text.replace("\x00", " ").split()).casefold()


def _separator(before: Run, after: Run) -> str:
    if before.end is None:
        return " "
    width = abs(before.end - before.x) / max(1, len(before.text))  # the average advance of a character
    if abs(after.y - before.y) > max(width, 1.0):
        return "\n"
    gap = after.x - before.end
    return "" if -width / 2 <= gap <= width / 4 else " "


def advances(data: bytes, at: int, count: int) -> float | None:
    """Return the sum of count 32-bit advances at offset at (an EMF dx array), None when absent or damaged."""
    if at <= 0 or at + 4 * count > len(data):
        return None
    return float(sum(struct.unpack_from(f"<{count}i", data, at)))


def _colours(header: bytes) -> int:
    """Return the bytes of the colour table (and bit masks) that follow a DIB header."""
    size = int.from_bytes(header[:4], "little")
    if size == 12:
        bits = int.from_bytes(header[10:12], "little")
        return 3 * (1 << bits) if bits <= 8 else 0
    bits, compression, used = struct.unpack_from("<HI", header, 14) + struct.unpack_from("<I", header, 32)
    masks = {BI_BITFIELDS: 12, BI_ALPHABITFIELDS: 16}.get(compression, 0) if size == 40 else 0
    return masks + 4 * (used or ((1 << bits) if bits <= 8 else 0))


def picture(name: str, header: bytes, bits: bytes, usage: int = 0) -> Member:
    """Return a DIB (its header with colours, and its pixel rows) as an embedded picture file named name.

    Raises NotExamined for a header no reader knows and for colours that index a palette.
    """
    size = int.from_bytes(header[:4], "little") if len(header) >= 4 else 0
    if size not in DIB_HEADERS or len(header) < size:
        raise NotExamined("corrupt", "a bitmap in the metafile has a damaged header")
    if size > 12:
        compression = int.from_bytes(header[16:20], "little")
        if compression in (BI_JPEG, BI_PNG):
            return Member(f"{name}.{'jpg' if compression == BI_JPEG else 'png'}", bits)
    depth = int.from_bytes(header[10:12] if size == 12 else header[14:16], "little")
    if usage == DIB_PAL_COLORS and depth <= 8:
        raise NotExamined("unsupported", "a bitmap in the metafile takes its colours from a palette")
    start = 14 + len(header)
    return Member(f"{name}.bmp", b"BM" + struct.pack("<IHHI", start + len(bits), 0, 0, start) + header + bits)


def packed(name: str, dib: bytes, usage: int = 0) -> Member:
    """Return a packed DIB (header, colours and rows in one block, as WMF records hold it) as a picture."""
    if len(dib) < 16:
        raise NotExamined("corrupt", "a bitmap in the metafile is truncated")
    size = int.from_bytes(dib[:4], "little")
    if size not in DIB_HEADERS or len(dib) < size:
        raise NotExamined("corrupt", "a bitmap in the metafile has a damaged header")
    split = size + _colours(dib[:size])
    return picture(name, dib[:split], dib[split:], usage)


# The code page of each font character set a metafile's font may name (LOGFONT lfCharSet).
CHARSETS = {0: "cp1252", 1: "cp1252", 161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256",
            186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250", 128: "cp932", 129: "cp949", 134: "gbk",
            136: "big5", 255: "cp437"}


MAX_BITMAP_PIXELS = 100_000_000  # as the picture triage: a bitmap larger than this is not built
DEVICE_DEPTHS = {1: b"\x00\x00\x00\x00\xff\xff\xff\x00", 24: b"", 32: b""}  # depth -> colours a BMP needs


def device_bitmap(name: str, width: int, height: int, stride: int, planes: int, depth: int, bits: bytes) -> Member:
    """Return a device-dependent bitmap (a Windows DDB: rows top down, each stride bytes) as a BMP picture.

    Its colours are the device's: only a monochrome bitmap (0 black, 1 white) and direct colour (24 or
    32 bits, blue first) say what they are. Raises NotExamined for any other, and for sizes that disagree.
    """
    if planes != 1 or depth not in DEVICE_DEPTHS:
        raise NotExamined("unsupported", f"a device-dependent bitmap of {planes} plane(s) of {depth} bit(s) "
                          "takes its colours from the device's palette")
    if width <= 0 or height <= 0 or width * height > MAX_BITMAP_PIXELS:
        raise NotExamined("corrupt", "a device-dependent bitmap declares a size of no pixels or too many")
    row = (width * depth + 7) // 8
    if stride < row or stride * height > len(bits):
        raise NotExamined("corrupt", "a device-dependent bitmap holds fewer bytes than its size declares")
    padded = (row + 3) // 4 * 4
    rows = b"".join(bits[r * stride : r * stride + row].ljust(padded, b"\x00") for r in range(height))
    colours = DEVICE_DEPTHS[depth]
    header = struct.pack("<IiiHHIIiiII", 40, width, -height, 1, depth, 0, len(rows), 0, 0, len(colours) // 4, 0)
    return picture(name, header + colours, rows)
