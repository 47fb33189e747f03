"""Normalisation: the one function applied alike to protected entries and to scanned text.

The rules are specified, with a golden example each, in docs/normalization.md. In short, every
character is folded on its own (compatibility decomposition, case folding, marks and invisible
format characters dropped, a few letters transliterated), anything that is not a letter or a digit
becomes a separator, and runs of separators collapse to one space. Because the fold is per
character, an exact map back to the original text can be rebuilt whenever a hit needs a locator.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from withhold.memo import Memo
from withhold.native import fast
from withhold.text.spans import Stretched, cuts

# Bump whenever a rule changes: caches and sealed lists record it and are rebuilt on mismatch.
VERSION = 2

# Letters that carry no combining mark to drop but that people transliterate anyway.
_TRANSLITERATE = {
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k", "ſ": "s", "ƒ": "f",
}

# ASCII letters to lower case, every other ASCII byte to a space; bytes >= 0x80 (UTF-8 of the
# already folded non-ASCII text) are left alone.
_ASCII_TABLE = bytes(
    (b | 0x20 if 65 <= b <= 90 else b) if chr(b).isalnum() or b >= 128 else 32 for b in range(256)
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_RUN = re.compile(r"[A-Za-z0-9]+|[^\x00-\x7f]+")


# A pure function of one character: memoising it is safe and is what makes non-ASCII text cheap.
@functools.lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """Return what one non-ASCII character becomes: word characters, " " for a separator, "" if it vanishes."""
    out = []
    for d in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold()):
        category = unicodedata.category(d)
        if category[0] == "M" or category == "Cf":
            continue
        d = _TRANSLITERATE.get(d, d)
        out.append(d if d.isalnum() else " ")
    return "".join(out)


def _fold_run(match: re.Match[str]) -> str:
    return "".join(map(fold_char, match.group()))


# Invisible characters common enough to drop in C before the per-run fold: the word joiner that
# the HTML reader's view puts in place of inline tags, zero-width space, soft hyphen.
_COMMON_INVISIBLE = ("\u2060", "\u200b", "\xad")


def normalize(text: str) -> str:
    """Return the normalised form of text: lower-case folded tokens joined by single spaces."""
    if not text.isascii():
        for char in _COMMON_INVISIBLE:
            if char in text:
                text = text.replace(char, "")
        if not text.isascii():
            text = _NON_ASCII.sub(_fold_run, text)
    data = text.encode("utf-8", "surrogatepass").translate(_ASCII_TABLE)
    return b" ".join(data.split()).decode("utf-8", "surrogatepass")


def tokens(text: str) -> list[str]:
    """Return the normalised tokens of text."""
    return normalize(text).split(" ") if text else []


_ASCII_WORD = re.compile(r"([A-Za-z0-9]+)")
LETTER, VANISHING = 1, 2  # a non-ASCII character's part in a token (_word_classes); a separator has none


class _Words(NamedTuple):
    """How a text whose non-ASCII characters are one set cuts into tokens: in C, or by a regex."""

    classes: dict[int, int]  # code point -> LETTER or VANISHING, for _fast.token_spans
    pattern: re.Pattern[str]  # the same tokens, for _spans


_ASCII = _Words({}, _ASCII_WORD)
_WORD_PATTERNS: dict[frozenset[str], _Words | None] = {}


def token_spans(text: str, at: int = 0) -> list[tuple[int, int]]:
    """Return, for each token of normalize(text), its (start, end) offsets in text (plus at).

    In C where it is built, else one regex over the text, both made for the non-ASCII characters
    it holds (each letter, mark or separator as fold_char says); a text with a character that folds
    to letters and separators at once ("½") takes the character-by-character walk, which the
    others are tested against.
    """
    if text.isascii():
        words: _Words | None = _ASCII
    else:
        chars = frozenset("".join(_NON_ASCII.findall(text)))
        if chars not in _WORD_PATTERNS:
            if len(_WORD_PATTERNS) > 4096:
                _WORD_PATTERNS.clear()
            _WORD_PATTERNS[chars] = _words(chars)
        words = _WORD_PATTERNS[chars]
    if words is None:
        return [(a + at, b + at) for a, b in token_spans_walk(text)] if at else token_spans_walk(text)
    if fast is not None:
        return fast.token_spans(text, at, words.classes)
    return _spans(words.pattern, text, at)


def _spans(word: re.Pattern[str], text: str, at: int) -> list[tuple[int, int]]:
    """Return the spans of word's matches in text (plus at), in C: split around them, add up the lengths of the pieces."""
    edges = list(itertools.accumulate(map(len, word.split(text)), initial=at))
    return list(zip(edges[1:-1:2], edges[2::2]))


