"""WMF pictures (Office 97-2003 clip art, older charts, pictures sites still publish): text, bitmaps, embedded EMF.

The walk is bounded as emf.py's is: every record's size (in 16-bit words) is checked against the
file, and the walk ends at the end-of-file record; a file that ends before it is incomplete.

- text: META_TEXTOUT and META_EXTTEXTOUT draw single-byte strings in the code page of the font's
  character set; they are read in Windows-1252 and again in each code page the file's fonts name;
- bitmaps: META_STRETCHDIB, META_DIBSTRETCHBLT, META_DIBBITBLT, META_SETDIBTODEV and DIB pattern
  brushes are scanned as embedded pictures (`record-12.bmp`), and so are device-dependent bitmaps
  (META_BITBLT, META_STRETCHBLT) whose colours are clear (monochrome, 24 or 32 bits); one that
  takes its colours from the device's palette is not read, and the file is not examined;
- escapes: an EMF the file carries in its comment escapes (as Office writes it) is joined and
  read as an embedded EMF; any other escape is read by its printable runs.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member, labelled
from withhold.extract.metafile import CHARSETS, Run, device_bitmap, lines, packed
from withhold.extract.printable import strings
from withhold.extract.shortfall import Shortfall

PLACEABLE = b"\xd7\xcd\xc6\x9a"
META_EOF, TEXTOUT, EXTTEXTOUT, ESCAPE, CREATEFONTINDIRECT = 0x0000, 0x0521, 0x0A32, 0x0626, 0x02FB
# Records that carry a DIB: where it starts, and where their colour-usage field is (None: colours are RGB).
DIBS = {0x0940: (22, None), 0x0B41: (26, None), 0x0F43: (28, 10), 0x0D33: (24, 6)}
BLITS = (0x0940, 0x0B41)  # META_DIBBITBLT, META_DIBSTRETCHBLT: a record of (function >> 8) + 3 words holds no bitmap
DIB_BRUSH, BS_PATTERN = 0x0142, 3
DDBS = {0x0922: 22, 0x0B23: 26}  # META_BITBLT, META_STRETCHBLT: where their Bitmap16 (the device's layout) starts
ETO_OPAQUE, ETO_CLIPPED, ETO_GLYPH_INDEX = 0x2, 0x4, 0x10
MFCOMMENT, WMFC = 0x000F, b"WMFC"


def is_wmf(data: bytes) -> bool:
    """Return True when data starts with a WMF header, placeable or not."""
    return data[:4] == PLACEABLE or (data[:2] in (b"\x01\x00", b"\x02\x00") and data[2:4] == b"\x09\x00"
                                     and data[4:6] in (b"\x00\x01", b"\x00\x03"))


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    """Yield the text, pictures and embedded EMF of a WMF picture."""
    reader = _Reader(ctx)
    shortfall = Shortfall("records")
    yield from shortfall.guard(reader.walk(data))
    yield from reader.text()
    shortfall.check()
    if reader.glyphs:
        raise NotExamined("unsupported", f"{reader.glyphs} text record(s) drawn by glyph index: no characters to read")


class _Reader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.runs: list[tuple[Run, bytes]] = []
        self.codecs = {"cp1252"}
        self.blocks: list[tuple[str, str]] = []
        self.glyphs = 0
        self.emf = bytearray()  # the pieces of an EMF carried in comment escapes

    def walk(self, data: bytes) -> Iterator[Item]:
        if not is_wmf(data):
            raise NotExamined("corrupt", "not a WMF picture: no header")
        at = 22 if data[:4] == PLACEABLE else 0
        if at + 18 > len(data) or struct.unpack_from("<H", data, at + 2)[0] != 9:
            raise NotExamined("corrupt", "the WMF header is damaged")
        at, number = at + 18, 0
        while True:
            if at + 6 > len(data):
                raise NotExamined("incomplete", "the WMF picture ends before its end-of-file record")
            words, function = struct.unpack_from("<IH", data, at)
            number += 1
            if words < 3 or at + 2 * words > len(data):
                raise NotExamined("corrupt", f"WMF record {number} has a damaged size")
            if function == META_EOF:
                break
            try:
                yield from self.record(function, data[at : at + 2 * words], number)
            except (struct.error, IndexError):
                raise NotExamined("corrupt", f"WMF record {number} is damaged") from None
            at += 2 * words
            if number % 4096 == 0:
                self.ctx.check_time()
        if self.emf:
            yield Member("escape.emf", bytes(self.emf))

    def record(self, function: int, record: bytes, number: int) -> Iterator[Item]:
        label = f"#record={number}"
        if function == TEXTOUT:
            (length,) = struct.unpack_from("<H", record, 6)
            after = 8 + length + (length & 1)
            y, x = struct.unpack_from("<hh", record, after)
            self.add(Run(label, x, y, None, ""), record[8 : 8 + length], length)
        elif function == EXTTEXTOUT:
            y, x, length, options = struct.unpack_from("<hhHH", record, 6)
            start = 14 + (8 if options & (ETO_OPAQUE | ETO_CLIPPED) else 0)
            if options & ETO_GLYPH_INDEX:
                self.glyphs += 1
                return
            dx = start + length + (length & 1)
            end = x + sum(struct.unpack_from(f"<{length}h", record, dx)) if dx + 2 * length <= len(record) else None
            self.add(Run(label, x, y, end, ""), record[start : start + length], length)
        elif function in DIBS:
            start, usage_at = DIBS[function]
            if function in BLITS and len(record) // 2 == (function >> 8) + 3:
                return  # the variant of a blit with no bitmap: a fill
            usage = 0 if usage_at is None else struct.unpack_from("<H", record, usage_at)[0]
            yield packed(f"record-{number}", record[start:], usage)
        elif function == DIB_BRUSH:
            style, usage = struct.unpack_from("<HH", record, 6)
            if style != BS_PATTERN:  # BS_PATTERN holds an 8x8 device bitmap: too small for text
                yield packed(f"record-{number}", record[10:], usage)
        elif function in DDBS and len(record) // 2 != (function >> 8) + 3:
            at = DDBS[function]
            _, width, height, stride, planes, depth = struct.unpack_from("<hhhHBB", record, at)
            yield device_bitmap(f"record-{number}", width, abs(height), stride, planes, depth, record[at + 10 :])
        elif function == ESCAPE:
            self.escape(record, label)
        elif function == CREATEFONTINDIRECT and len(record) > 19:
            self.codecs.add(CHARSETS.get(record[19], "cp1252"))

    def add(self, run: Run, raw: bytes, length: int) -> None:
        if len(raw) < length:
            raise NotExamined("corrupt", "a text record's string lies outside the record")
        self.runs.append((run, raw))

    def escape(self, record: bytes, label: str) -> None:
        escape, count = struct.unpack_from("<HH", record, 6)
        body = record[10 : 10 + count]
        if escape == MFCOMMENT and body[:4] == WMFC and len(body) >= 34:
            self.emf.extend(body[34:])  # a piece of an EMF: EnhancedMetafileData after the chunk's header
        else:
            self.blocks.append((label, strings(body)))

    def text(self) -> Iterator[Item]:
        """Yield the drawn text as lines, in each code page the fonts name, then the escapes' printable runs."""
        for codec in sorted(self.codecs):
            segment = lines(run._replace(text=raw.decode(codec, "replace")) for run, raw in self.runs)
            if segment is not None:
                yield segment
        block = labelled((label, text) for label, text in self.blocks if text.strip())
        if block is not None:
            yield block


def minimal(text: str) -> bytes:
    """Return the smallest WMF drawing text: a header, one META_TEXTOUT and META_EOF (the canary's file)."""
    raw = text.encode("cp1252", "replace")
    raw += b"\x00" * (len(raw) & 1)
    draw = struct.pack("<IHH", 3 + 1 + len(raw) // 2 + 2, TEXTOUT, len(raw)) + raw + struct.pack("<hh", 0, 0)
    body = draw + struct.pack("<IH", 3, META_EOF)
    return struct.pack("<HHHIHIH", 1, 9, 0x0300, 9 + len(body) // 2, 0, len(draw) // 2, 0) + body
