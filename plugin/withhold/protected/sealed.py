"""A sealed list, opened with its key: the same public surface and the same hits as Protected, from keyed hashes.

Protected runs an automaton over the written forms; a sealed list has only keyed hashes of them, so
find() hashes the text's own word sequences instead: at each word that starts some form (a keyed
first-word table says which, and how many words the forms starting there have), the following
n words are hashed and looked up. A-numbers are the digit runs matcher.find_a_numbers reads, each
looked up by its keyed hash. A name hit is corroborated when a keyed hash of (record, a date read
in the windows nearby) or of (record, a context value standing there) is in the file.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from withhold.errors import ConfigError
from withhold.memo import Memo
from withhold.protected import misread as misreads
from withhold.protected.dates import dates_in
from withhold.protected.hits import TextHit, from_skeleton, longest, resolve_hits, stands
from withhold.protected.keys import Keyed, list_fingerprint, opaque_id
from withhold.protected.matcher import Hit, find_a_numbers
from withhold.protected.nearby import windows
from withhold.protected.partial import Partial, find_partial
from withhold.protected.parttables import TABLES
from withhold.protected.sealfile import FORMAT, MAX_WORDS, Hasher, Keys, integers, keystream, require_key, unpack, xor
from withhold.protected.watchlist import ListReport
from withhold.settings import Settings
from withhold.text.normalize import normalize, token_edges
from withhold.text.skeleton import skeleton

NEAR_MEMO = 50_000  # words read from pixels whose changes that start forms are kept (misread.py)
VARIANTS_MEMO = 1024  # words whose every change is kept (about 40 KB each)
MEMO_WORDS = 500_000  # words of scanned text remembered as starting a form or not; then start afresh


class SealedProtected(Keyed):
    """A sealed list ready to match: Protected's public surface, with no protected value inside."""

    writes_han = True  # its patterns are keyed digests, so which scripts they hold is unknown: assume all

    def __init__(self, header: dict[str, Any], sections: dict[str, memoryview], keys: Keys,
                 settings: Settings) -> None:
        self._keys = keys
        self._hash = Hasher(keys.match)
        self._forms = integers(sections["forms"], "Q")
        self._form_starts = integers(sections["forms_starts"], "I")
        self._form_postings = integers(sections["forms_postings"], "I")
        self._first = integers(sections["first"], "Q")
        self._first_masks = integers(sections["first_masks"], "Q")
        self._second = integers(sections["second"], "Q") if "second" in sections else None  # forms' second words
        self._numbers = integers(sections["numbers"], "Q")
        self._number_starts = integers(sections["numbers_starts"], "I")
        self._number_postings = integers(sections["numbers_postings"], "I")
        self._context = integers(sections["context"], "Q")
        self._near = integers(sections["near"], "Q")
        self._record_keys = bytes(sections["record_keys"])
        self._kinds = [str(k) for k in header["kinds"]]
        self._context_words = int(header["context_words"])
        self._tag = str(header["tag"])
        self.records = int(header["records"])
        ids = json.loads(xor(bytes(sections["ids"]), keystream(keys, b"ids", len(sections["ids"]))))
        self._ids: list[str] | None = [str(i) for i in ids] if header.get("keep_ids") else None
        self.pattern_count = int(header["patterns"])
        self.window = settings.window
        self.a_numbers = _Numbers(self)
        tables = {name: integers(sections[name], code) for name, code in TABLES.items()}
        if "digits" in sections:  # sealed since the table was made (parttables.DIGIT)
            tables["digits"] = integers(sections["digits"], "Q")
        self.partial = Partial((tables, self._hash))
        self._memo: dict[str, int] = {}  # word of scanned text -> mask of form lengths starting with it
        self._lengths: dict[int, tuple[int, ...]] = {}
        # Of words read from pixels (misread.py): each one's changes that start forms, whether it is a form's
        # second word, and every change of it, for the words after a form's start (600-1,000 a word: a few kept).
        self._near_first = Memo(self._changed_firsts, NEAR_MEMO)
        self._seconds: Memo[str, bool] = Memo(self._is_second, NEAR_MEMO)
        self._variants: Memo[str, tuple[str, ...]] = Memo(lambda word: tuple(dict.fromkeys(misreads.variants(word))),
                                                          VARIANTS_MEMO)
        # The plaintext list's own key, so path references and clean-file keys read as in plaintext mode.
        self.key = xor(bytes(sections["list_key"]), keystream(keys, b"list key", len(sections["list_key"])))
        self.fingerprint = list_fingerprint(self.key, settings, f"|sealed {FORMAT}")

    def __reduce__(self) -> NoReturn:
        raise TypeError("a sealed list is never pickled: its keys would be written out")

    @classmethod
    def load(cls, path: Path, settings: Settings, secret: str | None) -> tuple[SealedProtected, ListReport]:
        """Return the sealed list at path opened with secret; ConfigError if it cannot be opened or trusted."""
        secret = require_key(secret, path)
        try:
            blob = path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read the sealed list {path}: {exc.strerror or exc}") from None
        header, sections, keys = unpack(blob, secret, path)
        columns = [header.get(name) for name in ("identifier_columns", "context_columns")]
        sealed_with = tuple(tuple(str(c) for c in value) if isinstance(value, list) else () for value in columns)
        if sealed_with != (settings.identifier_columns, settings.context_columns):
            raise ConfigError(
                f"the sealed list {path} was sealed with identifier columns ({', '.join(sealed_with[0]) or 'none'}) "
                f"and context columns ({', '.join(sealed_with[1]) or 'none'}), this run declares identifier columns "
                f"({', '.join(settings.identifier_columns) or 'none'}) and context columns "
                f"({', '.join(settings.context_columns) or 'none'}): declare the same columns (withhold.toml, "
                "--identifier-column, --context-column) or seal the list again with these"
            )
        protected = cls(header, sections, keys, settings)
        return protected, ListReport(protected.records, (), ())

    def record_id(self, index: int) -> str:
        return self._ids[index] if self._ids is not None else opaque_id(self._tag, index)

    def record_key(self, index: int) -> bytes:
        """Return the secret of one record, as the plaintext list derives it (sealed encrypted in the file)."""
        return xor(self._record_keys[32 * index : 32 * index + 32], keystream(self._keys, b"record %d" % index, 32))

    def find(self, text: str, misread: bool = False) -> list[TextHit]:
        """Return every protected identifier in text, in text's own offsets (the hits Protected.find gives)."""
        norm, skel, hits = self._hits(text)
        if not norm:
            return []
        spans = token_edges(text, len(hits)) if hits else None  # one reading of the token edges, for both, where asked
        found = resolve_hits(self, text, norm, hits, spans) if hits else []
        if misread:
            found = longest(found + misreads.find(self, text, norm, skel, hits, self._misread_forms, spans))
        return found + find_partial(self, text, norm, skel, found, spans)

    def holds(self, text: str) -> bool:
        """Return bool(self.find(text)), decided at the first hit that stands (a quick reading asks no more)."""
        norm, skel, hits = self._hits(text)
        if not norm:
            return False
        spans = token_edges(text, len(hits)) if hits else None
        return bool(hits) and stands(self, text, norm, hits, spans) or bool(find_partial(self, text, norm, skel, [], spans))

    def _hits(self, text: str) -> tuple[str, str, list[Hit]]:
        """Return text normalised, its skeleton, and the hits of the list's forms and A-numbers (norm's offsets)."""
        norm = normalize(text)
        if not norm:
            return norm, norm, []
        skel = skeleton(norm)
        hits = from_skeleton(self._form_hits(skel), skel, norm)
        if len(self.a_numbers):
            hits.extend(find_a_numbers(norm, self.a_numbers))
        return norm, skel, hits

    def _misread_forms(self, words: list[str], i: int, word: str, change: bool) -> Iterator[tuple[int, int, int]]:
        """Yield the forms that hold words[i] once changed, or as it stands (misread.Forms), from keyed hashes:
        those it starts (each change that is a listed first word), then those a word before it starts, as
        read (every change)."""
        # A form that the changed word starts has its second word next, as read (seal.py keeps those words).
        starts = i + 1 < len(words) and self._seconds[words[i + 1]]
        firsts = (self._near_first[word] if change else
                  ((words[i], mask),) if (mask := self._first_mask(words[i])) else ()) if starts else ()
        for changed, mask in firsts:
            for n in self._lengths_of(mask):
                if i + n > len(words):
                    break
                slot = self._phrase(" ".join([changed, *words[i + 1 : i + n]]))
                if slot >= 0:
                    yield i, i + n - 1, slot
        before = [(j, n) for j in range(max(0, i - MAX_WORDS + 1), i) for n in self._lengths_of(self._memo.get(words[j], 0))
                  if j + n > i and j + n <= len(words)]
        if before:
            for changed in self._variants[word] if change else (words[i],):
                for j, n in before:
                    slot = self._phrase(" ".join([*words[j:i], changed, *words[i + 1 : j + n]]))
                    if slot >= 0:
                        yield j, j + n - 1, slot

    def _phrase(self, phrase: str) -> int:
        """Return the slot of a run of words (joined by spaces) in the forms table, -1 if it is no listed form."""
        return _slot(self._forms, self._hash(b"S" + phrase.encode("utf-8", "surrogatepass")))

    def _first_mask(self, word: str) -> int:
        """Return the mask of the lengths of the forms a skeleton word starts (0: none)."""
        slot = _slot(self._first, self._hash(b"F" + word.encode("utf-8", "surrogatepass")))
        return self._first_masks[slot] if slot >= 0 else 0

    def _is_second(self, word: str) -> bool:
        """Return True when a skeleton word is the second word of some form (always, in a file without the table)."""
        return self._second is None or _slot(self._second, self._hash(b"N" + word.encode("utf-8", "surrogatepass"))) >= 0

    def _changed_firsts(self, word: str) -> tuple[tuple[str, int], ...]:
        """Return each change of a normalised word (misread.variants) that starts a form, with its lengths' mask."""
        masks = {changed: self._first_mask(changed) for changed in self._variants[word]}
        return tuple((changed, mask) for changed, mask in masks.items() if mask)

    def numbers(self, number: str) -> tuple[int, ...]:
        """Return the records of a listed A-number (nine digits)."""
        return self.a_numbers.records(number)

    def _form_hits(self, skel: str) -> list[Hit]:
        """Return a Hit (slot in the forms table) for every run of words whose keyed hash is a listed form."""
        words = skel.split(" ")
        memo = self._memo
        unknown = set(words).difference(memo)
        if unknown and len(memo) + len(unknown) > MEMO_WORDS:
            memo.clear()
            unknown = set(words)
        for word in unknown:
            memo[word] = self._first_mask(word)
        hits: list[Hit] = []
        offset = previous = 0
        for i in [i for i, word in enumerate(words) if memo[word]]:
            offset += sum(map(len, words[previous:i])) + i - previous
            previous = i
            for n in self._lengths_of(memo[words[i]]):
                if i + n > len(words):
                    break
                phrase = " ".join(words[i : i + n])
                slot = self._phrase(phrase)
                if slot >= 0:
                    hits.append(Hit(offset, offset + len(phrase), slot))
        return hits

    def _lengths_of(self, mask: int) -> tuple[int, ...]:
        if mask not in self._lengths:
            self._lengths[mask] = tuple(n + 1 for n in range(mask.bit_length()) if mask >> n & 1)
        return self._lengths[mask]

    def meaning(self, slot: int) -> list[tuple[str, tuple[int, ...]]]:
        """Return (kind, records) of a form, records in ascending order, as Protected's meaning reads."""
        groups: dict[str, list[int]] = {}
        for posting in self._form_postings[self._form_starts[slot] : self._form_starts[slot + 1]]:
            groups.setdefault(self._kinds[posting >> 24], []).append(posting & 0xFFFFFF)
        return [(kind, tuple(records)) for kind, records in groups.items()]

    def corroborated(
        self, records: tuple[int, ...], text: str, norm: str, hit: Hit, start: int, end: int
    ) -> tuple[int, ...]:
        """Return the records whose birth date or context value stands near this name hit."""
        if not self._near:
            return ()
        values: set[bytes] = set()
        for window in windows(text, norm, hit.start, hit.end, start, end, self.window):
            words = window.split()
            values.update(tag.encode() + value.encode() for tag, value in dates_in(window))
            for n in range(1, self._context_words + 1):
                for i in range(len(words) - n + 1):
                    data = b"C" + " ".join(words[i : i + n]).encode("utf-8", "surrogatepass")
                    if _slot(self._context, self._hash(data)) >= 0:
                        values.add(data)
        if not values:
            return ()
        near = self._near
        return tuple(index for index in records
                     if any(_slot(near, self._hash(b"R" + index.to_bytes(4, "little") + v)) >= 0 for v in values))


    def born(self, index: int, dates: set[tuple[str, str]]) -> bool | None:
        """Return whether the record was born on one of dates (date_keys), None if it lists no birth date."""
        prefix = b"R" + index.to_bytes(4, "little")
        if _slot(self._near, self._hash(prefix + b"?")) < 0:
            return None
        return any(_slot(self._near, self._hash(prefix + tag.encode() + value.encode())) >= 0 for tag, value in dates)


class _Numbers:
    """The sealed list's A-numbers as find_a_numbers wants them: a container of nine-digit strings."""

    def __init__(self, sealed: SealedProtected) -> None:
        self._sealed = sealed
        self._memo: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._sealed._numbers)

    def _slot(self, number: str) -> int:
        if number not in self._memo:
            if len(self._memo) > MEMO_WORDS:
                self._memo.clear()
            self._memo[number] = _slot(self._sealed._numbers, self._sealed._hash(b"A" + number.encode()))
        return self._memo[number]

    def __contains__(self, number: object) -> bool:
        return isinstance(number, str) and self._slot(number) >= 0

    def records(self, number: str) -> tuple[int, ...]:
        slot, s = self._slot(number), self._sealed
        return tuple(s._number_postings[s._number_starts[slot] : s._number_starts[slot + 1]])


def _slot(table: Sequence[int], value: int) -> int:
    """Return the position of value in a sorted table, or -1."""
    at = bisect_left(table, value)
    return at if at < len(table) and table[at] == value else -1
