"""Fonts (TrueType, OpenType, WOFF, WOFF2): the strings of the name table.

A font's only free text is its name table (family, designer, copyright, licence, description),
so that is what is read. Glyph outlines are drawings, not text: the ledger says "metadata only".
WOFF tables are inflated one by one and WOFF2's single Brotli stream in bounded steps, both within
the size and ratio limits.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

import brotli

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Partial, Segment
from withhold.extract.gzip import inflate

NOTE = "metadata only: the name table is read, glyphs are drawings"
# WOFF2's known-table index (W3C WOFF2, 5.1), for tables whose tag is not spelled out.
_KNOWN = (
    "cmap head hhea hmtx maxp name OS/2 post cvt  fpgm glyf loca prep CFF  VORG EBDT EBLC gasp hdmx kern LTSH PCLT "
    "VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC COLR CPAL SVG  sbix acnt avar bdat bloc bsln cvar "
    "fdsc feat fmtx fvar gvar hsty just lcar mort morx opbd prop trak Zapf Silf Glat Gloc Feat Sill"
)
KNOWN = [_KNOWN[i : i + 5][:4].encode("latin-1") for i in range(0, len(_KNOWN), 5)]


def names(table: bytes) -> str:
    """Return every string of a name table, one a line."""
    count, base = struct.unpack_from(">HH", table, 2)
    out = []
    for i in range(min(count, 4096)):
        platform, _, _, _, length, offset = struct.unpack_from(">6H", table, 6 + 12 * i)
        raw = table[base + offset : base + offset + length]
        out.append(raw.decode("utf-16-be", "replace") if platform in (0, 3) else raw.decode("mac_roman", "replace"))
    return "\n".join(out)


def _sfnt(data: bytes) -> bytes | None:
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(min(count, 1024)):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"name":
            return data[offset : offset + length]
    return None


def _woff(data: bytes, ctx: Context) -> bytes | None:
    (count,) = struct.unpack_from(">H", data, 12)
    for i in range(min(count, 1024)):
        tag, offset, packed, length, _ = struct.unpack_from(">4sIIII", data, 44 + 20 * i)
        if tag == b"name":
            body = data[offset : offset + packed]
            return inflate(body, ctx, zlib.MAX_WBITS) if packed < length else body
    return None


def _base128(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(5):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    raise NotExamined("corrupt", "bad number in a WOFF2 table directory")


def _woff2(data: bytes, ctx: Context) -> bytes | None:
    count, _, _, packed = struct.unpack_from(">HHII", data, 12)
    at, place, found = 48, 0, None
    for _ in range(count):
        flags = data[at]
        at += 1
        tag = data[at : at + 4] if flags & 0x3F == 0x3F else KNOWN[flags & 0x3F] if flags & 0x3F < len(KNOWN) else b"????"
        at += 4 if flags & 0x3F == 0x3F else 0
        length, at = _base128(data, at)
        version = flags >> 6
        transformed = (version == 0) if tag in (b"glyf", b"loca") else version != 0
        if transformed:
            length, at = _base128(data, at)
        if tag == b"name":
            found = (place, length)
        place += length
    if found is None:
        return None
    if data[4:8] == b"ttcf":
        raise NotExamined("unsupported", "WOFF2 font collections have no reader here")
    need = found[0] + found[1]
    if need > min(ctx.settings.max_member_bytes, max(len(data), 1) * ctx.settings.max_ratio):
        raise NotExamined("bomb", "the font expands past the size or ratio limit")
    # Inflate only up to the end of the name table, in steps: never more than need + one step.
    engine, out, rest = brotli.Decompressor(), bytearray(), data[at : at + packed]
    try:
        while len(out) < need and not engine.is_finished():
            chunk = engine.process(rest, output_buffer_limit=1 << 20)
            rest = b""
            if not chunk and engine.can_accept_more_data():
                break  # input used up before the table's end
            out += chunk
            ctx.check_time()
    except brotli.error:
        raise NotExamined("corrupt", "damaged WOFF2 compressed data") from None
    if len(out) < need:
        raise NotExamined("corrupt", "truncated WOFF2 font")
    return bytes(out[found[0] : found[0] + found[1]])


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    try:
        table = _woff(data, ctx) if data[:4] == b"wOFF" else _woff2(data, ctx) if data[:4] == b"wOF2" else _sfnt(data)
        text = names(table) if table else ""
    except (struct.error, IndexError):
        raise NotExamined("corrupt", "damaged font tables") from None
    if text.strip():
        yield Segment(text, where="#name-table", line=None)
    yield Partial(NOTE)
