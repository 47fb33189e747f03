"""Which words of a text may start a listed given part or family part (partial.py): one pass over its words.

Each word is looked up in two memos of the partial tables' masks, one for the first words of given
parts (heads), one for those of family parts (tails); a word not in them is hashed once, both
masks learned, and the pass made again only if it turned out listed. A word holding a digit is
never looked up where no listed part starts with one (the tables' "digits" flag): the numbers,
dates and A-numbers of a table, nearly every new word of one, stay out of the memos. The pass is
in C where it is built (_fast.listed_words), which gives what listed_words_python gives.
"""

from __future__ import annotations

import itertools
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import compress

from withhold.native import fast
from withhold.protected.parttables import DIGIT, utf8

MEMO_WORDS = 500_000  # words of both memos; past it, they start again


class Listed:
    """The memos of one Partial's tables, and the pass that says where their listed words stand in a text."""

    def __init__(self, tables: dict[str, array[int]], h: Callable[[bytes], int], digit_words: bool) -> None:
        self._tables, self._hash = tables, h
        self.digit_words = digit_words  # whether a listed part may start with a word holding a digit
        self._skip_digits = not digit_words
        self.heads: dict[str, int] = {}  # word -> mask of the given part lengths starting with it
        self.tails: dict[str, int] = {}  # word -> mask of the family part lengths starting with it

    def positions(self, words: list[str]) -> tuple[list[int], list[int]]:
        """Return the indices of words that start a listed given part, and those that start a listed family part.

        Afterwards every word of words is in both memos, save those holding a digit when they are skipped.
        """
        heads, tails, unknown = _pass(words, self.heads, self.tails, self._skip_digits)
        if not unknown:
            return heads, tails
        again = False
        if len(self.heads) + len(unknown) > MEMO_WORDS:  # a bound on memory, whatever the texts hold
            self.heads.clear()
            self.tails.clear()
            unknown, again = _pass(words, self.heads, self.tails, self._skip_digits)[2], True
        if self._learn(unknown) or again:
            heads, tails, _ = _pass(words, self.heads, self.tails, self._skip_digits)
        return heads, tails

    def tail(self, word: str) -> int:
        """Return the mask of the family part lengths starting with word (a word of a text positions() read)."""
        return self.tails.get(word, 0)

    def _learn(self, words: list[str]) -> bool:
        """Put each word's two masks in the memos; return True if any is not 0."""
        listed = False
        for word in words:
            data = utf8(word)
            self.heads[word] = head = _mask(self._tables, "heads", "head_masks", self._hash(b"g" + data))
            self.tails[word] = tail = _mask(self._tables, "tails", "tail_masks", self._hash(b"f" + data))
            listed = listed or bool(head or tail)
        return listed


def listed_words_python(words: list[str], heads: dict[str, int], tails: dict[str, int], skip_digits: bool
                        ) -> tuple[list[int], list[int], list[str]]:
    """Return the indices of words with a mask in heads, those with one in tails, and the distinct words
    missing from either, in the order they first stand (none holding a digit, when skip_digits).

    Word by word only where a word is listed: the rest is done a distinct word at a time, or in C.
    """
    order = dict.fromkeys(words)
    unknown = [w for w in order if (w not in heads or w not in tails) and not (skip_digits and DIGIT.search(w))]
    known = [w for w in order if w in heads and w in tails and not (skip_digits and DIGIT.search(w))] \
        if skip_digits else [w for w in order if w in heads and w in tails]
    listed_heads = {w for w in known if heads[w]}
    listed_tails = {w for w in known if tails[w]}
    count = itertools.count()
    at_heads = list(compress(count, map(listed_heads.__contains__, words))) if listed_heads else []
    at_tails = list(compress(itertools.count(), map(listed_tails.__contains__, words))) if listed_tails else []
    return at_heads, at_tails, unknown


_pass = fast.listed_words if fast is not None else listed_words_python


def _mask(tables: dict[str, array[int]], name: str, masks: str, value: int) -> int:
    at = slot(tables[name], value)
    return tables[masks][at] if at >= 0 else 0


def slot(table: Sequence[int], value: int) -> int:
    """Return where value stands in the sorted table, or -1."""
    at = bisect_left(table, value)
    return at if at < len(table) and table[at] == value else -1
