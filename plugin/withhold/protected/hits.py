"""Hits: what a list finds in a text, mapped back to the text's own offsets, for either kind of list.

A list (plaintext.Protected or sealed.SealedProtected) finds raw hits in normalised text;
resolve_hits turns them into TextHits in the text's own offsets, with the records they belong to
and whether a birth date or context value of the same record stands nearby.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple, Protocol

from withhold.protected.matcher import Hit
from withhold.protected.nearby import row_birth_dates
from withhold.text.code import CodeView, bare_number_in_code, written_as_a_number
from withhold.text.normalize import TokenSpans
from withhold.text.spans import LINE_END, Stretched, cuts, token_starts


class TextHit(NamedTuple):
    start: int  # offsets in the original text
    end: int
    kind: str
    records: tuple[int, ...]
    corroborated: bool
    matched: str  # normalised matched text: plaintext, only for keyed fingerprints
    contradicted: bool = False  # a birth date in the name's table row, and none of its records'
    misread: bool = False  # found in text read from pixels with one character changed (misread.py)

    @property
    def severity(self) -> str:
        """Return "critical" when corroborated, "medium" when its own row gives another birth date, else "high"."""
        return "critical" if self.corroborated else "medium" if self.contradicted else "high"


class ProtectedList(Protocol):
    """What a scan needs of a prepared list: a plaintext Protected or a sealed one (sealed.py)."""

    fingerprint: str
    pattern_count: int
    writes_han: bool  # a pattern holds a Han ideograph (OCR must then read Han)

    def find(self, text: str, misread: bool = False) -> list[TextHit]: ...

    def holds(self, text: str) -> bool: ...

    def record_id(self, index: int) -> str: ...

    def keyed(self, *parts: str) -> str: ...

    def finding_fingerprint(self, kind: str, records: Sequence[int], matched: str, path: str) -> str: ...

    def waiver_fingerprint(self, fingerprint: str) -> str: ...

    def record_key(self, index: int) -> bytes: ...


class Corroborates(Protocol):
    """What a name hit needs of a list: what stands near it."""

    def corroborated(
        self, records: tuple[int, ...], text: str, norm: str, hit: Hit, start: int, end: int
    ) -> tuple[int, ...]: ...

    def born(self, index: int, dates: set[tuple[str, str]]) -> bool | None:
        """Return whether the record was born on one of dates (date_keys), None if it lists no birth date."""


class _Resolves(Corroborates, Protocol):
    """What resolve_hits needs of a list: what a hit stands for, and what stands near it."""

    def meaning(self, key: int) -> Sequence[tuple[str, tuple[int, ...]]]: ...

    def numbers(self, number: str) -> tuple[int, ...]: ...


class TokenStarts(Stretched[int]):
    """token_starts(norm), worked out only for the stretches of norm a caller asks about.

    As normalize.TokenSpans: a text with hits needs a few of its tokens' starts, and listing them
    all costs more than finding the hits. norm is cut after a space into stretches of about
    `chunk` characters; a stretch's tokens are counted by its spaces (in C), and its starts are
    listed, once, when one of its tokens is asked for.
    """

    def __init__(self, norm: str, chunk: int = 1024) -> None:
        self.norm = norm
        self._cuts = cuts(norm, chunk, after=1)
        counts = [norm.count(" ", lo, hi) for lo, hi in itertools.pairwise(self._cuts)]
        counts[-1] += 1  # each stretch but the last ends with the space after its last token ("" is one token, as ever)
        super().__init__(counts)

    def token_at(self, offset: int) -> int:
        """Return the index of the last token starting at or before offset (bisect_right(starts, offset) - 1)."""
        stretch = min(bisect.bisect_right(self._cuts, offset), len(self._cuts) - 1) - 1
        return self._firsts[stretch] + bisect.bisect_right(self.stretch(stretch), offset) - 1

    def listed(self, stretch: int) -> list[int]:
        lo, hi = self._cuts[stretch], self._cuts[stretch + 1]
        last = stretch == len(self._cuts) - 2
        return token_starts(self.norm[lo : hi if last else hi - 1], lo)


def from_skeleton(hits: list[Hit], skel: str, norm: str) -> list[Hit]:
    """Return hits found in the skeleton of norm at norm's own offsets: the same tokens, whatever their length."""
    if skel == norm or not hits:
        return hits
    # Hits in about every stretch (a large leak): each text's starts listed at once, as one stretch.
    chunk = max(len(skel), len(norm)) + 1 if len(hits) * 1024 >= len(norm) else 1024
    starts, norm_starts = TokenStarts(skel, chunk), TokenStarts(norm, chunk)
    out = []
    for hit in hits:
        first = starts.token_at(hit.start)
        last = starts.token_at(hit.end)
        end = norm_starts[last + 1] - 1 if last + 1 < len(norm_starts) else len(norm)
        out.append(hit._replace(start=norm_starts[first], end=end))
    return out


