"""Matching normalised text: one Aho-Corasick automaton, and a digit-run scan for A-numbers.

Both work on normalised text (tokens joined by single spaces), so a hit always starts and ends
on token boundaries: patterns are stored padded with a space either side and the text is padded
the same way, which makes the automaton itself enforce word boundaries ("Ana Paz" never fires
inside "Susana Pazos") and leaves no substring hit to filter out afterwards.
"""

from __future__ import annotations

import array
import bisect
import re
from collections.abc import Container, Iterable, Iterator
from typing import NamedTuple

import ahocorasick

from withhold.native import fast


class Hit(NamedTuple):
    """A match in normalised text: [start, end) offsets and the pattern's id (or A-number)."""

    start: int
    end: int
    key: int | str  # pattern id for the automaton, the nine digits for an A-number
    prefixed: bool = False  # an A-number written with its "A"


class Automaton:
    """Aho-Corasick over normalised patterns; pattern ids are their positions in the input."""

    # A lookup.Lookup of the same patterns, made beside the automaton while it was built (plaintext.py),
    # for the cache to keep beside it; never pickled with it.
    lookup: object = None

    def __init__(self, patterns: Iterable[str]) -> None:
        # Values are plain ints (the pattern id), not Python objects: a third of the memory at a
        # million people. Lengths, needed to find where a hit starts, live in an array beside it.
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._lengths = array.array("H")
        for pid, pattern in enumerate(patterns):
            self._automaton.add_word(f" {pattern} ", pid)
            self._lengths.append(min(len(pattern), 65535))
        self.size = len(self._lengths)
        if self.size:
            self._automaton.make_automaton()

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "lookup"}

    def patterns(self) -> Iterator[str]:
        """Yield every pattern, space-padded as stored."""
        return iter(self._automaton.keys()) if self.size else iter(())

    def find(self, text: str) -> Iterator[Hit]:
        """Yield every (overlapping) occurrence of a pattern in normalised text."""
        if not self.size:
            return
        lengths = self._lengths
        # In " text ", a pattern " p " ending at padded index e covers text[e - len(p) - 1 : e - 1].
        for end, pid in self._automaton.iter(f" {text} "):
            yield Hit(end - lengths[pid] - 1, end - 1, pid)


# Candidate runs of digits and spaces long enough to hold seven digits: a simple repeat, which
# the regex engine runs in C several times faster than any pattern that spells out groupings.
_DIGIT_RUN = re.compile(r"\d[\d ]{6,}")
# The shapes A-numbers are written in: seven or more digits together, or grouped in threes
# ("12 345 678", "123-456-789" once normalised). Table dates ("1985 03 12") are dropped here,
# on the short run alone, before any Python work.
_SHAPE = re.compile(r"(?<!\d)(?:\d{7,}|\d{1,3}(?: \d{3}){2,})(?!\d)")


def find_a_numbers(text: str, listed: Container[str]) -> Iterator[Hit]:
    """Yield A-numbers of `listed` written in normalised text, whatever the grouping of their digits.

    A hit is a run of whole digit tokens, contiguous or grouped in threes, whose digits total 8 or 9
    (7 to 9 after an "A", as its own token or glued on), zero-padded to nine. Whether the run continues a longer
    number is judged later, on the original text, where the separators are still visible. In C where it
    is built (_fast.c), else find_a_numbers_python(), which gives the same hits.
    """
    if not listed:
        return
    if fast is None:
        yield from find_a_numbers_python(text, listed)
        return
    # The plaintext list's numbers are searched in C; a sealed list's (hashed) are asked one by one.
    sorted_numbers = listed.sorted if isinstance(listed, NumberIndex) else None
    for start, end, key, prefixed in fast.a_numbers(text, listed, sorted_numbers):
        yield Hit(start, end, key, prefixed)


def find_a_numbers_python(text: str, listed: Container[str]) -> Iterator[Hit]:
    """Yield find_a_numbers(text, listed) in Python alone: a regex for the runs of digits, each read here."""
    if not listed:
        return
    for match in _DIGIT_RUN.finditer(text):
        run, start = match.group(), match.start()
        if " " not in run[:-1]:  # one token of digits, the usual run: no grouping to try
            digits = run[:-1] if run[-1] == " " else run
            end = start + len(digits)
            if not 7 <= len(digits) <= 9 or end < len(text) and text[end] != " ":
                continue  # too short or too long for an A-number, or not a whole token
            first_ok, prefix_at = _edge(text, start)
            prefixed = prefix_at >= 0
            if first_ok and len(digits) >= (7 if prefixed else 8) and digits.zfill(9) in listed:
                yield Hit(prefix_at if prefixed else start, end, digits.zfill(9), prefixed)
            continue
        if _SHAPE.search(run) is None:
            continue
        groups = run.split(" ")
        starts = []
        pos = start
        for g in groups:
            starts.append(pos)
            pos += len(g) + 1
        # Keep whole tokens only: the first group must start a token (or follow a glued "a"),
        # the last must end one.
        first_ok, prefix_at = _edge(text, start)
        end = starts[-1] + len(groups[-1])
        if groups[-1] == "":
            groups.pop()
            starts.pop()
        elif end < len(text) and text[end] != " ":
            groups.pop()
            starts.pop()
        for i in range(len(groups)):
            if i == 0 and not first_ok:
                continue
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j]
                if len(digits) > 9:
                    break
                prefixed = i == 0 and prefix_at >= 0
                if len(digits) >= (7 if prefixed else 8):
                    canonical = digits.zfill(9)
                    if canonical in listed:
                        yield Hit(prefix_at if prefixed else starts[i], starts[j] + len(groups[j]), canonical, prefixed)


def _edge(text: str, start: int) -> tuple[bool, int]:
    """Return whether a digit run at start begins a token (or follows a glued "a"), and where its "A" is (else -1)."""
    glued = start > 0 and text[start - 1] == "a" and (start == 1 or text[start - 2] == " ")
    first_ok = start == 0 or text[start - 1] == " " or glued
    prefix_at = start - 1 if glued else start - 2 if start >= 2 and text[start - 2] == "a" and (
        start == 2 or text[start - 3] == " ") else -1
    return first_ok, prefix_at


class NumberIndex:
    """A-numbers (nine-digit strings) to their records, as two arrays searched by bisection."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted((int(number), index) for number, index in pairs)
        self._numbers = array.array("Q", (n for n, _ in ordered))
        self._records = array.array("i", (i for _, i in ordered))

    def __len__(self) -> int:
        return len(self._numbers)

    @property
    def sorted(self) -> array.array[int]:
        """Return the numbers, as integers, in order (what __contains__ bisects)."""
        return self._numbers

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, str):
            return False
        value = int(number)
        at = bisect.bisect_left(self._numbers, value)
        return at < len(self._numbers) and self._numbers[at] == value

    def get(self, number: str) -> tuple[int, ...]:
        value = int(number)
        start = bisect.bisect_left(self._numbers, value)
        end = bisect.bisect_right(self._numbers, value, start)
        return tuple(self._records[start:end])
