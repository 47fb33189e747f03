"""Spans of text: merging them, widening them to whole words, and where a line ends without a newline."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Iterable, Sequence
from typing import TypeVar, overload

from withhold.native import fast

T = TypeVar("T")

# Ends a logical line without being a line break: extractors put it where a block of text ends
# (an HTML paragraph, a table row) but the source has no newline. A separator to normalisation.
LINE_END = "\x1e"
# Stands between identifiers that never form one name (the class names of an HTML class list):
# a separator to normalisation, and a break no name spans (text/code.py).
NAME_BREAK = "\x1d"

# A run of letters and digits longer than this is no name: a word edge is looked for only this far.
LONGEST_WORD = 256


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return spans sorted, with overlapping or touching ones merged into one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def word_start(text: str, at: int, floor: int = 0) -> int:
    """Return at moved back to the start of the word it stands in (not below floor, at most LONGEST_WORD).

    A cut there never leaves a word's tail to pose as a whole word.
    """
    for _ in range(LONGEST_WORD):
        if at <= floor or not text[at - 1].isalnum():
            break
        at -= 1
    return at


def word_end(text: str, at: int) -> int:
    """Return at moved forward to the end of the word it stands in (at most LONGEST_WORD)."""
    for _ in range(LONGEST_WORD):
        if at >= len(text) or not text[at].isalnum():
            break
        at += 1
    return at


def windows(text: str, points: Iterable[tuple[int, int]], reach: int = 64) -> list[tuple[int, int]]:
    """Return merged spans of text around the (start, end) points, widened by reach on each side.

    Edges never cut a word: a window that would start or end inside one is widened to its edge,
    so no part of a longer word can pose as a whole one.
    """
    return merge((word_start(text, max(0, a - reach)), word_end(text, min(len(text), b + reach))) for a, b in points)


def token_starts(norm: str, at: int = 0) -> list[int]:
    """Return where each token of a normalised (or skeleton) text starts (plus at)."""
    starts = _starts(norm, at)
    starts.pop()
    return starts


def token_offsets(norm: str, indices: list[int]) -> list[int]:
    """Return where each token of indices starts in norm (its tokens between single spaces).

    The index one past the last token gives len(norm) + 1, where a token after it would start.
    """
    starts = _starts(norm, 0)
    return [starts[i] for i in indices]


def _starts(norm: str, at: int) -> list[int]:
    """Return where each token of norm starts (plus at), then where a token after the last would start."""
    # A page of a large leak asks for every token's start: in C, without a string for each token.
    return fast.token_starts(norm, at) if fast is not None else _starts_python(norm, at)


def _starts_python(norm: str, at: int) -> list[int]:
    # A token starts after the lengths of the tokens before it and a space after each: in C, no step per token.
    lengths = itertools.accumulate(map(len, norm.split(" ")), initial=at)
    return list(map(operator.add, lengths, itertools.count()))  # and where a token after the last would start


def cuts(text: str, chunk: int, after: int = 0) -> list[int]:
    """Return where to cut text into stretches of about chunk characters: at a space (after it, with after=1)."""
    out = [0]
    while out[-1] + chunk < len(text):
        space = text.find(" ", out[-1] + chunk)
        if space < 0:
            break
        out.append(space + after)
    out.append(len(text))
    return out


class Stretched(Sequence[T]):
    """A long sequence listed stretch by stretch, each stretch only when one of its items is asked for.

    A subclass gives how many items each stretch holds, and lists a stretch (listed()); an item is
    found by bisecting the stretches' first indexes, and each stretch is listed at most once.
    """

    def __init__(self, counts: Iterable[int]) -> None:
        self._firsts = list(itertools.accumulate(counts, initial=0))  # index of each stretch's first item
        self._read: dict[int, list[T]] = {}

    def listed(self, stretch: int) -> list[T]:
        raise NotImplementedError

    def stretch(self, stretch: int) -> list[T]:
        """Return a stretch's items, listed the first time only."""
        items = self._read.get(stretch)
        if items is None:
            items = self._read[stretch] = self.listed(stretch)
        return items

    def __len__(self) -> int:
        return self._firsts[-1]

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            lo, hi, step = index.indices(len(self))
            if step == 1 and lo < hi:  # most slices lie in one stretch: a slice of its list
                stretch = bisect.bisect_right(self._firsts, lo) - 1
                first = self._firsts[stretch]
                if hi <= self._firsts[stretch + 1]:
                    return self.stretch(stretch)[lo - first : hi - first]
            return [self[i] for i in range(lo, hi, step)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("index out of range")
        stretch = bisect.bisect_right(self._firsts, index) - 1
        return self.stretch(stretch)[index - self._firsts[stretch]]
