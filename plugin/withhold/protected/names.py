"""The parts of listed names (a given name, its first name, a family name each way it is written), worked out once.

A list repeats names far more than records: 100,000 people share a few thousand given names, and a
family name of two surnames comes back with other given names. Names works out each distinct given,
family and full name once (normalised tokens, surname groups, skeletons, bytes to hash), and a
record's forms are then joins of the parts of its names (variants.record_forms).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from withhold.memo import Memo
from withhold.text.normalize import normalize
from withhold.text.skeleton import skeleton

# Lower-case particles that belong to the surname after them ("de la Cruz", "van der Berg").
PARTICLES = frozenset(
    "de del della der den des di da das do dos du la las le les lo los van von ter ten al el bin ibn bint ben mac st".split()
)
# Conjunctions between two surnames ("García y López"), often dropped in writing.
CONJUNCTIONS = frozenset({"y", "e", "i"})
MAX_PART_WORDS = 8  # a given or family part of more words is no partial name
T = TypeVar("T")
MEMO = 200_000  # distinct names of each kind kept while preparing a list (then computed, not kept)


def surname_groups(items: list[T], tokens: Sequence[str] | None = None) -> list[list[T]]:
    """Return surnames as groups of tokens, each particle kept with the surname it precedes.

    tokens: what items stand for, if they are not the tokens themselves (their positions).
    """
    groups: list[list[T]] = []
    pending: list[T] = []
    for item, token in zip(items, items if tokens is None else tokens):
        if token in CONJUNCTIONS and groups and not pending:
            continue
        pending.append(item)
        if token not in PARTICLES:
            groups.append(pending)
            pending = []
    if pending:
        if groups:
            groups[-1].extend(pending)
        else:
            groups.append(pending)
    return groups


def usable(tokens: Sequence[str]) -> bool:
    """Return True if a name form is specific enough to match: two tokens of two or more characters."""
    return sum(len(t) >= 2 for t in tokens) >= 2


class Part(NamedTuple):
    """A run of a name's normalised tokens, and what the forms and partial-name tables of it are joined from.

    Shared by every record of the same name: never changed.
    """

    text: str  # the normalised tokens, joined by spaces
    skeleton: str  # their skeletons, joined (text/skeleton.py works token by token)
    size: int  # tokens
    long: int  # normalised tokens of two or more characters: a form is usable with two
    long_words: int  # the same of the skeleton's tokens, which the partial-name tables count
    chars: int  # characters of the skeleton's tokens
    written: bytes  # the skeleton as UTF-8, as the partial-name tables hash it
    head: bytes  # the skeleton's first token as UTF-8


def part(tokens: Sequence[str], words: Sequence[str] | None = None) -> Part:
    """Return the part of a run of normalised tokens (at least one); words: their skeletons, if known."""
    text = " ".join(tokens)
    if words is None:
        sk = skeleton(text)
        words = sk.split(" ")
    else:
        sk = " ".join(words)
    long = long_words = 0
    for token in tokens:
        long += len(token) >= 2
    for word in words:
        long_words += len(word) >= 2
    return Part(text, sk, len(words), long, long_words, len(sk) - len(words) + 1, _utf8(sk), _utf8(words[0]))


class Given(NamedTuple):
    """The parts of a given name: whole, its first name of several (None for one), and both as the tables take them."""

    whole: Part
    first: Part | None
    parts: list[Part]  # distinct skeletons of at most MAX_PART_WORDS words


class Family(NamedTuple):
    """The parts of a family name: whole, without conjunctions, the first surname of several."""

    pairs: tuple[Part, ...]  # each distinct one, to pair with a whole given name
    firsts: tuple[Part, ...]  # whole and without conjunctions, distinct, to pair with a first given name
    parts: list[Part]  # distinct skeletons of at most MAX_PART_WORDS words


Split = tuple[Given, Family] | None  # a record's given and family name, None without both


class Names:
    """The parts of each distinct name of a list, as a record's forms need them; made once per preparation."""

    def __init__(self, bound: int = MEMO) -> None:
        self._given: Memo[str, Given | None] = Memo(_given, bound)
        self._family: Memo[str, Family | None] = Memo(_family, bound)
        self._full: Memo[str, Part | None] = Memo(lambda name: _part_or_none(_tokens(name)), bound)

    def split(self, given_name: str, family_name: str) -> Split:
        """Return the parts of a given and a family name written together, None unless both have a token."""
        given = self._given[given_name]
        family = self._family[family_name]
        return (given, family) if given is not None and family is not None else None

    def full(self, full_name: str) -> Part | None:
        """Return the part of a full name (None if it has no token)."""
        return self._full[full_name] if full_name else None


def _given(name: str) -> Given | None:
    tokens = _tokens(name)
    if not tokens:
        return None
    whole = part(tokens)
    first = part(tokens[:1]) if len(tokens) > 1 else None
    return Given(whole, first, _distinct_skeletons((whole,) if first is None else (whole, first)))


def _family(name: str) -> Family | None:
    tokens = _tokens(name)
    if not tokens:
        return None
    whole = part(tokens)
    words = whole.skeleton.split(" ")  # token by token: each surname's skeleton is read from the whole's
    groups = surname_groups(list(range(len(tokens))), tokens)
    kept = [i for g in groups for i in g]
    firsts = (whole,) if len(kept) == len(tokens) else (whole, _select(tokens, words, kept))
    pairs = (*firsts, _select(tokens, words, groups[0])) if len(groups) > 1 else firsts
    return Family(pairs, firsts, _distinct_skeletons(pairs))


def _select(tokens: Sequence[str], words: Sequence[str], at: Sequence[int]) -> Part:
    return part([tokens[i] for i in at], [words[i] for i in at])


def _distinct_skeletons(parts: tuple[Part, ...]) -> list[Part]:
    """Return parts of at most MAX_PART_WORDS words, each skeleton once."""
    out: dict[str, Part] = {}
    for p in parts:
        if p.size <= MAX_PART_WORDS:
            out.setdefault(p.skeleton, p)
    return list(out.values())


def name_forms(split: Split, full: Part | None, of: Callable[[Part], str]) -> set[str]:
    """Return the usable forms of a name (of(part): its normalised text or its skeleton), from its split and full name.

    Given and family both ways round, and the first of compound given names beside the whole family
    name only ("María García" alone would fire on every other María García); a full name as written
    and, without a given/family split, "Family Given" at each split point.
    """
    forms: set[str] = set()
    if split is not None:
        given, family = split
        pairs = [(given.whole, f) for f in family.pairs]
        if given.first is not None:
            pairs += [(given.first, f) for f in family.firsts]
        for g, f in pairs:
            if g.long + f.long >= 2:
                written_given, written_family = of(g), of(f)
                forms.add(f"{written_given} {written_family}")
                forms.add(f"{written_family} {written_given}")
    if full is not None and full.long >= 2:
        written = of(full)
        forms.add(written)
        if split is None:
            tokens = written.split(" ")
            forms.update(" ".join(tokens[k:] + tokens[:k]) for k in range(1, len(tokens)))
    return forms


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(normalize(name).split())


def _part_or_none(tokens: tuple[str, ...]) -> Part | None:
    return part(tokens) if tokens else None


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")
