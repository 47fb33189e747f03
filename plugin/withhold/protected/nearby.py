"""What stands near a name hit: the stretches searched for a corroborating value, and the dates written there.

A name hit is corroborated by a birth date or context value of the same record in the same
logical line (within LINE_REACH characters) or within `window` tokens. A plaintext list compares
each record's written forms with these stretches; a sealed list holds no forms, so it reads the
dates written in them back to the canonical dates they are forms of (date_keys), and compares
keyed hashes of those.
"""

from __future__ import annotations

import datetime as dt

from withhold.protected.variants import MONTHS, date_forms
from withhold.text.normalize import normalize
from withhold.text.spans import LINE_END

# Characters either side of a hit searched for the rest of its line: a line of a minified page can
# be the whole page, and a date a thousand characters away corroborates nothing.
LINE_REACH = 300

_MONTH = {name: number for number, names in enumerate(MONTHS, start=1) for name in names}


def windows(text: str, norm: str, hit_start: int, hit_end: int, start: int, end: int, window: int) -> tuple[str, str]:
    """Return the two stretches searched for a corroborating value, normalised and space-padded.

    hit_start, hit_end: the hit in norm; start, end: the hit in text. First, `window` tokens either
    side of the hit in norm; second, the hit's logical line in text, at most LINE_REACH characters
    either side. Both kinds of list search these same stretches.
    """
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
    reach = max(0, start - LINE_REACH)
    line_start = max(text.rfind("\n", reach, start), text.rfind(LINE_END, reach, start)) + 1 or reach
    ends = [i for i in (text.find("\n", end, end + LINE_REACH), text.find(LINE_END, end, end + LINE_REACH)) if i >= 0]
    line_end = min(ends) if ends else min(len(text), end + LINE_REACH)
    return f" {norm[left:right].strip()} ", f" {normalize(text[line_start:line_end])} "


def date_keys(tokens: list[str]) -> set[tuple[str, str]]:
    """Return the canonical keys of every date written in tokens, in any form date_forms() writes.

    ("D", "YYYY-MM-DD") for a form with a four-digit year; ("Y", "MM-DD-YY") for one with a
    two-digit year, which names the day of every century at once. A candidate counts only if its
    words are one of date_forms() of that date, so this never finds more than a plaintext list's
    comparison would; tests/sealed_test.py checks it finds every form date_forms() writes.
    """
    found: set[tuple[str, str]] = set()
    memo: dict[dt.date, set[str]] = {}

    def full(written: str, year: str, month: str | int, day: str) -> None:
        date = _date(year, month, day)
        if date is not None and written in memo.setdefault(date, date_forms(date)):
            found.add(("D", date.isoformat()))

    def short(written: str, yy: str, month: str | int, day: str) -> None:
        # Two-digit years: any century will do to check the form; 2000 + yy also holds 29 February.
        date = _date(f"20{yy}", month, day) if len(yy) == 2 else None
        if date is not None and written in memo.setdefault(date, date_forms(date)):
            found.add(("Y", f"{date.month:02d}-{date.day:02d}-{yy}"))

    count = len(tokens)
    for i, a in enumerate(tokens):
        if len(a) == 8 and a.isdigit():
            full(a, a[:4], a[4:6], a[6:])  # YYYYMMDD
            full(a, a[4:], a[2:4], a[:2])  # DDMMYYYY
            full(a, a[4:], a[:2], a[2:4])  # MMDDYYYY
        if i + 2 >= count:
            continue
        b, c = tokens[i + 1], tokens[i + 2]
        written = f"{a} {b} {c}"
        full(written, a, b, c)  # Y M D
        full(written, c, b, a)  # D M Y
        full(written, c, a, b)  # M D Y
        short(written, c, b, a)  # D M YY
        short(written, c, a, b)  # M D YY
        if b in _MONTH:
            full(written, c, _MONTH[b], a)  # D name Y
            short(written, c, _MONTH[b], a)  # D name YY
        if a in _MONTH:
            full(written, c, _MONTH[a], b)  # name D Y
        if i + 4 < count and b == "de" and tokens[i + 3] == "de" and c in _MONTH:
            full(" ".join(tokens[i : i + 5]), tokens[i + 4], _MONTH[c], a)  # D de name de Y
    return found


def birth_date_keys(dob: dt.date) -> set[tuple[str, str]]:
    """Return the keys date_keys() gives for any written form of dob: its full date and its two-digit-year day."""
    return {("D", dob.isoformat()), ("Y", f"{dob.month:02d}-{dob.day:02d}-{dob.year % 100:02d}")}


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
