"""The prepared protected list: one automaton over every written variant, and what each means.

find() takes any text and gives back hits in that text's own offsets, with the records they
belong to and whether a birth date (or context value) of the same record stands nearby.
Plaintext identifiers stay inside this object; hits carry record indices and offsets.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from withhold import __version__
from withhold.errors import ConfigError
from withhold.extract.base import LINE_END
from withhold.matcher import Automaton, Hit, find_a_numbers
from withhold.nearby import windows
from withhold.normalize import VERSION as NORMALIZATION_VERSION
from withhold.normalize import normalize, token_spans
from withhold.settings import Settings
from withhold.variants import corroborating_forms, strong_forms
from withhold.watchlist import ListReport, Record, load

# Cost of deriving a record's key (scrypt, 1 MiB, a few ms): each guess at a record from a committed
# waiver's fingerprint costs as much, while a scan pays it once per record hit (a leak of 6,000
# people: some 20 s, not minutes). No cost makes a record that holds only a name and a birth date
# unguessable: see docs/waivers.md.
RECORD_KEY_COST = {"n": 2**10, "r": 8, "p": 1}


class TextHit(NamedTuple):
    start: int  # offsets in the original text
    end: int
    kind: str
    records: tuple[int, ...]
    corroborated: bool
    matched: str  # normalised matched text: plaintext, only for keyed fingerprints


class ProtectedList(Protocol):
    """What a scan needs of a prepared list: a plaintext Protected or a sealed one (sealed.py)."""

    fingerprint: str
    pattern_count: int

    def find(self, text: str) -> list[TextHit]: ...

    def record_id(self, index: int) -> str: ...

    def keyed(self, *parts: str) -> str: ...

    def finding_fingerprint(self, kind: str, records: Sequence[int], matched: str, path: str) -> str: ...

    def record_key(self, index: int) -> bytes: ...


class Protected:
    """Everything needed to match a list; built once per run and shared by every file.

    Compact, because a list can hold a million people: the automaton stores pattern ids as plain
    integers, each pattern's owner is one int in an array (the record, for the usual name of one
    person; a pointer into `shared` for a pattern several records or kinds have), A-numbers are a
    sorted array, and of each record only what matching and keys need is kept.
    """

    def __init__(self, records: Sequence[Record], settings: Settings, digest: bytes) -> None:
        pattern_ids: dict[str, int] = {}
        owners: list[int] = []
        shared: list[dict[str, list[int]]] = []
        for index, record in enumerate(records):
            for kind, form in strong_forms(record):
                pid = pattern_ids.setdefault(form, len(owners))
                if pid == len(owners):
                    owners.append(index if kind == "name" else _shared(shared, {kind: [index]}))
                    continue
                owner = owners[pid]
                if owner == index and kind == "name":
                    continue  # the same person's name reached by two variants
                if owner >= 0:
                    owner = owners[pid] = _shared(shared, {"name": [owner]})
                holders = shared[-owner - 1].setdefault(kind, [])
                if not holders or holders[-1] != index:
                    holders.append(index)
        self.automaton = Automaton(pattern_ids)
        del pattern_ids
        self._owners = array.array("i", owners)
        self._shared = [tuple((k, tuple(v)) for k, v in entry.items()) for entry in shared]
        self.a_numbers = NumberIndex((r.a_number, i) for i, r in enumerate(records) if r.a_number)
        self.pattern_count = len(self._owners) + len(self.a_numbers)
        self._ids = [r.id for r in records]
        self._dobs = array.array("i", (r.dob.toordinal() if r.dob else 0 for r in records))
        self._context = {i: r.context for i, r in enumerate(records) if r.context}
        self._canonical = [_canonical(r) for r in records]
        self.window = settings.window
        self._record_keys: dict[int, bytes] = {}  # memo of record_key(); derived on demand
        # A secret known only to holders of the list: keys fingerprints and path references.
        self.key = hmac.new(digest, b"withhold key", hashlib.sha256).digest()
        self.fingerprint = hmac.new(
            self.key, f"{__version__}|{NORMALIZATION_VERSION}|{settings!r}".encode(), hashlib.sha256
        ).hexdigest()[:16]

    def meaning(self, pid: int) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """Return (kind, records) of each kind a pattern stands for."""
        owner = self._owners[pid]
        return (("name", (owner,)),) if owner >= 0 else self._shared[-owner - 1]

    @classmethod
    def load(cls, path: Path, settings: Settings) -> tuple[Protected, ListReport]:
        """Return the prepared list at path and its validation report; ConfigError if unusable."""
        records, report = load(path, settings)
        digest = hashlib.sha256(path.read_bytes()).digest()
        protected = cls(records, settings, digest)
        if not protected.pattern_count:
            raise ConfigError(
                f"the protected list {path} has no usable entry ({report.records} records, none with a name of "
                "two or more words, an A-number or a declared identifier); withhold will not pass a site against it"
            )
        return protected, report

    def record_id(self, index: int) -> str:
        return self._ids[index]

    def keyed(self, *parts: str) -> str:
        """Return a short keyed hash of parts: stable for this list, meaningless without it."""
        return hmac.new(self.key, "\x00".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:20]

    def finding_fingerprint(self, kind: str, records: Sequence[int], matched: str, path: str) -> str:
        """Return the keyed fingerprint of a finding: (records, kind, normalised matched text, path).

        Keyed per record (see docs/waivers.md): it survives records added to or removed from the list
        and edits elsewhere in the file; it changes when one of its records changes.
        """
        key = b"".join(sorted(self.record_key(index) for index in records))
        message = "\x00".join((kind, matched, path)).encode("utf-8", "surrogatepass")
        return hmac.new(key, message, hashlib.sha256).hexdigest()[:20]

    def record_key(self, index: int) -> bytes:
        """Return the secret of one record, derived (slowly) from every value it holds."""
        memo = self._record_keys
        if index not in memo:
            memo[index] = hashlib.scrypt(
                self._canonical[index], salt=b"withhold record key 1", dklen=32, **RECORD_KEY_COST
            )
        return memo[index]

    def find(self, text: str) -> list[TextHit]:
        """Return every protected identifier in text, in text's own offsets."""
        norm = normalize(text)
        hits = list(self.automaton.find(norm))
        if self.a_numbers:
            hits.extend(find_a_numbers(norm, self.a_numbers))
        return resolve_hits(self, text, norm, hits) if hits else []

    def numbers(self, number: str) -> tuple[int, ...]:
        """Return the records of a listed A-number (nine digits)."""
        return self.a_numbers.get(number)

    def corroborated(
        self, records: tuple[int, ...], text: str, norm: str, hit: Hit, start: int, end: int
    ) -> tuple[int, ...]:
        """Return the records whose birth date or context value stands near this name hit."""
        stretches = windows(text, norm, hit.start, hit.end, start, end, self.window)
        return tuple(
            index for index in records
            if any(f" {form} " in stretch for stretch in stretches for form in self._corroborating(index))
        )

    def _corroborating(self, index: int) -> set[str]:
        dob = self._dobs[index]
        return corroborating_forms(dt.date.fromordinal(dob) if dob else None, self._context.get(index, ()))


