"""Images: the text metadata a reader can pull out (EXIF, XMP, IPTC, PNG text, JPEG and GIF comments), then the pixels.

The pixels of PNG, JPEG, GIF, TIFF, WebP and BMP are read by OCR (pixels.py: triage, every frame
and page, fail closed without an engine). An icon file's pictures are too small to hold a
legible name: its PNG icons are read as embedded files, and the ledger says "metadata only". Each container is walked
by its own structure (PNG chunks, JPEG segments, GIF blocks, RIFF chunks, TIFF directories) and
every metadata block found is read: XMP as XML, EXIF by its directory entries, and any other block
by the printable runs it holds (ASCII, UTF-8, UTF-16), so a text field nobody listed is still read.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member, Partial, Segment
from withhold.extract.gzip import inflate
from withhold.extract.pixels import read_picture
from withhold.extract.printable import strings
from withhold.extract.xmltext import Rules, read_xml

NOTE = "metadata only: icons are too small to hold legible text"
XMP_SIGNATURES = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00", b"XMP DataXMP")
MAX_IFDS = 256
# TIFF directory entry types that hold text or opaque bytes (BYTE, ASCII, UNDEFINED) and the
# tags whose LONG values point to further directories (EXIF, GPS, interoperability, SubIFDs).
_TEXT_TYPES = {1, 2, 7}
_POINTERS = {0x8769, 0x8825, 0xA005, 0x014A}


def _block(text: str, where: str) -> Iterator[Item]:
    if text.strip():
        yield Segment(text, where=where, line=None)


def tiff_text(data: bytes, ctx: Context) -> str:
    """Return the text of every BYTE, ASCII and UNDEFINED entry of a TIFF/EXIF structure."""
    if data[:2] not in (b"II", b"MM"):
        return ""
    order = "<" if data[:2] == b"II" else ">"
    out: list[str] = []
    todo = [struct.unpack_from(order + "I", data, 4)[0]] if len(data) >= 8 else []
    seen: set[int] = set()
    while todo and len(seen) < MAX_IFDS:
        offset = todo.pop()
        if offset in seen or offset + 2 > len(data) or offset < 8:
            continue
        seen.add(offset)
        (count,) = struct.unpack_from(order + "H", data, offset)
        for i in range(min(count, 4096)):
            at = offset + 2 + 12 * i
            if at + 12 > len(data):
                break
            tag, kind, n, value = struct.unpack_from(order + "HHII", data, at)
            if tag in _POINTERS and kind in (4, 13):
                todo.extend([value] if n == 1 else list(struct.unpack_from(order + f"{min(n, 64)}I", data, value)) if value + 4 * min(n, 64) <= len(data) else [])
            elif kind in _TEXT_TYPES and n:
                raw = data[at + 8 : at + 8 + n] if n <= 4 else data[value : value + n]
                out.append(strings(raw))
        ctx.check_time()
        if offset + 2 + 12 * count + 4 <= len(data):
            todo.append(struct.unpack_from(order + "I", data, offset + 2 + 12 * count)[0])
    return "\n".join(t for t in out if t)


def _xmp(block: bytes, ctx: Context) -> Iterator[Item]:
    start = block.find(b"<")
    if start >= 0:
        yield from read_xml(io.BytesIO(block[start:]), ctx, Rules("#xmp"), recover=True)


def _png(data: bytes, ctx: Context) -> Iterator[Item]:
    at = 8
    while at + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, at)
        body = data[at + 8 : at + 8 + size]
        at += 12 + size
        if kind == b"tEXt":
            key, _, text = body.partition(b"\x00")
            yield from _block(f"{key.decode('latin-1')}\n{text.decode('latin-1')}", "#png-text")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\x00")
            yield from _block(f"{key.decode('latin-1')}\n{inflate(rest[1:], ctx, zlib.MAX_WBITS).decode('latin-1')}", "#png-text")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\x00")
            compressed, rest = rest[:1] == b"\x01", rest[2:]
            language, _, rest = rest.partition(b"\x00")
            translated, _, text = rest.partition(b"\x00")
            if compressed:
                text = inflate(text, ctx, zlib.MAX_WBITS)
            if key == b"XML:com.adobe.xmp":
                yield from _xmp(text, ctx)
            else:
                yield from _block("\n".join(x.decode("utf-8", "replace") for x in (key, translated, text)), "#png-text")
        elif kind == b"eXIf":
            yield from _block(tiff_text(body, ctx), "#exif")
        elif kind == b"IEND":
            break


def _app(marker: int, body: bytes, ctx: Context) -> Iterator[Item]:
    if body.startswith(b"Exif\x00"):
        yield from _block(tiff_text(body[6:], ctx), "#exif")
    elif body.startswith(XMP_SIGNATURES):
        yield from _xmp(body, ctx)
    elif marker == 0xFE:
        yield from _block(strings(body), "#comment")
    else:
        yield from _block(strings(body), "#iptc" if body.startswith(b"Photoshop") else f"#app{marker - 0xE0}")


def _jpeg(data: bytes, ctx: Context) -> Iterator[Item]:
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            at += 1 if marker == 0xFF else 2
            continue
        if marker in (0xDA, 0xD9):
            break  # pixel data follows
        (size,) = struct.unpack_from(">H", data, at + 2)
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            yield from _app(marker, data[at + 4 : at + 2 + size], ctx)
        at += 2 + size


def _gif(data: bytes, ctx: Context) -> Iterator[Item]:
    at = 13 + (3 << ((data[10] & 7) + 1) if len(data) > 10 and data[10] & 0x80 else 0)
    while at < len(data):
        kind = data[at]
        if kind == 0x3B:
            break
        if kind == 0x2C:
            flags = data[at + 9] if at + 9 < len(data) else 0
            at += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            label = None
        elif kind == 0x21 and at + 1 < len(data):
            label, at = data[at + 1], at + 2
        else:
            raise NotExamined("corrupt", "damaged GIF block structure")
        body = bytearray()
        while at < len(data) and data[at]:
            body += data[at + 1 : at + 1 + data[at]]
            at += 1 + data[at]
        at += 1
        if label == 0xFE:
            yield from _block(strings(bytes(body)), "#comment")
        elif label in (0x01, 0xFF):
            block = bytes(body)
            yield from _xmp(block, ctx) if block.startswith(b"XMP DataXMP") else _block(strings(block), "#gif-text")
        ctx.check_time()


def _webp(data: bytes, ctx: Context) -> Iterator[Item]:
    at = 12
    while at + 8 <= len(data):
        kind, size = struct.unpack_from("<4sI", data, at)
        body = data[at + 8 : at + 8 + size]
        at += 8 + size + (size & 1)
        if kind == b"EXIF":
            yield from _block(tiff_text(body[6:] if body.startswith(b"Exif") else body, ctx), "#exif")
        elif kind == b"XMP ":
            yield from _xmp(body, ctx)


def _ico(data: bytes, ctx: Context) -> Iterator[Item]:
    (count,) = struct.unpack_from("<H", data, 4)
    for i in range(min(count, 256)):
        if 6 + 16 * i + 16 > len(data):
            break
        size, offset = struct.unpack_from("<II", data, 6 + 16 * i + 8)
        if data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n":
            yield Member(f"icon-{i + 1}.png", data[offset : offset + size])


READERS = {"png": _png, "jpeg": _jpeg, "gif": _gif, "tiff": lambda d, c: _block(tiff_text(d, c), "#exif"),
           "webp": _webp, "ico": _ico, "bmp": lambda d, c: iter(())}


def reader(kind: str):  # type: ignore[no-untyped-def]
    """Return the extractor for one image kind (a key of READERS)."""

    def extract(data: bytes, ctx: Context) -> Iterator[Item]:
        try:
            yield from READERS[kind](data, ctx)
        except (struct.error, IndexError):
            raise NotExamined("corrupt", f"damaged {kind} structure") from None
        if kind == "ico":
            yield Partial(NOTE)
        else:
            yield from read_picture(data, ctx)

    return extract


extract_png, extract_jpeg, extract_gif = reader("png"), reader("jpeg"), reader("gif")
extract_tiff, extract_webp, extract_ico = reader("tiff"), reader("webp"), reader("ico")
extract_bmp = reader("bmp")
