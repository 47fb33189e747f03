"""Written variants of a protected record, in normalised form.

Names become every order and shortening people write; birth dates every common written form.
A-numbers are not expanded here: matcher.py finds any grouping of their digits.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from withhold.memo import Memo
from withhold.protected.watchlist import Record
from withhold.text.normalize import normalize
from withhold.text.skeleton import skeleton

# Lower-case particles that belong to the surname after them ("de la Cruz", "van der Berg").
PARTICLES = frozenset(
    "de del della der den des di da das do dos du la las le les lo los van von ter ten al el bin ibn bint ben mac st".split()
)
# Conjunctions between two surnames ("García y López"), often dropped in writing.
CONJUNCTIONS = frozenset({"y", "e", "i"})
MIN_IDENTIFIER_CHARS = 5
MAX_PART_WORDS = 8  # a given or family part of more words is no partial name

MONTHS = (
    ("january", "jan", "enero", "ene"), ("february", "feb", "febrero"), ("march", "mar", "marzo"),
    ("april", "apr", "abril", "abr"), ("may", "mayo"), ("june", "jun", "junio"), ("july", "jul", "julio"),
    ("august", "aug", "agosto", "ago"), ("september", "sep", "sept", "septiembre", "setiembre"),
    ("october", "oct", "octubre"), ("november", "nov", "noviembre"), ("december", "dec", "diciembre", "dic"),
)


def surname_groups(tokens: list[str]) -> list[list[str]]:
    """Return surnames as groups of tokens, each particle kept with the surname it precedes."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for token in tokens:
        if token in CONJUNCTIONS and groups and not pending:
            continue
        pending.append(token)
        if token not in PARTICLES:
            groups.append(pending)
            pending = []
    if pending:
        if groups:
            groups[-1].extend(pending)
        else:
            groups.append(pending)
    return groups


def _usable(tokens: Sequence[str]) -> bool:
    """Return True if a name form is specific enough to match: two tokens of two or more characters."""
    return sum(len(t) >= 2 for t in tokens) >= 2


# Apostrophes inside a name ("O'Brien", BGN's "T'umanyan", "Vasil'ev") split it into two tokens; the
# same name is also written without them, as one ("OBrien", and every passport).
_APOSTROPHE_MARKS = "'’‘`´"
_APOSTROPHES = re.compile(f"(?<=\\w)[{_APOSTROPHE_MARKS}](?=\\w)")
_MARKS = frozenset(_APOSTROPHE_MARKS)
# The tokens of a name as a list writes it: given names repeat across a list far more than records do.
_TOKENS: Memo[str, tuple[str, ...]] = Memo(lambda name: tuple(normalize(name).split()), bound=100_000)


def name_forms(record: Record) -> set[str]:
    """Return the normalised written variants of a record's name (empty if none is usable)."""
    tuples = _name_tuples(record, _split(record.given_name, record.family_name))
    return {" ".join(f) for f in tuples} | native_forms(record.native_name)


def _name_tuples(record: Record, split: tuple[Sequence[str], list[Sequence[str]]]) -> set[tuple[str, ...]]:
    """Return the usable name forms of a record as token tuples; split is _split() of its given and family names."""
    names = (record.given_name, record.family_name, record.full_name)
    forms = _name_forms(split, record.full_name)
    if not _MARKS.isdisjoint(record.given_name + record.family_name + record.full_name):  # most names have none
        joined = tuple(_APOSTROPHES.sub("", name) for name in names)
        if joined != names:
            forms |= _name_forms(_split(joined[0], joined[1]), joined[2])
    return forms


def _split(given_name: str, family_name: str) -> tuple[Sequence[str], list[Sequence[str]]]:
    """Return a given name's normalised tokens and the family names written with it: whole, without
    conjunctions, the first surname of several (none without both names)."""
    given = _TOKENS[given_name]
    family = _TOKENS[family_name]
    if not (given and family):
        return given, []
    groups = surname_groups(list(family))
    families: list[Sequence[str]] = [family, tuple(t for g in groups for t in g)]
    if len(groups) > 1:
        families.append(groups[0])
    return given, families


def _name_forms(split: tuple[Sequence[str], list[Sequence[str]]], full_name: str) -> set[tuple[str, ...]]:
    forms: set[tuple[str, ...]] = set()
    given, families = split
    if families:
        # Compound given names also appear shortened to the first, but only beside the whole
        # family name: "María García" alone would fire on every other María García.
        pairs = [(given, f) for f in families]
        if len(given) > 1:
            pairs += [(given[:1], f) for f in families[:2]]
        for g, f in pairs:
            forms.add((*g, *f))
            forms.add((*f, *g))
    full = _TOKENS[full_name] if full_name else ()
    if full:
        forms.add(full)
        # Without a given/family split, any split point may be the one: "Family Given" for each.
        if not families:
            for k in range(1, len(full)):
                forms.add((*full[k:], *full[:k]))
    if min(map(len, (*given, *(families[0] if families else ()), *full)), default=2) >= 2:
        return {f for f in forms if len(f) >= 2}  # every token is long enough: the usual name, in C
    return {f for f in forms if _usable(f)}


