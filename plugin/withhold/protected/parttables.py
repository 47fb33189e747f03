"""The tables of partial names (partial.py), built alike for both kinds of list: hashes of given and family parts.

build() runs where the list is in clear: in a plaintext list's preparation, hashed with the list's
own secret (KeyedHash), and in sealing (seal.py), hashed with the sealed list's match key, whose
tables are then all the sealed file holds of these rules.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Sequence

from withhold.protected.variants import _usable, surname_groups
from withhold.protected.watchlist import Record
from withhold.text.normalize import normalize
from withhold.text.skeleton import skeleton

MAX_PART_WORDS = 8
TABLES = {"heads": "Q", "head_masks": "Q", "tails": "Q", "tail_masks": "Q", "gaps": "Q", "gaps_starts": "I",
          "gaps_postings": "I", "births": "Q", "births_starts": "I", "births_postings": "I"}


def parts(record: Record) -> tuple[list[list[str]], list[list[str]]]:
    """Return a record's given parts and family parts, as skeleton tokens (none without both names)."""
    given = normalize(record.given_name).split()
    family = normalize(record.family_name).split()
    if not (given and family):
        return [], []
    groups = surname_groups(family)
    families = [family, [t for g in groups for t in g]] + ([groups[0]] if len(groups) > 1 else [])
    givens = [given] + ([given[:1]] if len(given) > 1 else [])

    def unique(lists: list[list[str]]) -> list[list[str]]:
        out = {skeleton(" ".join(x)): None for x in lists if len(x) <= MAX_PART_WORDS}
        return [x.split(" ") for x in out]

    return unique(givens), unique(families)


def build(records: Sequence[Record], h: Callable[[bytes], int]) -> tuple[dict[str, array[int]], Callable[[bytes], int]]:
    """Return the hashed tables of records (in the order given), and h: first words, gaps, family names by birth day."""
    heads: dict[int, int] = {}
    tails: dict[int, int] = {}
    gaps: dict[int, set[int]] = {}
    births: dict[int, set[int]] = {}
    for j, record in enumerate(records):
        givens, families = parts(record)
        for family in families:
            if sum(map(len, family)) < 2:
                continue
            key = h(b"f" + utf8(family[0]))
            tails[key] = tails.get(key, 0) | 1 << (len(family) - 1)
            if record.dob:
                day = day_of(("D", record.dob.isoformat()))
                births.setdefault(h(b"B" + utf8(" ".join(family)) + b"|" + day), set()).add(j)
            for given in givens:
                if _usable(given + family):
                    key = h(b"g" + utf8(given[0]))
                    heads[key] = heads.get(key, 0) | 1 << (len(given) - 1)
                    gaps.setdefault(h(b"M" + utf8(" ".join(given)) + b"|" + utf8(" ".join(family))), set()).add(j)
    return {**_sorted("heads", "head_masks", heads), **_sorted("tails", "tail_masks", tails),
            **_postings("gaps", gaps), **_postings("births", births)}, h


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
    """Return the day of the century of a date key: "MM-DD-YY", as nearby.date_keys writes two-digit years."""
    tag, value = key
    return (value if tag == "Y" else f"{value[5:7]}-{value[8:10]}-{value[2:4]}").encode()


def _sorted(name: str, masks: str, table: dict[int, int]) -> dict[str, array[int]]:
    ordered = sorted(table)
    return {name: array("Q", ordered), masks: array("Q", (table[k] for k in ordered))}


def _postings(name: str, table: dict[int, set[int]]) -> dict[str, array[int]]:
    starts, postings = array("I", [0]), array("I")
    ordered = sorted(table)
    for key in ordered:
        postings.extend(sorted(table[key]))
        starts.append(len(postings))
    return {name: array("Q", ordered), f"{name}_starts": starts, f"{name}_postings": postings}