def resolve_hits(index: _Resolves, text: str, norm: str, hits: list[Hit],
                 spans: Sequence[tuple[int, int]] | None = None) -> list[TextHit]:
    """Return hits in normalised text as TextHits in text's own offsets, for either kind of list.

    Each hit is mapped back through the token spans; an A-number that only continues a longer
    number (or joins separate cells), or is not written as one writes an A-number, is dropped; so
    is a name whose tokens code or markup joins (text/code.py); a name is checked for a
    corroborating value of its records nearby; hits inside a longer one of the same kind and
    records are dropped. spans: the text's TokenSpans (or token_spans), when the caller has them.
    """
    out: list[TextHit] = []
    for hit, start, end, matched, kind, records in _standing(index, text, norm, hits, spans):
        out.append(name_hit(index, text, norm, hit, start, end, records, matched) if kind == "name"
                   else TextHit(start, end, kind, records, True, matched))
    return longest(out)


def stands(index: _Resolves, text: str, norm: str, hits: list[Hit], spans: Sequence[tuple[int, int]] | None = None) -> bool:
    """Return bool(resolve_hits(...)), at the first hit that stands: corroboration decides no hit's standing."""
    return next(_standing(index, text, norm, hits, spans), None) is not None


def _standing(index: _Resolves, text: str, norm: str, hits: list[Hit], spans: Sequence[tuple[int, int]] | None
              ) -> Iterator[tuple[Hit, int, int, str, str, tuple[int, ...]]]:
    """Yield (hit, start, end, matched, kind, records) for each meaning of each hit that stands, in order (resolve_hits)."""
    hits.sort(key=lambda h: (h.start, h.end))  # keys are ints or strings: never compare them
    spans = TokenSpans(text) if spans is None else spans
    code_view = CodeView(text)
    before = 0  # tokens before `position`
    position = 0
    for hit in hits:
        before += norm.count(" ", position, hit.start)
        position = hit.start
        last = before + norm.count(" ", hit.start, hit.end)
        start, end = (spans[before][0], spans[last][1]) if last < len(spans) else (0, len(text))
        matched = norm[hit.start : hit.end]
        if isinstance(hit.key, str):
            if not a_number_in_context(text, start, end, hit.prefixed):
                yield hit, start, end, matched, "a_number", index.numbers(hit.key)
            continue
        code: bool | None = None  # whether code or markup joins the tokens: decided once, for a name
        for kind, records in index.meaning(hit.key):
            if kind == "name":
                if code is None:
                    code = last < len(spans) and code_view.joined(spans[before : last + 1])
                if code:
                    continue
            yield hit, start, end, matched, kind, records


def name_hit(index: Corroborates, text: str, norm: str, hit: Hit, start: int, end: int, records: tuple[int, ...],
             matched: str) -> TextHit:
    """Return a name hit with its corroboration: the records whose birth date or context stands near it, or
    whether its own table row gives a birth date that none of its records has (which lowers its severity)."""
    near = index.corroborated(records, text, norm, hit, start, end)
    if near:
        return TextHit(start, end, "name", near, True, matched)
    dates = row_birth_dates(text, start, end)
    contradicted = bool(dates) and all(index.born(r, dates) is False for r in records)
    return TextHit(start, end, "name", records, False, matched, contradicted)


def longest(hits: list[TextHit]) -> list[TextHit]:
    """Return hits without those inside a longer hit of the same kind and records ("García López, María"
    inside "García López, María José")."""
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[TextHit] = []
    for hit in hits:
        if not any(o.kind == hit.kind and o.records == hit.records and o.start <= hit.start and hit.end <= o.end
                   for o in out[-8:]):
            out.append(hit)
    return out


# Between the digit groups of one number there is at most a space, a dash or a dot, never a tab,
# a line break or a cell or block boundary: digits in separate cells are separate numbers.
_NOT_WITHIN_A_NUMBER = re.compile(f"[\t\n\r\x0b\x0c{LINE_END}\x1f]")


def a_number_in_context(text: str, start: int, end: int, prefixed: bool) -> bool:
    """Return True when the digits at [start, end) are not an A-number where they stand."""
    return (
        continues_number(text, start, end, prefixed)
        or not written_as_a_number(text, start, end, prefixed)
        or bare_number_in_code(text, start, end, prefixed)
    )


def continues_number(text: str, start: int, end: int, prefixed: bool) -> bool:
    """Return True if the digits at [start, end) are not one number of their own.

    They continue a longer number ("12-123-456-789", "123456789.5"), or they are several
    numbers in separate cells or lines that only normalisation put side by side.
    """
    if _NOT_WITHIN_A_NUMBER.search(text, start, end):
        return True
    joiners = "-./"
    before = not prefixed and start >= 2 and text[start - 1] in joiners and text[start - 2].isdigit()
    after = end + 1 < len(text) and text[end] in joiners and text[end + 1].isdigit()
    return before or after
