"""What stands near a name hit: the stretches searched for a corroborating value, and the dates written there.

A name hit is corroborated by a birth date or context value of the same record in the same
logical line (within LINE_REACH characters) or within `window` tokens; in a table row (a
spreadsheet, a CSV, an HTML table), only in that row: a neighbouring row is another person. Both
kinds of list read the dates written in these stretches back to the canonical dates they are forms
of (dates_in, date_keys), and compare them with a record's birth date: a plaintext list with the
date itself, a sealed list, which holds no dates, with keyed hashes. Context values are compared
as written forms (plaintext) or keyed hashes of word runs (sealed). A family name beside its
record's birth date (protected/partial.py) reads the dates in reach of the family names (dates_near).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterator

from withhold.memo import Memo
from withhold.protected.variants import MONTHS
from withhold.text.normalize import normalize
from withhold.text.spans import LINE_END

# Characters either side of a hit searched for the rest of its line: a line of a minified page can
# be the whole page, and a date a thousand characters away corroborates nothing.
LINE_REACH = 300

# Cell separators the readers write: a tab (spreadsheets, office tables, TSV) and extract/html.py's
# CELL_END between the cells of an HTML table row.
CELL_SEPARATORS = ("\t", "\x1f")
DELIMITERS = ",;|"

_MONTH = {name: number for number, names in enumerate(MONTHS, start=1) for name in names}

BRIDGE = 8  # tokens between two stretches in reach of names that are read with them (_reach)
DATE_TOKENS = 5  # the most tokens a date's written form spans ("3 de mayo de 1990"): what dated() reads from each start
# Where a date's written form may start in normalised text, at a token start: a superset of the
# shapes dated() reads, found in C, so a stretch is read token by token (in Python) only there. Its
# words are month names (every one of them is ASCII): "12 cases 2019" is no date, and a table of
# counts is not read token by token. The alternatives do not overlap: each captures the tokens a
# date starting there is read from.
_MONTH_NAMES = "|".join(sorted(_MONTH, key=len, reverse=True))
_SHAPE = (rf"(?=(\d{{8}}|\d{{1,4}} (?:\d{{1,2}}|{_MONTH_NAMES}) \d{{1,4}}|(?:{_MONTH_NAMES}) \d{{1,2}} \d{{2,4}}"
          rf"|\d{{1,2}} de (?:{_MONTH_NAMES}) de \d{{4}})(?![^ ]))")
_DATE_HERE = re.compile(_SHAPE)
# After a space: the search runs at a space's speed, and tries the shapes only before a digit or a
# word of a month name's length followed by one (three times as fast as a look-behind at every character).
_LETTERS = f"{min(map(len, _MONTH))},{max(map(len, _MONTH))}"
_DATE_AFTER = re.compile(rf" (?=\d|[a-z]{{{_LETTERS}}} \d){_SHAPE}")


def windows(text: str, norm: str, hit_start: int, hit_end: int, start: int, end: int, window: int) -> tuple[str, ...]:
    """Return the stretches searched for a corroborating value, normalised and space-padded.

    hit_start, hit_end: the hit in norm; start, end: the hit in text. The hit's logical line in text,
    at most LINE_REACH characters either side; unless that line is a table row, also `window` tokens
    either side of the hit in norm. Both kinds of list search these same stretches.
    """
    line_start, line_end = line_bounds(text, start, end)
    line = f" {normalize(text[line_start:line_end])} "
    if is_row(text, line_start, line_end):
        return (line,)
    left = hit_start
    for _ in range(window):
        left = norm.rfind(" ", 0, max(left - 1, 0)) if left > 0 else 0
        if left <= 0:
            left = 0
            break
    right = hit_end
    for _ in range(window):
        right = norm.find(" ", right + 1)
        if right < 0:
            right = len(norm)
            break
    return f" {norm[left:right].strip()} ", line


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the logical line around text[start:end], at most LINE_REACH characters either side."""
    reach = max(0, start - LINE_REACH)
    line_start = max(text.rfind("\n", reach, start), text.rfind(LINE_END, reach, start)) + 1 or reach
    ends = [i for i in (text.find("\n", end, end + LINE_REACH), text.find(LINE_END, end, end + LINE_REACH)) if i >= 0]
    return line_start, min(ends) if ends else min(len(text), end + LINE_REACH)


def is_row(text: str, line_start: int, line_end: int) -> bool:
    """Return True if text[line_start:line_end] is a row of a table.

    It holds a cell separator (a tab, as the spreadsheet and office readers write between cells, or
    the HTML reader's cell end), or it is a line of delimited text: it and a line beside it hold the
    same number, one or more, of commas, semicolons or bars.
    """
    line = text[line_start:line_end]
    if any(sep in line for sep in CELL_SEPARATORS):
        return True
    if not any(d in line for d in DELIMITERS):
        return False
    before = line_bounds(text, max(0, line_start - 1), max(0, line_start - 1)) if line_start > 0 else (0, 0)
    after = line_bounds(text, line_end + 1, line_end + 1) if line_end < len(text) else (0, 0)
    neighbours = [text[a:b] for a, b in (before, after) if b > a]
    return any(line.count(d) and any(n.count(d) == line.count(d) for n in neighbours) for d in DELIMITERS)


