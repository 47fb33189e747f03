"""Written dates: where a date may start in normalised text, and the canonical dates its words are forms of.

dated() reads a date's tokens as one of variants.date_forms()'s orders and gives its key:
("D", "YYYY-MM-DD") for a form with a four-digit year, ("Y", "MM-DD-YY") for one with two, which
names that day in every century. Tokens are read only where a date may start: date_shapes() finds
those places (a regex, _SHAPE, or the same shapes read token by token in C, _fast.c), and
dated() reads each shape's text once (_DATED_AT). Both kinds of list read the dates near a name hit
with dates_in() (nearby.py); a family name beside its birth date reads those in reach of the family
names (nearby.dates_near).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from withhold.memo import Memo
from withhold.native import fast
from withhold.protected.variants import MONTHS
from withhold.text.spans import token_offsets

_MONTH = {name: number for number, names in enumerate(MONTHS, start=1) for name in names}

DATE_TOKENS = 5  # the most tokens a date's written form spans ("3 de mayo de 1990"): what dated() reads from each start
# Where a date's written form may start in normalised text, at a token start: a superset of the
# shapes dated() reads, found in C (this regex, or _fast.c), so tokens are read only there. Its
# words are month names (every one of them is ASCII): "12 cases 2019" is no date, and a table of
# counts is not read token by token. The alternatives do not overlap: each captures the tokens a
# date starting there is read from.
_MONTH_NAMES = "|".join(sorted(_MONTH, key=len, reverse=True))
_MONTH_SET = frozenset(_MONTH)
# What makes _DATE_AFTER's look-ahead below a consequence of _SHAPE, as the C reading of it takes it to be.
assert all(name.isascii() and name.isalpha() and name.islower() for name in _MONTH_SET)
_SHAPE = (rf"(?=(\d{{8}}|\d{{1,4}} (?:\d{{1,2}}|{_MONTH_NAMES}) \d{{1,4}}|(?:{_MONTH_NAMES}) \d{{1,2}} \d{{2,4}}"
          rf"|\d{{1,2}} de (?:{_MONTH_NAMES}) de \d{{4}})(?![^ ]))")
_DATE_HERE = re.compile(_SHAPE)
# After a space: the search runs at a space's speed, and tries the shapes only before a digit or a
# word of a month name's length followed by one (three times as fast as a look-behind at every character).
_LETTERS = f"{min(map(len, _MONTH))},{max(map(len, _MONTH))}"
_DATE_AFTER = re.compile(rf" (?=\d|[a-z]{{{_LETTERS}}} \d){_SHAPE}")


def date_keys(tokens: list[str]) -> set[tuple[str, str]]:
    """Return the canonical keys of every date written in tokens, in any form date_forms() writes.

    ("D", "YYYY-MM-DD") for a form with a four-digit year; ("Y", "MM-DD-YY") for one with a
    two-digit year, which names the day of every century at once. A candidate counts only if its
    words are one of date_forms() of that date, so this never finds more than those forms;
    tests/sealed_test.py checks it finds every form date_forms() writes. The definition that
    dates_in(), which both kinds of list read with, is held to.
    """
    return {key for _, _, key in dated(tokens)}


def dated(tokens: list[str]) -> list[tuple[int, int, tuple[str, str]]]:
    """Return (first, last, key) for every date written in tokens: the tokens [first, last) and date_keys()'s key."""
    found: list[tuple[int, int, tuple[str, str]]] = []

    # Each shape below reads its tokens as one of date_forms()'s orders, and its digit tokens are
    # what _date() takes (4 digits for a year, 1 or 2 for a month or day): such tokens, once parsed,
    # are a form of their date exactly when they are ASCII (date_forms() writes ASCII digits and
    # month names; str.isdigit() also takes other scripts' digits). So the form is checked without
    # writing out the date's 47 forms for every candidate. tests/protected_dates_test.py holds
    # this to the membership test it stands for.
    def full(at: int, size: int, year: str, month: str | int, day: str) -> None:
        date = _date(year, month, day)
        if date is not None and _ascii(tokens, at, size):
            found.append((at, at + size, ("D", date.isoformat())))

    def short(at: int, yy: str, month: str | int, day: str) -> None:
        # Two-digit years: any century will do to check the form; 2000 + yy also holds 29 February.
        date = _date(f"20{yy}", month, day) if len(yy) == 2 else None
        if date is not None and _ascii(tokens, at, 3):
            found.append((at, at + 3, ("Y", f"{date.month:02d}-{date.day:02d}-{yy}")))

    count = len(tokens)
    for i, a in enumerate(tokens):
        if len(a) == 8 and a.isdigit():
            full(i, 1, a[:4], a[4:6], a[6:])  # YYYYMMDD
            full(i, 1, a[4:], a[2:4], a[:2])  # DDMMYYYY
            full(i, 1, a[4:], a[:2], a[2:4])  # MMDDYYYY
        if i + 2 >= count:
            continue
        b, c = tokens[i + 1], tokens[i + 2]
        full(i, 3, a, b, c)  # Y M D
        full(i, 3, c, b, a)  # D M Y
        full(i, 3, c, a, b)  # M D Y
        short(i, c, b, a)  # D M YY
        short(i, c, a, b)  # M D YY
        if b in _MONTH:
            full(i, 3, c, _MONTH[b], a)  # D name Y
            short(i, c, _MONTH[b], a)  # D name YY
        if a in _MONTH:
            full(i, 3, c, _MONTH[a], b)  # name D Y
        if i + 4 < count and b == "de" and tokens[i + 3] == "de" and c in _MONTH:
            full(i, 5, tokens[i + 4], _MONTH[c], a)  # D de name de Y
    return found


