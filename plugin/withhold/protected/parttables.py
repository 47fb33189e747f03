"""The tables of partial names (partial.py), built alike for both kinds of list: hashes of given and family parts.

build() runs where the list is in clear: in a plaintext list's preparation, hashed with the list's
own secret (KeyedHash), and in sealing (seal.py), hashed with the sealed list's match key, whose
tables are then all the sealed file holds of these rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from array import array
from collections.abc import Callable, Sequence

from withhold.protected.names import Names, Part
from withhold.protected.variants import record_forms
from withhold.protected.watchlist import Record

# A digit, as a word of text and a listed name's first words are both tested for it: a list none of whose
# given or family parts starts with a word holding one (the "digits" table, 0) is never looked up for
# a word that does (the dates, numbers and A-numbers of a table: nearly every new word of one).
DIGIT = re.compile(r"\d")
TABLES = {"heads": "Q", "head_masks": "Q", "tails": "Q", "tail_masks": "Q", "gaps": "Q", "gaps_starts": "I",
          "gaps_postings": "I", "births": "Q", "births_starts": "I", "births_postings": "I"}


def parts(record: Record, names: Names | None = None) -> tuple[list[Part], list[Part]]:
    """Return a record's given parts and family parts (none without both names)."""
    forms = record_forms(record, names)
    return forms.givens, forms.families


class Tables:
    """The hashed tables of records added one by one under h: first words, gaps, family names by birth day.

    Compact, because a list can hold a million people: a gap or a birth is one integer (its hash
    above the record's index) in a flat list, sorted once at the end, rather than a set per hash.
    """

    def __init__(self, h: Callable[[bytes], int]) -> None:
        self.h = h
        self._heads: dict[int, int] = {}
        self._tails: dict[int, int] = {}
        self._gaps: list[int] = []
        self._births: list[int] = []
        self._words: dict[bytes, int] = {}  # h of tagged first words, which many records share

    def add(self, j: int, givens: Sequence[Part], families: Sequence[Part], dob: dt.date | None) -> None:
        """Add record j's parts (record_forms) and birth date."""
        h, words, tails, heads, gaps = self.h, self._words, self._tails, self._heads, self._gaps
        day = b"|" + day_of(("D", dob.isoformat())) if dob else b""
        for family in families:
            if family.chars < 2:
                continue
            tag = b"f" + family.head
            key = words.get(tag) or words.setdefault(tag, h(tag))
            tails[key] = tails.get(key, 0) | 1 << (family.size - 1)
            written = family.written
            if day:
                self._births.append(h(b"B" + written + day) << 32 | j)
            for given in givens:
                if given.long_words + family.long_words >= 2:  # a usable name (variants.usable)
                    tag = b"g" + given.head
                    key = words.get(tag) or words.setdefault(tag, h(tag))
                    heads[key] = heads.get(key, 0) | 1 << (given.size - 1)
                    gaps.append(h(b"M" + given.written + b"|" + written) << 32 | j)

    def arrays(self) -> dict[str, array[int]]:
        """Return the tables as sorted arrays (what partial.Partial searches and a sealed file holds)."""
        digits = any(DIGIT.search(tag[1:].decode("utf-8", "surrogatepass")) for tag in self._words)
        return {**_sorted("heads", "head_masks", self._heads), **_sorted("tails", "tail_masks", self._tails),
                **_postings("gaps", self._gaps), **_postings("births", self._births), "digits": array("Q", [digits])}


def build(records: Sequence[Record], h: Callable[[bytes], int], names: Names | None = None
          ) -> tuple[dict[str, array[int]], Callable[[bytes], int]]:
    """Return the hashed tables of records (in the order given), and h: first words, gaps, family names by birth day.

    names: the parts of the list's names, if already worked out.
    """
    tables, names = Tables(h), names or Names()
    for j, record in enumerate(records):
        split = names.split(record.given_name, record.family_name)  # record_forms' parts, without its forms
        if split is not None:
            tables.add(j, split[0].parts, split[1].parts, record.dob)
    return tables.arrays(), h


class KeyedHash:
    """A keyed 64-bit BLAKE2b of bytes, as sealfile.Hasher, that a plaintext list may pickle with itself."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self._base = hashlib.blake2b(key=key, digest_size=8)

    def __call__(self, data: bytes) -> int:
        h = self._base.copy()
        h.update(data)
        return int.from_bytes(h.digest(), "little")

    def __reduce__(self) -> tuple[type[KeyedHash], tuple[bytes]]:
        return KeyedHash, (self.key,)


def utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def day_of(key: tuple[str, str]) -> bytes:
    """Return the day of the century of a date key: "MM-DD-YY", as dates.date_keys writes two-digit years."""
    tag, value = key
    return (value if tag == "Y" else f"{value[5:7]}-{value[8:10]}-{value[2:4]}").encode()


def _sorted(name: str, masks: str, table: dict[int, int]) -> dict[str, array[int]]:
    ordered = sorted(table)
    return {name: array("Q", ordered), masks: array("Q", (table[k] for k in ordered))}


def _postings(name: str, entries: list[int]) -> dict[str, array[int]]:
    """Return the tables of (hash << 32 | record) entries: sorted hashes, where each one's records start, the records.

    Sorts entries in place.
    """
    entries.sort()
    keys, starts, postings = array("Q"), array("I"), array("I")
    last = -1
    for entry in entries:
        key, record = entry >> 32, entry & 0xFFFFFFFF
        if key != last:
            keys.append(key)
            starts.append(len(postings))
            last = key
        elif postings[-1] == record:
            continue  # the same record under the same hash twice
        postings.append(record)
    starts.append(len(postings))
    return {name: keys, f"{name}_starts": starts, f"{name}_postings": postings}