def native_forms(name: str) -> set[str]:
    """Return the forms of a name as the list writes it in the person's own script (a native_name column).

    Like a full name with no given/family split: as written and "Family Given" at each split point.
    One token is enough where the script writes names without spaces (Han, Kana, Hangul), never elsewhere.
    """
    if not name:
        return set()
    tokens = normalize(name).split()
    if len(tokens) == 1:
        return set(tokens) if len(tokens[0]) >= 2 and all(map(_unspaced, tokens[0])) else set()
    forms = {tuple(tokens)} | {(*tokens[k:], *tokens[:k]) for k in range(1, len(tokens))}
    return {" ".join(f) for f in forms if _usable(list(f))}


def _unspaced(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED", "HANGUL SYLLABLE", "HIRAGANA", "KATAKANA"))


def identifier_forms(value: str) -> set[str]:
    """Return the normalised variants of an exact identifier.

    As written, with separators removed, and split where letters meet digits ("XK 1234567" for
    XK1234567), the ways people retype an identifier.
    """
    written = normalize(value)
    compact = written.replace(" ", "")
    split = re.sub(r"(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])", " ", compact)
    forms = {written, compact, split}
    return {f for f in forms if len(compact) >= MIN_IDENTIFIER_CHARS}


def date_forms(date: dt.date) -> set[str]:
    """Return the normalised written forms of a date (numeric orders, month names, short years)."""
    y, m, d = f"{date.year:04d}", f"{date.month:02d}", f"{date.day:02d}"
    yy = y[2:]
    ms, ds = str(date.month), str(date.day)
    forms = {f"{y}{m}{d}", f"{d}{m}{y}", f"{m}{d}{y}"}
    for mm in (m, ms):
        for dd in (d, ds):
            forms |= {f"{y} {mm} {dd}", f"{dd} {mm} {y}", f"{mm} {dd} {y}", f"{dd} {mm} {yy}", f"{mm} {dd} {yy}"}
            for name in MONTHS[date.month - 1]:
                forms |= {f"{dd} {name} {y}", f"{name} {dd} {y}", f"{dd} de {name} de {y}", f"{dd} {name} {yy}"}
    return forms


class Forms(NamedTuple):
    """What one record is matched by, as skeletons (text/skeleton.py): its strong forms, its partial names' parts."""

    strong: list[tuple[str, str]]  # (kind, pattern): everything that is a finding on its own
    givens: list[list[str]]  # given parts (the whole given name, its first name of several), as tokens
    families: list[list[str]]  # family parts (whole, without conjunctions, the first surname of several)


def record_forms(record: Record) -> Forms:
    """Return a record's strong forms and partial-name parts, from one normalisation of its names.

    Patterns are skeletons of the normalised forms: what both kinds of list match against the
    skeleton of a text. Distinct forms may share one skeleton; each is given once. Parts are empty
    without both a given and a family name, and leave out any of over MAX_PART_WORDS words.
    """
    split = _split(record.given_name, record.family_name)
    tuples = _name_tuples(record, split)
    given, families = split
    givens = ([given, given[:1]] if len(given) > 1 else [given]) if families else []
    # Skeletons go token by token: each distinct token once, then every form is a join.
    words = list(dict.fromkeys(itertools.chain.from_iterable((*tuples, *givens, *families))))
    skeletons = skeleton(" ".join(words)).split(" ")
    sk = dict(zip(words, skeletons)) if len(skeletons) == len(words) else {w: skeleton(w) for w in words}
    names = {" ".join([sk[t] for t in f]) for f in tuples}
    names.update(skeleton(f) for f in native_forms(record.native_name))
    strong = [("name", form) for form in names]
    for column, value in record.identifiers:
        strong.extend((column, form) for form in {skeleton(f) for f in identifier_forms(value)})

    def unique(parts: Sequence[Sequence[str]]) -> list[list[str]]:
        out = {" ".join([sk[t] for t in x]): None for x in parts if len(x) <= MAX_PART_WORDS}
        return [x.split(" ") for x in out]

    return Forms(strong, unique(givens), unique(families))


def strong_forms(record: Record) -> Iterator[tuple[str, str]]:
    """Yield (kind, pattern) for everything of a record that is a finding on its own (record_forms)."""
    yield from record_forms(record).strong


def corroborating_forms(dob: dt.date | None, context: tuple[str, ...]) -> set[str]:
    """Return the normalised forms that corroborate a name hit: a birth date, context values."""
    forms = date_forms(dob) if dob else set()
    for value in context:
        form = normalize(value)
        if len(form) >= 3:
            forms.add(form)
    return forms