def _words(chars: frozenset[str]) -> _Words | None:
    """Return how a text whose non-ASCII characters are chars cuts into tokens, or None if one is mixed.

    A token starts at a letter or digit and runs over letters, digits and vanishing characters
    (a mark or joiner stays inside its token, or ends it); anything else separates.
    """
    classes: dict[int, int] = {}
    for char in sorted(chars):
        if "\ud800" <= char <= "\udfff":
            return None  # a lone surrogate: the walk's reading
        folded = fold_char(char)
        if not folded:
            classes[ord(char)] = VANISHING
        elif " " not in folded:
            classes[ord(char)] = LETTER
        elif folded.strip(" "):
            return None  # letters and a separator from one character
    letters = "".join(re.escape(chr(c)) for c, part in classes.items() if part == LETTER)
    vanishing = "".join(re.escape(chr(c)) for c, part in classes.items() if part == VANISHING)
    word = "A-Za-z0-9" + letters
    return _Words(classes, re.compile(f"([{word}][{word}{vanishing}]*)"))


def token_spans_walk(text: str) -> list[tuple[int, int]]:
    """Return token_spans(text), found character by character (a Python step per non-ASCII character)."""
    spans: list[tuple[int, int]] = []
    start = end = -1
    for match in _RUN.finditer(text):
        s, e = match.span()
        if text[s] < "\x80":
            if start >= 0 and end == s:
                end = e
            else:
                if start >= 0:
                    spans.append((start, end))
                start, end = s, e
            continue
        for i in range(s, e):
            folded = fold_char(text[i])
            if not folded:
                if start >= 0 and end == i:
                    end = i + 1  # a vanishing mark or joiner stays inside its token
                continue
            for ch in folded:
                if ch == " ":
                    if start >= 0:
                        spans.append((start, end))
                        start = -1
                elif start >= 0 and end in (i, i + 1):
                    end = i + 1
                else:
                    if start >= 0:
                        spans.append((start, end))
                    start, end = i, i + 1
    if start >= 0:
        spans.append((start, end))
    return spans


def token_edges(text: str, wanted: int, chunk: int = 1024) -> Sequence[tuple[int, int]]:
    """Return token_spans(text) for a caller that asks about `wanted` tokens: all listed at once when
    that many would reach about every stretch of `chunk` characters anyway (a page of a large leak),
    else TokenSpans, which lists only the stretches asked about."""
    return token_spans(text) if wanted * chunk >= len(text) else TokenSpans(text, chunk)


class TokenSpans(Stretched[tuple[int, int]]):
    """token_spans(text), worked out only for the stretches of text a caller asks about.

    A text with hits needs the edges of a few of its tokens (where each hit starts and ends, and
    what joins them), but a page holds tens of thousands, and reading every edge costs seven times
    normalising the page (Python objects per token). The text is cut at spaces into stretches of
    about `chunk` characters; each stretch's tokens are counted by normalising it (in C: tokens
    never cross a space, and a stretch's tokens are the text's own, in order); the edges of a
    stretch are read, once, when one of its tokens is asked for.
    """

    def __init__(self, text: str, chunk: int = 1024) -> None:
        self.text = text
        self._cuts = cuts(text, chunk)
        super().__init__(_count(text[lo:hi]) for lo, hi in itertools.pairwise(self._cuts))

    def listed(self, stretch: int) -> list[tuple[int, int]]:
        lo = self._cuts[stretch]
        return token_spans(self.text[lo : self._cuts[stretch + 1]], lo)


def _shape(code: int) -> str:
    """Return what one character is to a token count: "a" for each letter or digit it folds to, " " for each separator."""
    return "".join(" " if ch == " " else "a" for ch in fold_char(chr(code)))


# Each character's shape, by code point (str.translate asks by code point): tokens are its runs of "a".
_SHAPES: Memo[int, str] = Memo(_shape, 65536)
_SHAPES.update((b, "a" if chr(b).isalnum() else " ") for b in range(128))
_ASCII_SHAPES = bytes(97 if b < 128 and chr(b).isalnum() else 32 for b in range(256))


def _count(text: str) -> int:
    """Return len(token_spans(text)), in C: the runs of letters and digits of text's shape."""
    if not text.isascii():
        for char in _COMMON_INVISIBLE:  # the HTML view's joiners: often the only non-ASCII a page holds
            if char in text:
                text = text.replace(char, "")
    if text.isascii():
        data = text.encode("ascii").translate(_ASCII_SHAPES)
        return data.count(b" a") + data.startswith(b"a")
    shape = text.translate(_SHAPES)  # a dict lookup a character, in C
    return shape.count(" a") + shape.startswith("a")
