"""Names written in part: a middle name or initial the list lacks, a family name beside the record's own birth date.

- "Given X. Family", "Given Other Family" for a record "Given Family": its given part, one more
  token, then its family part. ("Family, Given X." needs no rule of its own: "Family Given" is a form.)
- "ROE (born 3 May 1990)", "Roe, DOB 05/03/1990": a family part within WITHIN tokens of a date on
  the same line, for a record of that family name born on that date.

Neither puts a given or a family name alone in the automaton. Both look up keyed hashes of word
runs, the way sealed.py matches every form: gaps at the words that start a listed given part (a
table of first words says which), family names only where a date is written. The tables are built
by one function for both kinds of list, keyed with the list's secret (plaintext) or the sealed
list's match key, so both find the same hits. Everything is matched on the skeleton (any script).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from withhold.native import fast
from withhold.protected.hits import Corroborates, TextHit, TokenStarts, name_hit
from withhold.protected.matcher import Hit
from withhold.protected.nearby import dates_near
from withhold.protected.parttables import day_of, utf8
from withhold.protected.partwords import Listed, slot
from withhold.text.code import CodeView
from withhold.text.normalize import TokenSpans, normalize
from withhold.text.spans import LINE_END

WITHIN = 4  # tokens between a family name and a date ("Roe was born on 3 May 1990")


class Candidate(NamedTuple):
    """A run of tokens [first, last) of the text that is a partial name of records."""

    first: int
    last: int
    records: tuple[int, ...]
    middle: int = -1  # the extra token of a gap; -1 for a family name beside a date
    name: tuple[int, int] = (0, 0)  # the family name's tokens, for a family name beside a date


class Partial:
    """The tables of build(), and the search for partial names in a text's skeleton."""

    def __init__(self, tables: tuple[dict[str, array[int]], Callable[[bytes], int]]) -> None:
        self.tables, self._hash = tables
        self._lengths: dict[int, tuple[int, ...]] = {}
        # Whether a listed part may start with a word holding a digit: unknown in a file sealed before the
        # table, or in one whose table is not the one flag build() writes; then every word is looked up.
        digits = self.tables.get("digits")
        self.words = Listed(self.tables, self._hash, digits is None or len(digits) != 1 or bool(digits[0]))

    def __getstate__(self) -> dict[str, Any]:
        return {"tables": (self.tables, self._hash)}  # the memos are rebuilt where it is used

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["tables"])  # type: ignore[misc]

    def __bool__(self) -> bool:
        return bool(self.tables["heads"]) or bool(self.tables["tails"])

    def gaps(self, words: list[str], heads: list[int]) -> list[Candidate]:
        """Return a candidate for each given part, one token, then a family part of the same record.

        heads: the indices of words that start a listed given part (Listed.positions).
        """
        out: list[Candidate] = []
        count = len(words)
        for i in heads:
            for n1 in self._lengths_of(self.words.heads[words[i]]):
                k = i + n1 + 1
                if k >= count:
                    break
                given = utf8(" ".join(words[i : i + n1]))
                for n2 in self._lengths_of(self.words.tail(words[k])):
                    if k + n2 > count:
                        break
                    records = self._records("gaps", b"M" + given + b"|" + utf8(" ".join(words[k : k + n2])))
                    if records:
                        out.append(Candidate(i, k + n2, records, i + n1))
        return out

    def births(self, norm: str, words: list[str], named: list[int],
               born: Callable[[int, set[tuple[str, str]]], bool | None]) -> list[Candidate]:
        """Return a candidate for each family name within WITHIN tokens of a date its record was born on.

        named: the indices of words that start a listed family part (Listed.positions).
        """
        out: list[Candidate] = []
        if not named:
            return out
        dates = sorted(dates_near(norm, named, WITHIN))
        spans, days = [(a, b) for a, b, _ in dates], [b"|" + day_of(key) for _, _, key in dates]
        table = self.tables["births"]
        slots = fast.birth_slots if fast is not None and isinstance(table, array) else birth_slots_python
        for i, p, n, at in slots(words, named, spans, days, self.words.tails, WITHIN, self._hash, table):
            a, b, key = dates[i]
            records = self._postings("births", at)
            if key[0] == "D":  # the table holds the day of the century; the full date is checked here
                records = tuple(r for r in records if born(r, {key}))
            if records:
                out.append(Candidate(min(a, p), max(b, p + n), records, name=(p, p + n)))
        return out

    def _records(self, name: str, data: bytes) -> tuple[int, ...]:
        at = slot(self.tables[name], self._hash(data))
        return self._postings(name, at) if at >= 0 else ()

    def _postings(self, name: str, slot: int) -> tuple[int, ...]:
        """Return the records of the table's hash at slot."""
        starts = self.tables[f"{name}_starts"]
        return tuple(self.tables[f"{name}_postings"][starts[slot] : starts[slot + 1]])

    def _lengths_of(self, mask: int) -> tuple[int, ...]:
        if mask not in self._lengths:
            self._lengths[mask] = tuple(n + 1 for n in range(mask.bit_length()) if mask >> n & 1)
        return self._lengths[mask]


# Words that join two people rather than stand in one name: "Ana and Paz" is two people.
_JOINERS = frozenset("and or und et y e i o u og och en the a an of to with vs v versus".split())
_CELLS = re.compile(f"[\t\n\x1f{LINE_END}]")  # a name's parts never stand in separate cells
_LINES = re.compile(f"[\n{LINE_END}]")  # a family name and a date stand in one row or line


