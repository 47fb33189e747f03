"""Decoding the encodings formats apply to text: bytes to str, and escapes inside text.

A decoded view never adds or removes a line break, so a hit in it keeps its line number.
"""

from __future__ import annotations

import codecs
import html
import json
import re
import urllib.parse

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Escapes formats put in text, one pattern per leading character: escapes() finds them with each
# (a literal first is found fast; one combined alternation ran at a fifth of the speed), and
# decoded_view() rewrites them with the combination of the same patterns.
_ESCAPE_STARTS = tuple(
    (lead, re.compile(pattern))
    for lead, pattern in (
        ("\\", r"(?:\\u[0-9a-fA-F]{4})+|\\x[0-9a-fA-F]{2}|\\[nrtbf/\\\"']"),
        ("&", r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"),
        ("%", r"(?:%[0-9A-Fa-f]{2})+"),
    )
)
_ESCAPE = re.compile("|".join(pattern.pattern for _, pattern in _ESCAPE_STARTS))
# UTF-8 text that was once decoded as Windows-1252 ("GarcÃ­a"): a lead char then 1-3 trail chars.
_CP1252_TRAIL = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_TRAIL}]{{1,3}}")
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})


def text_codec(head: bytes) -> tuple[str, int] | None:
    """Return (codec, bytes of BOM to skip) for text starting with head, or None if it is binary.

    For streaming a large file: decided on its first bytes, as decode_bytes decides on all of them.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return codec, len(bom)
    text = decode_bytes(head)
    if text is None:
        return None
    if b"\x00" in head:
        return ("utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"), 0
    try:
        head.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the head is still UTF-8.
        return ("utf-8", 0) if exc.start >= len(head) - 3 or _UTF8_MULTIBYTE.search(head) else ("cp1252", 0)


def decode_bytes(data: bytes) -> str | None:
    """Return the text of data (BOM, UTF-32/16, UTF-8, else Windows-1252), or None if it is binary."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    sample = data[:8192]
    if b"\x00" in sample:
        return _bomless_utf16(data, sample)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        return None
    if _UTF8_MULTIBYTE.search(sample):
        return data.decode("utf-8", "replace")
    return data.decode("cp1252", "replace")


def _bomless_utf16(data: bytes, sample: bytes) -> str | None:
    half = max(1, len(sample) // 2)
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    codec = "utf-16-le" if odd_zeros > 0.4 * half and even_zeros < 0.05 * half else None
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        codec = "utf-16-be"
    if codec is None:
        return None
    text = data[: len(data) // 2 * 2].decode(codec, "replace")
    return None if text.count("\ufffd") > len(text) // 100 else text


def _unescape(match: re.Match[str]) -> str:
    piece = match.group()
    try:
        if piece.startswith("\\u"):
            out = json.loads(f'"{piece}"')
        elif piece.startswith("\\x"):
            out = chr(int(piece[2:], 16))
        elif piece.startswith("\\"):
            out = {"n": " ", "r": " ", "t": " ", "b": " ", "f": " "}.get(piece[1], piece[1])
        elif piece.startswith("&"):
            out = html.unescape(piece)
        else:
            out = urllib.parse.unquote(piece, errors="strict")
    except (ValueError, UnicodeDecodeError):
        out = urllib.parse.unquote(piece, encoding="cp1252", errors="replace") if piece.startswith("%") else piece
    return out.translate(_LINE_BREAKS)


def _unmojibake(match: re.Match[str]) -> str:
    piece = match.group()
    try:
        return piece.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return piece


def escapes(text: str) -> list[tuple[int, int]]:
    """Return the spans of every escape sequence and mojibake run in text."""
    spans = [m.span() for lead, pattern in _ESCAPE_STARTS if lead in text for m in pattern.finditer(text)]
    if not text.isascii():
        spans += [m.span() for m in _MOJIBAKE.finditer(text)]
    spans.sort()
    return spans


def decoded_view(text: str) -> str | None:
    """Return text with escapes (JSON, JavaScript, HTML entities, percent) and mojibake decoded.

    Twice, for text encoded twice. None when there was nothing to decode.
    """
    out = text
    for _ in range(2):
        step = _MOJIBAKE.sub(_unmojibake, _ESCAPE.sub(_unescape, out))
        if step == out:
            break
        out = step
    return None if out == text else out
