"""What stands near a name hit: the stretches searched for a corroborating value, and the dates written there.

A name hit is corroborated by a birth date or context value of the same record in the same
logical line (within LINE_REACH characters) or within `window` tokens; in a table row (a
spreadsheet, a CSV, an HTML table), only in that row: a neighbouring row is another person. Both
kinds of list read the dates written in these stretches back to the canonical dates they are forms
of (dates.dates_in), and compare them with a record's birth date: a plaintext list with the
date itself, a sealed list, which holds no dates, with keyed hashes. Context values are compared
as written forms (plaintext) or keyed hashes of word runs (sealed). A family name beside its
record's birth date (protected/partial.py) reads the dates in reach of the family names (dates_near).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator

from withhold.protected.dates import DATE_TOKENS, dates_from, dates_in
from withhold.text.normalize import normalize
from withhold.text.spans import LINE_END

# Characters either side of a hit searched for the rest of its line: a line of a minified page can
# be the whole page, and a date a thousand characters away corroborates nothing.
LINE_REACH = 300

# Cell separators the readers write: a tab (spreadsheets, office tables, TSV) and extract/html.py's
# CELL_END between the cells of an HTML table row.
CELL_SEPARATORS = ("\t", "\x1f")
DELIMITERS = ",;|"

BRIDGE = 8  # tokens between two stretches in reach of names that are read with them (_reach)


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


def dates_near(norm: str, named: list[int], within: int) -> set[tuple[int, int, tuple[str, str]]]:
    """Return dated()'s (first, last, key) of norm's tokens for every date that starts in reach of a named token.

    A date of up to DATE_TOKENS tokens pairs with a family name that starts at most `within` tokens
    before it or at most within - 1 after its end (partial.Partial.births): it starts at a token `at`
    with at - within <= n <= at + DATE_TOKENS + within - 1 for a named token n (named: sorted). Where a
    date may start is found in C (dates.date_shapes() over the stretches in reach, _reach()).
    """
    dates: set[tuple[int, int, tuple[str, str]]] = set()
    ranges = list(_reach(named, norm.count(" ") + 1, within))
    for at, found in dates_from(norm, ranges):  # at < hi: a named token stands at or after at - within
        if found and named[bisect_left(named, at - within)] <= at + DATE_TOKENS + within - 1:
            for size, key in found:
                dates.add((at, at + size, key))
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