def row_birth_dates(text: str, start: int, end: int) -> set[tuple[str, str]]:
    """Return the keys of dates in the table row of text[start:end] that could be a birth date (none outside a table).

    A date of the last ten years is an event (an arrest, a hearing), not a birth date; a two-digit year
    of those years could be either, and is left out too.
    """
    line_start, line_end = line_bounds(text, start, end)
    if not is_row(text, line_start, line_end):
        return set()
    recent = dt.date.today().year - 10
    out = set()
    for tag, value in dates_in(normalize(text[line_start:line_end])):
        year = int(value[:4]) if tag == "D" else 2000 + int(value[-2:])
        if tag == "D" and 1900 <= year < recent or tag == "Y" and not recent <= year <= recent + 10:
            out.add((tag, value))
    return out


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
    # writing out the date's 47 forms for every candidate. tests/protected_nearby_test.py holds
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


def dates_at(norm: str, start: int = 0, end: int | None = None
             ) -> Iterator[tuple[int, tuple[tuple[int, tuple[str, str]], ...]]]:
    """Yield (at, dates) for each token of norm (single spaces between tokens) where a date may start.

    at: the token's index; dates: dated()'s (size, key) of each date that starts there. The tokens
    are found in C (_DATE_HERE, _DATE_AFTER: a superset of the forms dated() reads). start, end: only in
    norm[start:end], start at a token's start; indices count from there, and a date is seen only if
    it ends by `end`.
    """
    end = len(norm) if end is None else end
    here = _DATE_HERE.match(norm, start, end)
    if here is not None:
        yield 0, _DATED_AT[here.group(1)]
    before, position = 0, start
    for match in _DATE_AFTER.finditer(norm, start, end):
        before += norm.count(" ", position, match.end())  # the space before the token is the match
        position = match.end()
        yield before, _DATED_AT[match.group(1)]


# The dates that start at a shape's first token, by the shape's text: a table's thousands of rows read
# each of their days once.
_DATED_AT: Memo[str, tuple[tuple[int, tuple[str, str]], ...]] = Memo(
    lambda shape: tuple((last, key) for first, last, key in dated(shape.split(" ")) if first == 0), 100_000)


def dates_near(norm: str, named: list[int], within: int) -> set[tuple[int, int, tuple[str, str]]]:
    """Return dated()'s (first, last, key) of norm's tokens for every date that starts in reach of a named token.

    A date of up to DATE_TOKENS tokens pairs with a family name that starts at most `within` tokens
    before it or at most within - 1 after its end (partial.Partial.births): it starts at a token `at`
    with at - within <= n <= at + DATE_TOKENS + within - 1 for a named token n (named: sorted). Where a
    date may start is found in C (a regex over the stretches in reach, _reach()); only there are
    tokens read, in Python.
    """
    dates: set[tuple[int, int, tuple[str, str]]] = set()
    tokens = norm.split(" ")
    token = char = 0  # a token and where it starts in norm
    for lo, hi in _reach(named, len(tokens), within):
        char += sum(map(len, tokens[token:lo])) + lo - token
        # The stretch in reach, and the DATE_TOKENS - 1 tokens after it that a date starting there may span.
        last = min(len(tokens), hi - 1 + DATE_TOKENS)
        end = char + sum(map(len, tokens[lo:last])) + last - lo - 1
        for at, found in dates_at(norm, char, end):
            if at >= hi - lo:
                break
            at += lo  # < hi: a named token stands at or after at - within
            if found and named[bisect_left(named, at - within)] <= at + DATE_TOKENS + within - 1:
                for size, key in found:
                    dates.add((at, at + size, key))
        token = lo
    return dates


def _reach(named: list[int], count: int, within: int) -> Iterator[tuple[int, int]]:
    """Yield the token ranges [lo, hi), in order and apart, where a date may start within reach of a named token.

    A date that starts at `at` is in reach of a name at n when n - DATE_TOKENS - within < at <= n + within.
    Ranges at most BRIDGE tokens apart are one, with the tokens between: a search of its own costs
    more than reading them (a table with a listed family name in every other row).
    """
    lo = hi = -1
    for n in named:
        first, last = max(0, n + 1 - DATE_TOKENS - within), min(count, n + within + 1)
        if hi < 0 or first > hi + BRIDGE:
            if hi > lo:
                yield lo, hi
            lo = first
        hi = last
    if hi > lo:
        yield lo, hi


def dates_in(stretch: str) -> set[tuple[str, str]]:
    """Return date_keys() of the tokens of a normalised stretch (single spaces between tokens).

    The same keys as date_keys(stretch.split()), for a fraction of the work: tokens are read only
    where a date may start (tests/protected_nearby_test.py).
    """
    return {key for _, dates in dates_at(stretch) for _, key in dates}


def _ascii(tokens: list[str], at: int, size: int) -> bool:
    return all(t.isascii() for t in tokens[at : at + size])


def birth_date_keys(dob: dt.date) -> set[tuple[str, str]]:
    """Return the keys date_keys() gives for any written form of dob: its full date and its two-digit-year day."""
    return {("D", dob.isoformat()), ("Y", short_key(dob))}


def short_key(day: dt.date) -> str:
    """Return the key of a day written with a two-digit year ("MM-DD-YY"), as date_keys() gives it."""
    return f"{day.month:02d}-{day.day:02d}-{day.year % 100:02d}"


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
