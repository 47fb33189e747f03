"""Written variants of a protected record, in normalised form.

Names become every order and shortening people write; birth dates every common written form.
A-numbers are not expanded here: matcher.py finds any grouping of their digits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import NamedTuple

from withhold.protected.names import Names, Part, Split
from withhold.protected.names import name_forms as name_forms_of
from withhold.protected.names import usable as _usable
from withhold.protected.watchlist import Record
from withhold.text.normalize import normalize
from withhold.text.skeleton import skeleton

MIN_IDENTIFIER_CHARS = 5

MONTHS = (
    ("january", "jan", "enero", "ene"), ("february", "feb", "febrero"), ("march", "mar", "marzo"),
    ("april", "apr", "abril", "abr"), ("may", "mayo"), ("june", "jun", "junio"), ("july", "jul", "julio"),
    ("august", "aug", "agosto", "ago"), ("september", "sep", "sept", "septiembre", "setiembre"),
    ("october", "oct", "octubre"), ("november", "nov", "noviembre"), ("december", "dec", "diciembre", "dic"),
)


# Apostrophes inside a name ("O'Brien", BGN's "T'umanyan", "Vasil'ev") split it into two tokens; the
# same name is also written without them, as one ("OBrien", and every passport).
_APOSTROPHE_MARKS = "'’‘`´"
_APOSTROPHES = re.compile(f"(?<=\\w)[{_APOSTROPHE_MARKS}](?=\\w)")
_MARKS = frozenset(_APOSTROPHE_MARKS)


def name_forms(record: Record) -> set[str]:
    """Return the normalised written variants of a record's name (empty if none is usable)."""
    names = Names()
    return _names(record, names, _text, names.split(record.given_name, record.family_name)) | native_forms(
        record.native_name)


def _names(record: Record, names: Names, of: Callable[[Part], str], split: Split) -> set[str]:
    """Return the usable name forms of a record (of(part): text or skeleton); split is names.split() of its names."""
    forms = name_forms_of(split, names.full(record.full_name), of)
    written = (record.given_name, record.family_name, record.full_name)
    if not _MARKS.isdisjoint(record.given_name + record.family_name + record.full_name):  # most names have none
        joined = tuple(_APOSTROPHES.sub("", name) for name in written)
        if joined != written:
            forms |= name_forms_of(names.split(joined[0], joined[1]), names.full(joined[2]), of)
    return forms


def _text(part: Part) -> str:
    return part.text


def _skeleton(part: Part) -> str:
    return part.skeleton


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
    givens: list[Part]  # given parts (the whole given name, its first name of several)
    families: list[Part]  # family parts (whole, without conjunctions, the first surname of several)


def record_forms(record: Record, names: Names | None = None) -> Forms:
    """Return a record's strong forms and partial-name parts, from the parts of its names (names: those of its list).

    Patterns are skeletons of the normalised forms: what both kinds of list match against the
    skeleton of a text. Distinct forms may share one skeleton; each is given once. Parts are empty
    without both a given and a family name, and leave out any of over MAX_PART_WORDS words.
    """
    names = names or Names()
    split = names.split(record.given_name, record.family_name)
    forms = _names(record, names, _skeleton, split)
    if record.native_name:
        forms.update(skeleton(f) for f in native_forms(record.native_name))
    strong = [("name", form) for form in forms]
    for column, value in record.identifiers:
        strong.extend((column, form) for form in {skeleton(f) for f in identifier_forms(value)})
    if split is None:
        return Forms(strong, [], [])
    given, family = split
    return Forms(strong, given.parts, family.parts)


def strong_forms(record: Record) -> Iterator[tuple[str, str]]:
    """Yield (kind, pattern) for everything of a record that is a finding on its own (record_forms)."""
    yield from record_forms(record).strong


def corroborating_forms(dob: dt.date | None, context: tuple[str, ...]) -> set[str]:
    """Return the normalised forms that corroborate a name hit: a birth date, context values."""
    return (date_forms(dob) if dob else set()) | context_forms(context)


def context_forms(context: tuple[str, ...]) -> set[str]:
    """Return the normalised forms of a record's context values (nationality, facility) that corroborate."""
    return {form for form in map(normalize, context) if len(form) >= 3}
