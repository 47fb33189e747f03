"""Mac PICT pictures (QuickDraw; .pict/.pct files, \\macpict groups in RTF): their text and their bitmaps.

Every opcode is walked by the length QuickDraw gives it (Inside Macintosh, Imaging With QuickDraw,
appendix A), each length checked against the file, until OpEndPic; a file that ends first is
incomplete. What a reader sees is read:

- text opcodes (LongText, DHText, DVText, DHDVText), in Mac Roman, located by opcode
  (`#opcode=12`); runs on one baseline are joined both with and without a space between them
  (QuickDraw splits a word where its style changes, and a PICT holds no character widths);
- bitmap opcodes (BitsRect, BitsRgn, PackBitsRect, PackBitsRgn, DirectBitsRect, DirectBitsRgn):
  each is unpacked (pictbits.py) and scanned as an embedded BMP (`record-12.bmp`), so OCR reads it;
- long comments, by their printable runs (an application's private data may carry anything).

Anything else that draws pixels withhold cannot see (pixel patterns, QuickTime-compressed images,
an opcode of unknown length) makes the picture not examined.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract import pictbits
from withhold.extract.base import Context, Item, Segment, labelled
from withhold.extract.printable import strings
from withhold.extract.xmltext import SOFT, views

HEADER = 512  # a PICT file's application header, absent from a PICT inside a document
V1, V2 = b"\x11\x01", b"\x00\x11\x02\xff"
END, LONG_COMMENT = 0x00FF, 0x00A1
TEXT = {0x28: (4, 0, 0), 0x29: (1, 1, 0), 0x2A: (1, 0, 1), 0x2B: (2, 1, 1)}  # opcode: bytes before the count; dh, dv
BITMAPS = frozenset({0x90, 0x91, 0x98, 0x99, 0x9A, 0x9B})
UNREAD = {0x12: "a background pixel pattern", 0x13: "a pen pixel pattern", 0x14: "a fill pixel pattern",
          0x8200: "a QuickTime-compressed image", 0x8201: "a QuickTime image"}
# Opcodes of fixed data length (bytes after the opcode); the ranges QuickDraw reserves are in _length.
FIXED = {0x00: 0, 0x02: 8, 0x03: 2, 0x04: 1, 0x05: 2, 0x06: 4, 0x07: 4, 0x08: 2, 0x09: 8, 0x0A: 8, 0x0B: 4,
         0x0C: 4, 0x0D: 2, 0x0E: 4, 0x0F: 4, 0x10: 8, 0x15: 2, 0x16: 2, 0x17: 0, 0x18: 0, 0x19: 0, 0x1A: 6,
         0x1B: 6, 0x1C: 0, 0x1D: 6, 0x1E: 0, 0x1F: 6, 0x20: 8, 0x21: 4, 0x22: 6, 0x23: 2, 0xA0: 2, 0x0C00: 24}
MAX_OPCODES = 1_000_000


def is_pict(data: bytes) -> bool:
    """Return True when data is a PICT, with its 512-byte file header or without (as RTF holds it)."""
    return any(data[at + 10 : at + 14] == V2 or data[at + 10 : at + 12] == V1 for at in (0, HEADER))


def _length(op: int, data: bytes, at: int) -> int:
    """Return the length of an opcode's data at offset at (after the opcode), by QuickDraw's rules."""
    if op in FIXED:
        return FIXED[op]
    if op == LONG_COMMENT:  # kind, then the size of its data
        return 4 + struct.unpack_from(">H", data, at + 2)[0]
    if op == 0x01 or 0x70 <= op <= 0x77 or 0x80 <= op <= 0x87:  # a region or polygon: its size comes first
        return struct.unpack_from(">H", data, at)[0]
    if 0x24 <= op <= 0x27 or 0x2C <= op <= 0x2F or 0x92 <= op <= 0x97 or 0x9C <= op <= 0x9F or 0xA2 <= op <= 0xAF:
        return 2 + struct.unpack_from(">H", data, at)[0]
    if 0x30 <= op <= 0x37 or 0x40 <= op <= 0x47 or 0x50 <= op <= 0x57:
        return 8
    if 0x60 <= op <= 0x67:
        return 12
    if 0x68 <= op <= 0x6F:
        return 4
    if 0x38 <= op <= 0x3F or 0x48 <= op <= 0x4F or 0x58 <= op <= 0x5F or 0x78 <= op <= 0x7F or 0x88 <= op <= 0x8F \
            or 0xB0 <= op <= 0xCF or 0x8000 <= op <= 0x80FF:
        return 0
    if 0xD0 <= op <= 0xFE or op >= 0x8100:
        return 4 + struct.unpack_from(">I", data, at)[0]
    if 0x0100 <= op <= 0x7FFF:
        return 2 * (op >> 8)
    raise NotExamined("unsupported", f"PICT opcode 0x{op:04X} has no known length")


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    """Yield the text, bitmaps and comments of a PICT picture."""
    start = HEADER if data[HEADER + 10 : HEADER + 14] == V2 or data[HEADER + 10 : HEADER + 12] == V1 else 0
    if not is_pict(data[start:]):
        raise NotExamined("corrupt", "not a PICT picture: no version opcode")
    wide = data[start + 10 : start + 14] == V2
    at, number = start + (14 if wide else 12), 0
    runs: list[tuple[str, int, str]] = []  # (label, baseline, text)
    blocks: list[tuple[str, str]] = []
    pen = [0, 0]  # v, h: where text is drawn, moved by the text opcodes
    while True:
        if wide and at % 2:
            at += 1  # version 2 opcodes start on a word
        if at + (2 if wide else 1) > len(data):
            raise NotExamined("incomplete", "the PICT picture ends before its end opcode")
        op = struct.unpack_from(">H", data, at)[0] if wide else data[at]
        at += 2 if wide else 1
        number += 1
        if op == END:
            break
        if number > MAX_OPCODES:
            raise NotExamined("too large", f"over {MAX_OPCODES} PICT opcodes")
        if number % 4096 == 0:
            ctx.check_time()
        label = f"#opcode={number}"
        try:
            if op in UNREAD:
                raise NotExamined("unsupported", f"PICT opcode {number} draws {UNREAD[op]}: not read")
            if op in TEXT:
                at = _text(data, at, op, pen, label, runs)
            elif op in BITMAPS:
                member, at = pictbits.bitmap(data, at, op, f"record-{number}", ctx.settings.max_member_bytes)
                yield member
            else:
                size = _length(op, data, at)
                if at + size > len(data):
                    raise NotExamined("corrupt", f"PICT opcode {number} runs past the end of the picture")
                if op == LONG_COMMENT and size >= 4:
                    blocks.append((label, strings(data[at + 4 : at + size])))
                at += size
        except (struct.error, IndexError):
            raise NotExamined("corrupt", f"PICT opcode {number} is damaged") from None
    if runs:
        yield from views(_lines(runs))
    block = labelled((label, text) for label, text in blocks if text.strip())
    if block is not None:
        yield block


def _text(data: bytes, at: int, op: int, pen: list[int], label: str, runs: list[tuple[str, int, str]]) -> int:
    """Read one text opcode at offset at; move the pen; return the offset after it."""
    before, dh, dv = TEXT[op]
    if op == 0x28:
        pen[0], pen[1] = struct.unpack_from(">hh", data, at)
    else:
        if dh:
            pen[1] += data[at]
        if dv:
            pen[0] += data[at + dh]
    count = data[at + before]
    text = data[at + before + 1 : at + before + 1 + count]
    if len(text) < count:
        raise NotExamined("corrupt", "a PICT text opcode's string runs past the end of the picture")
    runs.append((label, pen[0], text.decode("mac_roman")))
    return at + before + 1 + count


def _lines(runs: list[tuple[str, int, str]]) -> Segment:
    text, marks = "", []
    for index, (label, baseline, run) in enumerate(runs):
        if index:
            text += SOFT if baseline == runs[index - 1][1] else "\n"
        marks.append((len(text), label))
        text += run
    return Segment(text, line=None, marks=tuple(marks))


def minimal(text: str) -> bytes:
    """Return the smallest version 2 PICT drawing text: header opcode, one LongText, OpEndPic (the canary's file)."""
    raw = text.encode("mac_roman", "replace")[:255]
    body = (V2 + b"\x0c\x00" + struct.pack(">hhiiiii", -2, 0, 72 << 16, 72 << 16, 0, 0, 0)[:24]
            + struct.pack(">HhhB", 0x28, 20, 10, len(raw)) + raw + b"\x00" * ((len(raw) + 1) % 2) + b"\x00\xff")
    return struct.pack(">Hhhhh", 0, 0, 0, 40, 400) + body