def _shapes(norm: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Yield (at, shape) for each token of norm[start:end] (start at a token's start) where _SHAPE matches.

    at: the token's index from start; shape: the tokens _SHAPE captures, which end by `end`. Found
    in C (_DATE_HERE, _DATE_AFTER: a superset of the forms dated() reads).
    """
    here = _DATE_HERE.match(norm, start, end)
    if here is not None:
        yield 0, here.group(1)
    before, position = 0, start
    for match in _DATE_AFTER.finditer(norm, start, end):
        before += norm.count(" ", position, match.end())  # the space before the token is the match
        position = match.end()
        yield before, match.group(1)


# The dates that start at a shape's first token, by the shape's text: a table's thousands of rows read
# each of their days once.
_DATED_AT: Memo[str, tuple[tuple[int, tuple[str, str]], ...]] = Memo(
    lambda shape: tuple((last, key) for first, last, key in dated(shape.split(" ")) if first == 0), 100_000)


def date_shapes(norm: str, ranges: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Return (at, shape) for each token `at` in the token ranges [lo, hi) of norm where a date may start.

    shape: the tokens _SHAPE captures there, which end by the end of the range's DATE_TOKENS - 1
    tokens after it; ranges: in order and apart, as nearby._reach() yields them. In C where it is built
    (_fast.c reads the shapes token by token), else date_shapes_python().
    """
    if fast is not None:
        return fast.date_shapes(norm, ranges, DATE_TOKENS, _MONTH_SET)
    return date_shapes_python(norm, ranges)


def date_shapes_python(norm: str, ranges: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Return date_shapes(norm, ranges) in Python alone: the regex _SHAPE over each range."""
    out: list[tuple[int, str]] = []
    count = norm.count(" ") + 1
    # Each stretch in reach, and the DATE_TOKENS - 1 tokens after it that a date starting there may span.
    lasts = [min(count, hi - 1 + DATE_TOKENS) for _, hi in ranges]
    starts = token_offsets(norm, [lo for lo, _ in ranges])
    for (lo, hi), char, end in zip(ranges, starts, token_offsets(norm, lasts)):
        for at, shape in _shapes(norm, char, end - 1):
            if at >= hi - lo:
                break
            out.append((lo + at, shape))
    return out


def dates_from(norm: str, ranges: list[tuple[int, int]]) -> list[tuple[int, tuple[tuple[int, tuple[str, str]], ...]]]:
    """Return (at, dates) for each token `at` of the ranges where a date may start (date_shapes()).

    dates: dated()'s (size, key) of each date that starts there, read once for each shape's text.
    """
    return [(at, _DATED_AT[shape]) for at, shape in date_shapes(norm, ranges)]


def dates_in(stretch: str) -> set[tuple[str, str]]:
    """Return date_keys() of the tokens of a normalised stretch (single spaces between tokens).

    The same keys as date_keys(stretch.split()), for a fraction of the work: tokens are read only
    where a date may start (tests/protected_dates_test.py).
    """
    return {key for _, dates in dates_from(stretch, [(0, stretch.count(" ") + 1)]) for _, key in dates}


def _ascii(tokens: list[str], at: int, size: int) -> bool:
    return all(t.isascii() for t in tokens[at : at + size])


def birth_date_keys(dob: dt.date) -> set[tuple[str, str]]:
    """Return the keys date_keys() gives for any written form of dob: its full date and its two-digit-year day."""
    return {("D", dob.isoformat()), ("Y", short_key(dob))}


def short_key(day: dt.date) -> str:
    """Return the key of a day written with a two-digit year ("MM-DD-YY"), as date_keys() gives it."""
    return f"{day.month:02d}-{day.day:02d}-{day.year % 100:02d}"


def day_forms(ordinal: int) -> tuple[str, str]:
    """Return the values of birth_date_keys() for the day of this ordinal: its ISO date and its short_key().

    Remembered: a name hit asks about each of its records' birth dates, and a leak names the same
    days again and again (a list of 100,000 people was born on some 24,000 days).
    """
    return _DAY_FORMS[ordinal]


def _day_forms(ordinal: int) -> tuple[str, str]:
    day = dt.date.fromordinal(ordinal)
    return day.isoformat(), short_key(day)


_DAY_FORMS: Memo[int, tuple[str, str]] = Memo(_day_forms, 60_000)  # a pure function of the day: shared safely


def by_day(keys: set[tuple[str, str]]) -> tuple[set[int], set[str]]:
    """Return the ordinals of the full dates among date keys, and the two-digit-year keys (short_key)."""
    return ({dt.date.fromisoformat(value).toordinal() for tag, value in keys if tag == "D"},
            {value for tag, value in keys if tag == "Y"})


def _date(year: str, month: str | int, day: str) -> dt.date | None:
    """Return the date of digit tokens (month may be a number already), or None."""
    if not (year.isdigit() and len(year) == 4 and day.isdigit() and len(day) <= 2):
        return None
    if isinstance(month, str):
        if not (month.isdigit() and len(month) <= 2):
            return None
        month = int(month)
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None
