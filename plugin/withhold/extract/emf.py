"""EMF pictures (Office documents embed them; sites publish them): the text they draw, their bitmaps, what they embed.

Every record is walked by its size, each size checked against the file (no record smaller than
its header, none past the end), so a hostile file cannot loop or read outside itself; the walk
ends at EMR_EOF, and a file that ends before it is incomplete. What a reader sees is read:

- text records (EMR_EXTTEXTOUTW and A, EMR_POLYTEXTOUTW and A, EMR_SMALLTEXTOUT), put back into
  lines by position (metafile.py), each run located by its record (`#record=12`);
- bitmap records (EMR_STRETCHDIBITS, EMR_BITBLT, EMR_STRETCHBLT, EMR_SETDIBITSTODEVICE and the other
  blits, pattern brushes): each is scanned as an embedded picture (`record-12.bmp`), so OCR reads it;
- comments: EMF+ records (emfplus.py), an embedded EMF, EPS or WMF, a group's description, and
  any other comment or escape by its printable runs (a private comment may carry anything).

Text drawn by glyph index names glyphs of a font, not characters: it cannot be read, and the file
is not examined, unless its EMF+ records drew the same text as characters (an EMF+ dual file).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract import emfplus
from withhold.extract.base import Context, Item, Member, labelled
from withhold.extract.metafile import CHARSETS, Run, lines, picture, uncovered
from withhold.extract.printable import strings
from withhold.extract.shortfall import Shortfall

EMR_HEADER, EMR_EOF, EMR_COMMENT, EMR_EXTCREATEFONTINDIRECTW = 1, 14, 70, 82
TEXT = {83: False, 84: True}  # EMR_EXTTEXTOUTA, EMR_EXTTEXTOUTW: wide strings?
POLY_TEXT = {96: False, 97: True}  # EMR_POLYTEXTOUTA, EMR_POLYTEXTOUTW
SMALL_TEXT = 108
ESCAPES = {105: 16, 106: 16, 110: 16}  # EMR_DRAWESCAPE, EMR_EXTESCAPE, EMR_NAMEDESCAPE: data for a device
# Records that carry a bitmap: where their offBmi, cbBmi, offBits, cbBits fields start, and their usage field.
BITMAPS = {76: (84, 80), 77: (84, 80), 78: (84, 80), 79: (96, 92), 80: (48, 64), 81: (48, 64), 114: (84, 80),
           116: (84, 80), 93: (16, 12), 94: (16, 12)}
ETO_GLYPH_INDEX, ETO_NO_RECT, ETO_SMALL_CHARS, ETO_PDY = 0x10, 0x100, 0x200, 0x2000
PLUS, PUBLIC = b"EMF+", b"GDIC"
MULTIFORMATS, WINDOWS_METAFILE, BEGIN_GROUP = 0x40000004, 0x80000001, 0x00000002
FORMATS = {b" EMF": "emf", b" ESP": "eps"}  # EmrFormat signatures as stored (0x464D4520, 0x50534520)


def is_emf(data: bytes) -> bool:
    """Return True when data starts with an EMF header record."""
    return data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF"


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    """Yield the text, pictures and embedded files of an EMF picture."""
    reader = _Reader(data, ctx)
    shortfall = Shortfall("records")
    yield from shortfall.guard(reader.walk())
    yield from reader.text()
    shortfall.check()
    if reader.plus.pending is not None:
        raise NotExamined("incomplete", "an EMF+ image ends before its last piece")
    if reader.glyphs and not reader.plus.characters:
        raise NotExamined("unsupported", f"{reader.glyphs} text record(s) drawn by glyph index: no characters to read")


class _Reader:
    def __init__(self, data: bytes, ctx: Context) -> None:
        self.data, self.ctx = data, ctx
        self.runs: list[Run] = []
        self.ansi: list[tuple[int, bytes]] = []  # single-byte strings (index in runs), read again in each code page
        self.codecs = {"cp1252"}
        self.blocks: list[tuple[str, str]] = []  # (label, text) of comments, escapes, the description
        self.glyphs = 0
        self.plus = emfplus.Plus()

    def walk(self) -> Iterator[Item]:
        data, at, number = self.data, 0, 0
        if not is_emf(data):
            raise NotExamined("corrupt", "not an EMF picture: no header record")
        while True:
            if at + 8 > len(data):
                raise NotExamined("incomplete", "the EMF picture ends before its end-of-file record")
            kind, size = struct.unpack_from("<II", data, at)
            number += 1
            if size < 8 or at + size > len(data):
                raise NotExamined("corrupt", f"EMF record {number} has a damaged size")
            if kind == EMR_EOF:
                return
            try:
                yield from self.record(kind, data[at : at + size], number)
            except (struct.error, IndexError, UnicodeDecodeError):
                raise NotExamined("corrupt", f"EMF record {number} is damaged") from None
            at += size
            if number % 4096 == 0:
                self.ctx.check_time()

    def record(self, kind: int, record: bytes, number: int) -> Iterator[Item]:
        label = f"#record={number}"
        if kind in TEXT:
            self.text_record(record, 36, TEXT[kind], label)
        elif kind in POLY_TEXT:
            (count,) = struct.unpack_from("<I", record, 36)
            for i in range(min(count, (len(record) - 40) // 40)):
                self.text_record(record, 40 + 40 * i, POLY_TEXT[kind], label)
        elif kind == SMALL_TEXT:
            self.small_text(record, label)
        elif kind in BITMAPS:
            yield from self.bitmap(kind, record, number)
        elif kind == EMR_COMMENT:
            (size,) = struct.unpack_from("<I", record, 8)
            yield from self.comment(record[12 : 12 + size], number, label)
        elif kind in ESCAPES:
            self.blocks.append((label, strings(record[ESCAPES[kind] :])))
        elif kind == EMR_EXTCREATEFONTINDIRECTW and len(record) > 35:
            self.codecs.add(CHARSETS.get(record[35], "cp1252"))
        elif kind == EMR_HEADER and len(record) >= 68:
            count, offset = struct.unpack_from("<II", record, 60)
            self.blocks.append(("#description", record[offset : offset + 2 * count].decode("utf-16-le", "replace")))

    def text_record(self, record: bytes, at: int, wide: bool, label: str) -> None:
        """Read one EmrText object at offset at: its string, reference point and advances."""
        x, y, chars, offset, options = struct.unpack_from("<iiIII", record, at)
        raw = record[offset : offset + chars * (2 if wide else 1)]
        if len(raw) < chars * (2 if wide else 1):
            raise NotExamined("corrupt", "a text record's string lies outside the record")
        if options & ETO_GLYPH_INDEX:
            self.glyphs += 1
            return
        (dx,) = struct.unpack_from("<I", record, at + 20 + (0 if options & ETO_NO_RECT else 16))
        step = 2 if options & ETO_PDY else 1
        end = None
        if 0 < dx and dx + 4 * step * chars <= len(record):
            end = x + sum(struct.unpack_from(f"<{step * chars}i", record, dx)[::step])
        self.add(Run(label, x, y, end, ""), raw, wide)

    def small_text(self, record: bytes, label: str) -> None:
        x, y, chars, options = struct.unpack_from("<iiII", record, 8)
        start = 36 + (0 if options & ETO_NO_RECT else 16)
        wide = not options & ETO_SMALL_CHARS
        raw = record[start : start + chars * (2 if wide else 1)]
        if options & ETO_GLYPH_INDEX:
            self.glyphs += 1
        else:
            self.add(Run(label, x, y, None, ""), raw, wide)

    def add(self, run: Run, raw: bytes, wide: bool) -> None:
        self.runs.append(run._replace(text=raw.decode("utf-16-le" if wide else "cp1252", "replace")))
        if not wide:
            self.ansi.append((len(self.runs) - 1, raw))

    def bitmap(self, kind: int, record: bytes, number: int) -> Iterator[Item]:
        fields, usage_at = BITMAPS[kind]
        off_bmi, cb_bmi, off_bits, cb_bits = struct.unpack_from("<IIII", record, fields)
        if not cb_bmi:
            return  # a blit with no source bitmap: a fill
        if off_bmi + cb_bmi > len(record) or off_bits + cb_bits > len(record):
            raise NotExamined("corrupt", f"the bitmap of EMF record {number} lies outside the record")
        (usage,) = struct.unpack_from("<I", record, usage_at)
        header, bits = record[off_bmi : off_bmi + cb_bmi], record[off_bits : off_bits + cb_bits]
        yield picture(f"record-{number}", header, bits, usage)

    def comment(self, data: bytes, number: int, label: str) -> Iterator[Item]:
        if data[:4] == PLUS:
            yield from self.plus.read(data[4:], number)
            return
        public = int.from_bytes(data[4:8], "little") if data[:4] == PUBLIC else None
        if public == MULTIFORMATS:
            (count,) = struct.unpack_from("<I", data, 24)
            for i in range(min(count, (len(data) - 28) // 16)):
                signature, _, size, offset = struct.unpack_from("<4sIII", data, 28 + 16 * i)
                if offset + size > len(data):
                    raise NotExamined("corrupt", f"a picture embedded in EMF record {number} lies outside it")
                yield Member(f"record-{number}-{i + 1}.{FORMATS.get(signature, 'bin')}", data[offset : offset + size])
        elif public == WINDOWS_METAFILE:
            (size,) = struct.unpack_from("<I", data, 20)
            yield Member(f"record-{number}.wmf", data[24 : 24 + size])
        elif public == BEGIN_GROUP and len(data) >= 28:
            (count,) = struct.unpack_from("<I", data, 24)
            self.blocks.append((label, data[28 : 28 + 2 * count].decode("utf-16-le", "replace")))
        else:  # a private comment, or a public one holding no text: whatever it carries, by its printable runs
            self.blocks.append((label, strings(data)))

    def text(self) -> Iterator[Item]:
        """Yield the drawn text as lines (single-byte strings again in each code page the fonts name), then the rest.

        In an EMF+ dual file the EMF records draw the EMF+ picture again: their lines the EMF+ text
        holds are left out (read once, located by the EMF+ record); any other line is read.
        """
        plus = lines(self.plus.runs)
        kept = set(range(len(self.runs)))
        if self.plus.dual and plus is not None:
            kept = uncovered(self.runs, plus.text)
        for segment in (lines(run for i, run in enumerate(self.runs) if i in kept), plus):
            if segment is not None:
                yield segment
        for codec in sorted(self.codecs - {"cp1252"}) if self.ansi else ():
            segment = lines(self.runs[i]._replace(text=raw.decode(codec, "replace")) for i, raw in self.ansi if i in kept)
            if segment is not None:
                yield segment
        block = labelled((label, text) for label, text in self.blocks if text.strip("\x00 \n"))
        if block is not None:
            yield block._replace(text=block.text.replace("\x00", " "))


def minimal(text: str) -> bytes:
    """Return the smallest EMF drawing text: a header, one EMR_EXTTEXTOUTW and EMR_EOF (the canary's file)."""
    string = text.encode("utf-16-le") + b"\x00" * (len(text) % 2 * 2)
    emrtext = struct.pack("<iiIII4iI", 0, 0, len(text), 76, 0, 0, 0, 0, 0, 0)  # a rectangle, no advances
    draw = struct.pack("<II4iIff", 84, 76 + len(string), 0, 0, 0, 0, 1, 0.0, 0.0) + emrtext + string
    end = struct.pack("<IIIII", EMR_EOF, 20, 0, 16, 20)
    header = struct.pack("<II4i4i4sIIIHHIIIiiii", EMR_HEADER, 88, 0, 0, 1, 1, 0, 0, 1, 1, b" EMF", 0x10000,
                         88 + len(draw) + len(end), 3, 1, 0, 0, 0, 0, 1, 1, 1, 1)
    return header + draw + end