def find_partial(index: _Index, text: str, norm: str, skel: str, found: list[TextHit],
                 spans: Sequence[tuple[int, int]] | None = None) -> list[TextHit]:
    """Return the partial names in text (gaps, family names beside a birth date) that no hit in found covers.

    spans: the text's TokenSpans (or token_spans), when the caller has them.
    """
    partial = index.partial
    if not partial:
        return []
    words = skel.split(" ")
    heads, tails = partial.words.positions(words)
    candidates = partial.gaps(words, heads) + partial.births(norm, words, tails, index.born)
    if not candidates:
        return []
    spans = TokenSpans(text) if spans is None else spans
    starts = TokenStarts(norm)
    taken = _Taken([h for h in found if h.kind == "name"])  # and each partial name found, as it is
    out: list[TextHit] = []
    code: CodeView | None = None
    for c in candidates:
        start, end = spans[c.first][0], spans[c.last - 1][1]
        if (_CELLS if c.middle >= 0 else _LINES).search(text, start, end):
            continue
        if c.middle >= 0:  # a gap never overlaps a name found
            if next(taken.overlapping(start, end), None) is not None:
                continue
        else:  # a family name already in a finding of its record
            name_start, name_end = spans[c.name[0]][0], spans[c.name[1] - 1][1]
            if any(not h_records.isdisjoint(c.records) for h_records in taken.overlapping(name_start, name_end)):
                continue
        code = code or CodeView(text)
        first, last = (c.first, c.last) if c.middle >= 0 else c.name  # the name's own tokens, not its date's
        if code.joined(spans[first:last]):  # code or markup joins them: no name, as for a full name
            continue
        if c.middle >= 0:
            if not _joins_a_name(text, spans, c):
                continue
            hit = Hit(starts[c.first], _token_end(norm, starts, c.last - 1), -1)
            out.append(name_hit(index, text, norm, hit, start, end, c.records, norm[hit.start : hit.end]))
        else:
            matched = norm[starts[c.first] : _token_end(norm, starts, c.last - 1)]
            out.append(TextHit(start, end, "name", c.records, False, matched))
        taken.add(out[-1])
    return out


class _Taken:
    """The spans of name findings in a text, by start: which overlap a span, without reading them all.

    A leak's sheet holds thousands of names, each beside a date: each candidate looked at every
    finding before (quadratic). No finding is longer than the longest added, so those that start
    more than that before a span end before it.
    """

    def __init__(self, hits: list[TextHit]) -> None:
        hits.sort(key=lambda h: h.start)
        self._starts = [h.start for h in hits]
        self._spans = [(h.start, h.end, frozenset(h.records)) for h in hits]
        self._longest = max((h.end - h.start for h in hits), default=0)

    def add(self, hit: TextHit) -> None:
        at = bisect_right(self._starts, hit.start)
        self._starts.insert(at, hit.start)
        self._spans.insert(at, (hit.start, hit.end, frozenset(hit.records)))
        self._longest = max(self._longest, hit.end - hit.start)

    def overlapping(self, start: int, end: int) -> Iterator[frozenset[int]]:
        """Yield the records of each finding that overlaps text[start:end], the latest starting first."""
        at = bisect_left(self._starts, end)  # the findings before `at` start before end
        while at > 0:
            at -= 1
            h_start, h_end, records = self._spans[at]
            if h_start + self._longest <= start:
                return
            if start < h_end:
                yield records


def _joins_a_name(text: str, spans: Sequence[tuple[int, int]], c: Candidate) -> bool:
    """Return True if the gap's extra token reads as part of the name: an initial, or a name as the text writes names.

    Where the text writes capitals, the extra token has one ("Ana María Paz", "Ana M. Paz"); where it
    writes none (a slug, lower-case text), only an initial ("ana-m-paz"). Never a word that joins two
    people ("Ana and Paz").
    """
    middle = text[spans[c.middle][0] : spans[c.middle][1]]
    folded = normalize(middle)
    if not folded.isalpha() or folded in _JOINERS and not (len(folded) == 1 and middle.isupper()):
        return False
    if middle[:1].isupper() or not any(ch.isupper() or ch.islower() for ch in middle):
        return True  # capitalised, or a script without case
    given = text[spans[c.first][0] : spans[c.first][1]]
    return len(folded) == 1 and not any(ch.isupper() for ch in given)


def _token_end(norm: str, starts: Sequence[int], i: int) -> int:
    return starts[i + 1] - 1 if i + 1 < len(starts) else len(norm)


class _Index(Corroborates, Protocol):
    partial: Partial


def birth_slots_python(words: list[str], named: list[int], spans: list[tuple[int, int]], days: list[bytes],
                       masks: dict[str, int], within: int, h: Callable[[bytes], int], table: Sequence[int]
                       ) -> list[tuple[int, int, int, int]]:
    """Return (i, p, n, slot) for each family part words[p : p + n] beside date i that the births table holds.

    spans: each date's tokens [a, b); days: b"|" and its day (day_of); named: the words that start a
    listed family part, in order; masks: each word's family part lengths (Listed.tails). A part
    pairs with a date it stands within `within` tokens of, outside it; slot: the (family, day)
    hash's slot in table. In C where it is built (_fast.c), which gives the same.
    """
    out: list[tuple[int, int, int, int]] = []
    count = len(words)
    for i, ((a, b), day) in enumerate(zip(spans, days)):
        lo, hi = bisect_left(named, a - within), bisect_left(named, min(count, b + within))
        for p in [p for p in named[lo:hi] if p < a or p >= b]:
            mask = masks[words[p]]
            for n in (n + 1 for n in range(mask.bit_length()) if mask >> n & 1):
                if p < a < p + n or p + n > count:
                    break
                at = slot(table, h(b"B" + utf8(" ".join(words[p : p + n])) + day))
                if at >= 0:
                    out.append((i, p, n, at))
    return out

