"""The prepared protected list: one automaton over every written variant, and what each means.

find() takes any text and gives back hits in that text's own offsets, with the records they
belong to and whether a birth date (or context value) of the same record stands nearby.
Plaintext identifiers stay inside this object; hits carry record indices and offsets.
"""

from __future__ import annotations

import array
import functools
import hashlib
import hmac
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from withhold.errors import ConfigError
from withhold.memo import Memo
from withhold.pool import Aside
from withhold.protected import misread as misreads
from withhold.protected.dates import by_day, dates_in, day_forms
from withhold.protected.hits import TextHit, from_skeleton, longest, resolve_hits, stands
from withhold.protected.keys import Keyed, canonical, derive_record_key, list_fingerprint, list_key
from withhold.protected.lookup import Lookup
from withhold.protected.matcher import Automaton, Hit, NumberIndex, find_a_numbers
from withhold.protected.names import Names
from withhold.protected.nearby import windows
from withhold.protected.partial import Partial, find_partial
from withhold.protected.parttables import KeyedHash, build
from withhold.protected.variants import context_forms, record_forms
from withhold.protected.watchlist import ListReport, Record, load
from withhold.settings import Settings
from withhold.text.normalize import normalize, token_edges
from withhold.text.scripts import is_han
from withhold.text.skeleton import skeleton
from withhold.text.spans import token_starts

# How far a long step has come: (what, done, total), total 0 when it cannot be counted. A door
# renders it (a bar on a terminal, a log line); the core only calls it.
Steps = Callable[[str, int, int], None]
STEP_EVERY = 5000  # records between two calls while preparing
PREPARING = "preparing the protected list: records"
FORK_FROM = 10_000  # records from which preparing uses a second core (a fork costs a few milliseconds)
# ... and up to which: a child's copies of the records and patterns it reads (1.7 GB more at a million
# people, measured) would take a cold scan's peak memory past 4 GB.
FORK_UNTIL = 300_000
CORROBORATING_MEMO = 4096  # records whose context forms are kept
NEAR_MEMO = 50_000  # words read from pixels whose listed words one change away are kept (misread.py)


def quiet(what: str, done: int, total: int) -> None:
    """Steps that show nothing."""


