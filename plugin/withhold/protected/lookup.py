"""The automaton's patterns as a compact trie: what a scan of a few files matches with instead of loading it.

Unpickling the Aho-Corasick automaton of 100,000 people takes 0.2-0.5 s: more than a pre-commit
hook's whole scan of a commit. The same patterns in a MARISA trie (marisa-trie) take well under a
megabyte and load as one block. Patterns are stored padded with a space either side, as in the
automaton, so trying each space of the padded text as the start of a pattern finds exactly the
automaton's hits; they are given back in its order (by end, longest first). It runs at about
6 MB/s against the automaton's 25-100, so Deferred starts on the trie and loads the automaton
once the text scanned would have paid for loading it.
"""

from __future__ import annotations

import array
import pickle
from collections.abc import Callable, Collection, Iterator
from typing import BinaryIO

import marisa_trie

from withhold.protected.matcher import Automaton, Hit

# Characters the trie scans for each byte of the automaton's pickle that Deferred saves loading:
# the trie scans ~6 MB/s, the pickle loads ~100-250 MB/s (measured on 100k records, 47 MB).
CHARS_PER_PICKLED_BYTE = 1 / 20
MAX_LENGTH = 65535  # the automaton keeps pattern lengths as unsigned shorts


class Lookup:
    """Every pattern of an automaton, padded, in a trie; each trie id mapped back to the pattern id."""

    def __init__(self, trie: marisa_trie.Trie, pids: array.array[int], longest: int) -> None:
        self.trie = trie
        self.pids = pids
        self.size = len(pids)
        self.longest = longest  # of the padded patterns: no match starts further than this from its end

    @classmethod
    def of(cls, automaton: Automaton) -> Lookup:
        """Return the lookup of an automaton's patterns (read from the automaton itself, so they agree)."""
        words = automaton._automaton  # the padded patterns and their ids, as matcher.Automaton stores them
        trie = marisa_trie.Trie(word for word, _ in words.items()) if automaton.size else marisa_trie.Trie()
        pids = array.array("i", bytes(4 * automaton.size))
        longest = 0
        if automaton.size:
            for word, pid in words.items():
                pids[trie.key_id(word)] = pid
                longest = max(longest, len(word))
        return cls(trie, pids, longest)

    @classmethod
    def of_patterns(cls, patterns: Collection[str]) -> Lookup:
        """Return the lookup of the automaton Automaton(patterns) builds (the same trie, ids and longest).

        The padded patterns are made twice rather than kept: a million people's are some 250 MB.
        """
        if not patterns:
            return cls(marisa_trie.Trie(), array.array("i"), 0)
        trie = marisa_trie.Trie(f" {pattern} " for pattern in patterns)
        pids = array.array("i", bytes(4 * len(patterns)))
        key_id = trie.key_id
        longest = 0
        for pid, pattern in enumerate(patterns):
            pids[key_id(f" {pattern} ")] = pid
            longest = max(longest, len(pattern))
        return cls(trie, pids, longest + 2)

    def dump(self, f: BinaryIO) -> None:
        pickle.dump((self.trie.tobytes(), self.pids.tobytes(), self.longest), f, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes) -> Lookup:
        """Return the lookup dump() wrote (data already checked by the cache)."""
        trie_bytes, pid_bytes, longest = pickle.loads(data)
        pids = array.array("i")
        pids.frombytes(pid_bytes)
        return cls(marisa_trie.Trie().frombytes(trie_bytes), pids, int(longest))

    def patterns(self) -> Iterator[str]:
        """Yield every pattern, space-padded as stored."""
        return iter(self.trie.iterkeys())

    def find(self, text: str) -> Iterator[Hit]:
        """Yield what Automaton.find(text) yields, in the same order."""
        if not self.size:
            return
        padded = f" {text} "
        longest, pids, prefixes = self.longest, self.pids, self.trie.iter_prefixes_with_ids
        found: list[tuple[int, int, int]] = []
        at = padded.find(" ")
        while at >= 0:
            for key, kid in prefixes(padded[at : at + longest]):
                end = at + len(key) - 1  # the padded index of the pattern's closing space
                found.append((end, -len(key), pids[kid]))
            at = padded.find(" ", at + 1)
        found.sort()
        for end, neg, pid in found:
            yield Hit(end - min(-neg - 2, MAX_LENGTH) - 1, end - 1, pid)


class Deferred:
    """The automaton for a run that may scan little: the lookup first, the automaton once it pays.

    load() gives the automaton (None if it cannot: the lookup then serves to the end, with the same
    hits); it is called once the text scanned passes budget characters.
    """

    def __init__(self, lookup: Lookup, load: Callable[[], Automaton | None], budget: int) -> None:
        self.size = lookup.size
        self._lookup = lookup
        self._load: Callable[[], Automaton | None] | None = load
        self._automaton: Automaton | None = None
        self._left = budget

    def find(self, text: str) -> Iterator[Hit]:
        if self._load is not None:
            self._left -= len(text)
            if self._left < 0:
                self._automaton, self._load = self._load(), None
        if self._automaton is not None:
            return self._automaton.find(text)
        return self._lookup.find(text)

    def patterns(self) -> Iterator[str]:
        """Yield every pattern, space-padded as stored (from the lookup, which holds them all)."""
        return self._lookup.patterns()

    @property
    def loaded(self) -> bool:
        """Return True once the automaton itself does the matching."""
        return self._automaton is not None


class AutomatonApart:
    """How the cache keeps a prepared list's automaton: beside the rest, with its lookup, loaded when needed."""

    def parts(self, obj: object) -> dict[str, Callable[[BinaryIO], None]] | None:
        """Return the writers of the sections obj is kept in, if it is an automaton; None to pickle it in place."""
        if not isinstance(obj, Automaton):
            return None
        made = obj.lookup if isinstance(obj.lookup, Lookup) else None  # made beside the automaton, if it was
        return {
            "automaton": lambda f: pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL),
            "lookup": (made or Lookup.of(obj)).dump,
        }

    def join(self, read: Callable[[str], bytes | None], size: Callable[[str], int], lazy: bool) -> object:
        """Return the automaton again from its sections (read checks each); ValueError when one is missing.

        lazy: a Deferred, which reads the automaton's own section only if the run's text makes it pay.
        """
        if not lazy:
            return _automaton(read("automaton"))
        data = read("lookup")
        if data is None:
            raise ValueError("the lookup section is missing or damaged")
        budget = int(size("automaton") * CHARS_PER_PICKLED_BYTE)
        return Deferred(Lookup.loads(data), lambda: _or_none(read), budget)


def _automaton(data: bytes | None) -> Automaton:
    if data is None:
        raise ValueError("the automaton section is missing or damaged")
    automaton = pickle.loads(data)  # the cache checked the section's HMAC before handing it over
    if not isinstance(automaton, Automaton):
        raise TypeError("the automaton section holds something else")
    return automaton


def _or_none(read: Callable[[str], bytes | None]) -> Automaton | None:
    try:
        return _automaton(read("automaton"))
    except Exception:  # noqa: BLE001  # a damaged or replaced entry: the lookup finds the same hits
        return None