class _Resolves(Protocol):
    """What resolve_hits needs of a list: what a hit stands for, and what stands near it."""

    def meaning(self, key: int) -> Sequence[tuple[str, tuple[int, ...]]]: ...

    def numbers(self, number: str) -> tuple[int, ...]: ...

    def corroborated(
        self, records: tuple[int, ...], text: str, norm: str, hit: Hit, start: int, end: int
    ) -> tuple[int, ...]: ...


def resolve_hits(index: _Resolves, text: str, norm: str, hits: list[Hit]) -> list[TextHit]:
    """Return hits in normalised text as TextHits in text's own offsets, for either kind of list.

    Each hit is mapped back through the token spans; an A-number that only continues a longer
    number (or joins separate cells) is dropped; a name is checked for a corroborating value of
    its records nearby; hits inside a longer one of the same kind and records are dropped.
    """
    hits.sort(key=lambda h: (h.start, h.end))  # keys are ints or strings: never compare them
    spans = token_spans(text)
    out: list[TextHit] = []
    before = 0  # tokens before `position`
    position = 0
    for hit in hits:
        before += norm.count(" ", position, hit.start)
        position = hit.start
        last = before + norm.count(" ", hit.start, hit.end)
        start, end = (spans[before][0], spans[last][1]) if last < len(spans) else (0, len(text))
        matched = norm[hit.start : hit.end]
        if isinstance(hit.key, str):
            if not continues_number(text, start, end, hit.prefixed):
                out.append(TextHit(start, end, "a_number", index.numbers(hit.key), True, matched))
            continue
        for kind, records in index.meaning(hit.key):
            if kind != "name":
                out.append(TextHit(start, end, kind, records, True, matched))
                continue
            near = index.corroborated(records, text, norm, hit, start, end)
            out.append(TextHit(start, end, kind, near or records, bool(near), matched))
    return longest(out)


def _shared(shared: list[dict[str, list[int]]], entry: dict[str, list[int]]) -> int:
    """Append entry to shared and return its pointer: a negative owner."""
    shared.append(entry)
    return -len(shared)


def _canonical(r: Record) -> bytes:
    """Return every value of a record, serialised: what its key is derived from."""
    return json.dumps(
        [r.id, r.full_name, r.given_name, r.family_name, r.dob.isoformat() if r.dob else "", r.a_number,
         [list(i) for i in r.identifiers], list(r.context)],
        ensure_ascii=False,
    ).encode("utf-8", "surrogatepass")


class NumberIndex:
    """A-numbers (nine-digit strings) to their records, as two arrays searched by bisection."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted((int(number), index) for number, index in pairs)
        self._numbers = array.array("Q", (n for n, _ in ordered))
        self._records = array.array("i", (i for _, i in ordered))

    def __len__(self) -> int:
        return len(self._numbers)

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