class Protected(Keyed):
    """Everything needed to match a list; built once per run and shared by every file.

    Compact, because a list can hold a million people: the automaton stores pattern ids as plain
    integers, each pattern's owner is one int in an array (the record, for the usual name of one
    person; a pointer into `shared` for a pattern several records or kinds have), A-numbers are a
    sorted array, and of each record only what matching and keys need is kept.
    """

    def __init__(self, records: Sequence[Record], settings: Settings, digest: bytes, steps: Steps = quiet) -> None:
        # A secret known only to holders of the list: keys fingerprints, path references, the partial-name tables.
        self.key = list_key(digest)
        self.fingerprint = list_fingerprint(self.key, settings)
        h = KeyedHash(hmac.new(self.key, b"partial names", "sha256").digest())
        names = Names()  # each distinct name worked out once
        fork = _forks(len(records))
        for index, record in enumerate(records if fork else ()):  # before the fork, so both processes share them
            if index % STEP_EVERY == 0:
                steps(PREPARING, index // 2, len(records))
            names.split(record.given_name, record.family_name)
        # The partial-name tables and what is kept of each record, beside the patterns (a large list: on another core).
        with Aside(lambda: _beside(records, names, h), fork=fork) as aside:
            self._patterns(records, names, steps, fork)
            self.a_numbers = NumberIndex((r.a_number, i) for i, r in enumerate(records) if r.a_number)
            self.pattern_count = len(self._owners) + len(self.a_numbers)
            self._context = {i: r.context for i, r in enumerate(records) if r.context}
            tables, self._record_keys, self._ids, self._id_ends, self._dobs = aside.result()
        self.window = settings.window
        self.partial = Partial((tables, h))
        self._forms = self._memo()
        self._words: frozenset[str] | None = None  # the listed words, made where a picture's text needs them

    def _patterns(self, records: Sequence[Record], names: Names, steps: Steps, fork: bool) -> None:
        """Build the automaton over every record's strong forms, and what each pattern stands for (fork: with a
        second process for the lookup; the records' names were worked out first, the first half of the steps)."""
        pattern_ids: dict[str, int] = {}
        owners = array.array("i")
        shared: list[dict[str, list[int]]] = []
        done = len(records) // 2 if fork else 0
        for index, record in enumerate(records):
            if index % STEP_EVERY == 0:
                steps(PREPARING, done + (index // 2 if fork else index), len(records))
            for kind, form in record_forms(record, names).strong:
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
        steps(PREPARING, len(records), len(records))
        steps(f"building the automaton ({len(pattern_ids)} patterns)", 0, 0)
        # A large list's lookup (lookup.py), which the cache keeps beside the automaton, is made on another core meanwhile.
        with Aside(functools.partial(Lookup.of_patterns, pattern_ids), fork=fork) as lookup:
            self.automaton = Automaton(pattern_ids)
            if fork:
                self.automaton.lookup = lookup.result()
        # Whether Han text can match (OCR scores no Han otherwise): one pass in C over every pattern.
        self.writes_han = is_han("\n".join(pattern_ids))
        del pattern_ids
        self._owners = owners
        self._shared = [tuple((k, tuple(v)) for k, v in entry.items()) for entry in shared]

    def _memo(self) -> Memo[int, tuple[str, ...]]:
        """Return an empty memo of each record's context forms, space-padded: a name hit checks every
        stretch near it against them, and a leak names the same people again and again."""
        return Memo(self._corroborating, CORROBORATING_MEMO)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in ("_forms", "_words", "_near", "_reach"):  # rebuilt where the list is used:
            state.pop(name, None)  # the cache keeps what preparing made, no more
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._forms = self._memo()
        self._words = None

    def under(self, settings: Settings) -> Protected:
        """Return this list for a run under settings (a cached list was prepared under others of the same shape)."""
        self.fingerprint = list_fingerprint(self.key, settings)
        return self

    def meaning(self, pid: int) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """Return (kind, records) of each kind a pattern stands for."""
        owner = self._owners[pid]
        return (("name", (owner,)),) if owner >= 0 else self._shared[-owner - 1]

    @classmethod
    def load(cls, path: Path, settings: Settings, steps: Steps = quiet) -> tuple[Protected, ListReport]:
        """Return the prepared list at path and its validation report; ConfigError if unusable."""
        steps("reading the protected list", 0, 0)
        records, report = load(path, settings)
        digest = hashlib.sha256(path.read_bytes()).digest()
        protected = cls(records, settings, digest, steps)
        if not protected.pattern_count:
            raise ConfigError(
                f"the protected list {path} has no usable entry ({report.records} records, none with a name of "
                "two or more words, an A-number or a declared identifier); withhold will not pass a site against it"
            )
        return protected, report

    def record_id(self, index: int) -> str:
        return self._ids[self._id_ends[index - 1] if index else 0 : self._id_ends[index]]

    def record_key(self, index: int) -> bytes:
        """Return the secret of one record, derived from every value it holds (keys.derive_record_key)."""
        return self._record_keys[32 * index : 32 * index + 32]

    def find(self, text: str, misread: bool = False) -> list[TextHit]:
        """Return every protected identifier in text, in text's own offsets.

        misread: the text was read from pixels; names written with one character wrong are found too (misread.py).
        """
        norm, skel, hits = self._hits(text)
        spans = token_edges(text, len(hits)) if hits else None  # one reading of the token edges, for both, where asked
        found = resolve_hits(self, text, norm, hits, spans) if hits else []
        if misread and norm:
            found = longest(found + misreads.find(self, text, norm, skel, hits, self._misread_forms, spans))
        return found + find_partial(self, text, norm, skel, found, spans)

    def holds(self, text: str) -> bool:
        """Return bool(self.find(text)), decided at the first hit that stands (a quick reading asks no more)."""
        norm, skel, hits = self._hits(text)
        spans = token_edges(text, len(hits)) if hits else None
        return bool(hits) and stands(self, text, norm, hits, spans) or bool(find_partial(self, text, norm, skel, [], spans))

    def _hits(self, text: str) -> tuple[str, str, list[Hit]]:
        """Return text normalised, its skeleton, and the hits of the list's forms and A-numbers (norm's offsets)."""
        norm = normalize(text)
        skel = skeleton(norm)
        hits = from_skeleton(list(self.automaton.find(skel)), skel, norm)
        if self.a_numbers:
            hits.extend(find_a_numbers(norm, self.a_numbers))
        return norm, skel, hits

    def _misread_forms(self, words: list[str], i: int, word: str, change: bool) -> Iterator[tuple[int, int, int]]:
        """Yield the forms that hold words[i] once changed, or as it stands (misread.Forms): the automaton
        over the words around it, for each listed word one change from it (or words[i] if listed).

        A name has two words or more, and only one is changed: a word neither of whose neighbours is
        a listed word is in no such form, and its changes are not made (they cost 2-3 ms a word).
        """
        if self._words is None:
            listed = [pattern.strip().split(" ") for pattern in self.automaton.patterns()]
            self._reach = max(map(len, listed), default=1) - 1
            self._words = frozenset(w for form in listed for w in form)
            self._near = Memo(functools.partial(misreads.near, listed=self._words.__contains__), NEAR_MEMO)
        if (i == 0 or words[i - 1] not in self._words) and (i + 1 == len(words) or words[i + 1] not in self._words):
            return
        lo, hi = max(0, i - self._reach), i + self._reach + 1
        for changed in self._near[word] if change else (words[i],) if words[i] in self._words else ():
            window = words[lo:hi]
            window[i - lo] = changed
            text = " ".join(window)
            offsets = token_starts(text)
            for hit in self.automaton.find(text):
                first, last = misreads.word_at(offsets, hit.start), misreads.word_at(offsets, hit.end - 1)
                if first <= i - lo <= last:
                    yield lo + first, lo + last, int(hit.key)

    def numbers(self, number: str) -> tuple[int, ...]:
        """Return the records of a listed A-number (nine digits)."""
        return self.a_numbers.get(number)

    def corroborated(
        self, records: tuple[int, ...], text: str, norm: str, hit: Hit, start: int, end: int
    ) -> tuple[int, ...]:
        """Return the records whose birth date or context value stands near this name hit.

        The dates written near it are read once (dates.dates_in), as a sealed list reads them, rather
        than each record's 47 forms of its birth date looked for: a common name's hit checks hundreds
        of records, and a list of 100,000 people has birth dates on some 24,000 days.
        """
        stretches = windows(text, norm, hit.start, hit.end, start, end, self.window)
        days, shorts = by_day(set().union(*map(dates_in, stretches)))
        context, forms, dobs = self._context, self._forms, self._dobs
        return tuple(index for index in records
                     if dobs[index] in days
                     or shorts and dobs[index] and day_forms(dobs[index])[1] in shorts
                     or index in context and any(any(map(stretch.__contains__, forms[index])) for stretch in stretches))

    def born(self, index: int, dates: set[tuple[str, str]]) -> bool | None:
        """Return whether the record was born on one of dates (date_keys), None if it lists no birth date."""
        dob = self._dobs[index]
        if not dob:
            return None
        full, short = day_forms(dob)  # birth_date_keys() of its birth date, as dates already read
        return ("D", full) in dates or ("Y", short) in dates

    def _corroborating(self, index: int) -> tuple[str, ...]:
        """Return the forms of a record's context values, space-padded (its birth date is read back: corroborated())."""
        return tuple(f" {form} " for form in context_forms(self._context[index]))


def _beside(records: Sequence[Record], names: Names, h: KeyedHash) -> tuple[
        dict[str, array.array[int]], bytes, str, array.array[int], array.array[int]]:
    """Return the partial-name tables of records, and of each record its key, id (one string and its ends), birth date.

    Of each record only that: a million ids as one string, every key derived now into one bytes (32
    each), rather than a million small objects.
    """
    return (build(records, h, names)[0], b"".join(map(derive_record_key, map(canonical, records))),
            "".join(r.id for r in records), array.array("Q", itertools.accumulate(len(r.id) for r in records)),
            array.array("i", (r.dob.toordinal() if r.dob else 0 for r in records)))


def _forks(records: int) -> bool:
    """Return whether preparing a list of so many records uses a second process (and core)."""
    return FORK_FROM <= records <= FORK_UNTIL and _cores() > 1


def _cores() -> int:
    """Return the number of CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _shared(shared: list[dict[str, list[int]]], entry: dict[str, list[int]]) -> int:
    """Append entry to shared and return its pointer: a negative owner."""
    shared.append(entry)
    return -len(shared)
