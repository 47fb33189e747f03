"""Encoded layers inside text: base64 (data: URIs, values in JSON and attributes, MIME bodies) and quoted-printable.

A browser decodes a data: URI and a mail reader a MIME part, so what they hold is published as
plainly as the text around them. layers() finds each encoded run in a text and gives its bytes
back; the core scans them as text (or as a file, when they are one) and, for nested layers, looks
for layers in what it decoded, up to the settings' bounds.

A run is taken for base64 when a data: URI says so, or when it is long enough, mixes upper- and
lower-case letters with digits or "+" and "/", and decodes to text (strict UTF-8, mostly
printable) or to a file of a known kind (by its first bytes). Anything else that merely looks like
base64 (hashes, identifiers, paths) decodes to noise and is left alone.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import NamedTuple

from withhold.native import fast
from withhold.text.spans import windows

_B64_CHAR = r"(?:[A-Za-z0-9+/]|\\/)"  # JSON writes "/" as "\/"
# A data: URI with ";base64,": its media type and the run after it (MIME lines may wrap it).
_DATA_URI = re.compile(
    rf"data:([A-Za-z0-9.+/-]{{0,80}})((?:;[A-Za-z0-9.=_-]{{1,80}})*);base64,({_B64_CHAR}*={{0,2}}"
    rf"(?:\r?\n{_B64_CHAR}+={{0,2}})*)",
    re.IGNORECASE,
)
# A bare run long enough to hold a short name (ten characters and padding hold 7 bytes), lines of a MIME body joined.
_BARE_RUN = re.compile(rf"(?<![A-Za-z0-9+/\\]){_B64_CHAR}{{10,}}={{0,2}}(?:\r?\n{_B64_CHAR}{{4,}}={{0,2}})*")
# Where a bare run may start: a run of the characters it is made of (a superset of its starts, found in C).
_RUN_CHARS = re.compile(r"[A-Za-z0-9+/\\]{10,}")
_UPPER, _LOWER, _OTHER = re.compile("[A-Z]"), re.compile("[a-z]"), re.compile(r"[0-9+/]")
_QP_ESCAPE = re.compile(r"=(?:[0-9A-F]{2}|\r?\n)")
_QP_LEAST = 2  # escapes in a window: one "=20" in code is no quoted-printable text
# First bytes of the kinds of file a layer may hold (the rest is told by scan/sniff.py).
FILE_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\xd0\xcf\x11\xe0",
               b"{\\rtf", b"wOFF", b"wOF2", b"OTTO", b"\x00\x01\x00\x00", b"II*\x00", b"MM\x00*", b"RIFF")


# Media types of data: URIs that a reader of text files would not read as what they are.
MEDIA_SUFFIX = {
    "image/svg+xml": ".svg", "text/html": ".html", "application/xhtml+xml": ".html", "message/rfc822": ".eml",
}


class Layer(NamedTuple):
    """An encoded run in a text: where it stands, how it was encoded, and what it holds."""

    start: int  # offsets of the encoded run in the text
    end: int
    encoding: str  # "base64" or "quoted-printable"
    data: bytes
    media_type: str  # declared by a data: URI ("application/pdf"), else ""


class TooLarge(Exception):
    """A run would decode to more bytes than the bound allows."""


def layers(text: str, max_bytes: int) -> Iterator[Layer]:
    """Yield every encoded layer of text that decodes to text or to a file; TooLarge past max_bytes."""
    declared = []
    if "base64," in text or "BASE64," in text:
        for match in _DATA_URI.finditer(text):
            declared.append(match.span(3))
            data = _base64(match.group(3), max_bytes)
            if data is not None:
                yield Layer(*match.span(3), "base64", data, match.group(1).lower())
    for match in _bare_runs(text):
        run = match.group()
        if any(a <= match.start() < b for a, b in declared) or not _looks_base64(run):
            continue
        data = _base64(run, max_bytes)
        if data is not None and (is_text(data) or data.startswith(FILE_MAGIC)):
            yield Layer(*match.span(), "base64", data, "")
    if "=" in text:
        yield from _quoted_printable(text, max_bytes)


def _bare_runs(text: str) -> Iterator[re.Match[str]]:
    """Yield what _BARE_RUN.finditer(text) yields, but for runs that cannot look like base64 (a long word).

    Tried at every character, _BARE_RUN ran at some 16 MB/s; a run of its characters is found in C
    at twice that, and _BARE_RUN is tried only where one starts, holds upper- and lower-case letters
    and a digit or "+" or "/" (all three, or _looks_base64 refuses it) or goes on to another line.
    """
    end = 0
    for start in fast.base64_starts(text) if fast is not None else _starts_python(text):
        if start < end:
            continue
        match = _BARE_RUN.match(text, start)
        if match is not None:
            end = match.end()
            yield match


def _starts_python(text: str) -> list[int]:
    """Return where _bare_runs tries _BARE_RUN: the runs of its characters that may be base64 (in C, _fast.c)."""
    starts = []
    for candidate in _RUN_CHARS.finditer(text):
        chars = candidate.group()
        one_kind = chars.isalpha() or chars.islower() or chars.isupper()  # no digit, or one case only
        if not one_kind or _goes_on(text, candidate.end()):
            starts.append(candidate.start())
    return starts


def _goes_on(text: str, at: int) -> bool:
    """Return True when a run ending at `at` may go on to a next line ("=" padding, "\\r", then a line end)."""
    return "\n" in text[at : at + 4]


def _looks_base64(run: str) -> bool:
    return bool(_UPPER.search(run) and _LOWER.search(run) and _OTHER.search(run))


def _base64(run: str, max_bytes: int) -> bytes | None:
    compact = re.sub(r"\\(?=/)|\s", "", run)
    if len(compact) // 4 * 3 > max_bytes:
        raise TooLarge(f"{len(compact) // 4 * 3} bytes")
    compact = compact.rstrip("=")
    if len(compact) % 4 == 1:
        return None
    try:
        return base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def is_text(data: bytes) -> bool:
    """Return True when data is text: strict UTF-8 of at least 4 characters, nearly all printable."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if len(text) < 4:
        return False
    printable = sum(1 for c in text if c.isprintable() or c in "\t\r\n")
    return printable * 20 >= len(text) * 19


def _quoted_printable(text: str, max_bytes: int) -> Iterator[Layer]:
    escapes = [m.span() for m in _QP_ESCAPE.finditer(text)]
    if len(escapes) < _QP_LEAST:
        return
    for start, end in windows(text, escapes, reach=80):
        inside = sum(1 for a, _ in escapes if start <= a < end)
        if inside < _QP_LEAST:
            continue
        if end - start > max_bytes:
            raise TooLarge(f"{end - start} bytes")
        data = binascii.a2b_qp(text[start:end].encode("utf-8", "surrogatepass"))
        if data != text[start:end].encode("utf-8", "surrogatepass") and is_text(data):
            yield Layer(start, end, "quoted-printable", data, "")


def held_file(layer: Layer) -> bool:
    """Return True when a layer holds a file (a PDF, an image, an SVG page) rather than plain text."""
    kind = layer.media_type
    return layer.data.startswith(FILE_MAGIC) or kind in MEDIA_SUFFIX or (bool(kind) and not is_text(layer.data))
