"""Masking: what a report may show of a matched identifier or of a path that holds one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from withhold.text.spans import merge

if TYPE_CHECKING:
    from withhold.protected.hits import ProtectedList

_PIECES = re.compile(r"[^\W\d_]+|\d+|\s+|.", re.DOTALL)
# Invisible characters inside a word (the HTML reader's joiner where an inline tag stood, a soft
# hyphen): dropped first, so "Gar<b>cía</b>" masks as one word and shows one letter, not two.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
MAX_EXCERPT = 80


def mask(text: str) -> str:
    """Return text with each word reduced to its first letter and stars, every digit starred.

    "Ana García-López" -> "A** G*****-L****"; "A-123-456-789" -> "A-***-***-***".
    """
    out = []
    for piece in _PIECES.findall(_INVISIBLE.sub("", text)):
        if piece.isspace():
            out.append(" ")
        elif piece.isdigit():
            out.append("*" * len(piece))
        elif piece.isalpha():
            out.append(piece[0] + "*" * (len(piece) - 1))
        elif piece.isalnum():  # other numerals and letters: nothing shown
            out.append("*")
        else:
            out.append(piece if piece.isascii() and piece.isprintable() else "")
    masked = "".join(out)
    return masked if len(masked) <= MAX_EXCERPT else masked[: MAX_EXCERPT - 1] + "…"


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return text with each (start, end) span masked; overlapping spans are merged."""
    out, last = [], 0
    for start, end in merge(spans):
        out.append(text[last:start])
        out.append(mask(text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def mask_found(protected: ProtectedList, text: str) -> str:
    """Return text with every protected identifier the list finds in it masked (a path, a locator, a label)."""
    hits = protected.find(text)
    return mask_spans(text, [(h.start, h.end) for h in hits]) if hits else text
