"""Which kind of file this is, by its content first and its name only to tell text formats apart.

A file named .pdf that is really HTML is read as HTML; a .docx that is not a zip is reported.
"""

from __future__ import annotations

from withhold.extract.shortfall import DOCUMENT_SUFFIXES
from withhold.text.decode import decode_bytes

# (magic at offset 0, kind). Longest first where prefixes overlap.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"PK\x07\x08", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"wOFF", "font"),
    (b"wOF2", "font"),
    (b"OTTO", "font"),
    (b"\x00\x01\x00\x00", "font"),
    (b"true", "font"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"\x00asm", "wasm"),
    (b"\xd7\xcd\xc6\x9a", "wmf"), (b"\x01\x00\x09\x00\x00\x03", "wmf"), (b"\x02\x00\x09\x00\x00\x03", "wmf"),
)
_BMP_HEADERS = (12, 40, 52, 56, 64, 108, 124)  # sizes of the DIB header that follows "BM"
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
SVG_SUFFIXES = (".svg",)
PICT_SUFFIXES = (".pict", ".pct", ".pic")  # a PICT has no magic of its own: its name says to look
EMAIL_SUFFIXES = (".eml", ".mht", ".mhtml")  # text in transfer encodings: read by its MIME structure


def sniff(name: str, data: bytes) -> str:
    """Return the kind of a file: a key of the extractor registry, or a name for an unread kind."""
    if name.lower().endswith(DOCUMENT_SUFFIXES) and not data[:4096].strip(b"\x00 \t\r\n") and not data.strip(b"\x00 \t\r\n"):
        return "empty"  # named as a document, holds nothing: never "examined"
    head = data[:16]
    if head.startswith(b"\x01\x00\x00\x00") and data[40:44] == b" EMF":
        return "emf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "font" and not name.lower().endswith((".ttf", ".otf", ".woff", ".woff2", ".ttc")) and magic == b"true":
                continue
            return kind
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM") and len(data) >= 18 and int.from_bytes(data[14:18], "little") in _BMP_HEADERS:
        return "bmp"
    if len(data) > 262 and data[257:262] == b"ustar":
        return "tar"
    if data[4:12] in (b"ftypavif", b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "heif"
    if b"%PDF-" in data[:1024]:  # readers accept junk before the header
        return "pdf"
    lower = name.lower()
    if lower.endswith(PICT_SUFFIXES) and any(data[at + 10 : at + 14] == b"\x00\x11\x02\xff" or data[at + 10 : at + 12] == b"\x11\x01"
                                             for at in (0, 512)):
        return "pict"  # a version opcode after the size and frame, with the file's 512-byte header or without
    if lower.endswith(EMAIL_SUFFIXES) and decode_bytes(data[:8192]) is not None:
        return "email"
    if lower.endswith(HTML_SUFFIXES) or lower.endswith(SVG_SUFFIXES):
        return "html"
    if decode_bytes(data[:8192]) is None:
        return "binary"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<svg")) or (
        head.startswith(b"<?xml") and (b"<svg" in head or b"<html" in head)
    ):
        return "html"
    return "text"
