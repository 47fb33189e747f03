"""Where a hit stands, as a report says it: the segment's place, its mark there, then line and column.

`book.xlsx!Sheet2!B7`, `scan.pdf#page=2#box=…`, `index.html:12:40`. The place and the mark come from
the file (a sheet's name, a bookmark, an embedded file's name) and may quote an identifier: a locator
is shown with every identifier in it masked (Locators).
"""

from __future__ import annotations

import bisect
import re

from withhold.extract.base import Segment
from withhold.protected.hits import ProtectedList
from withhold.protected.mask import mask_found

# A spreadsheet's cell reference as the readers write it after "!Sheet!": column letters, then a row under
# a million (seven digits after a letter would be an A-number's shape).
_CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,5}")


class Lines:
    """Where the lines of one text start: found once, for the many hits of a large leak placed in one text
    (counting the line breaks before each hit anew costs the length of the text a hit)."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in _NEWLINE.finditer(text)]

    def before(self, offset: int) -> tuple[int, int]:
        """Return how many line breaks stand before offset, and where the line holding offset starts."""
        i = bisect.bisect_left(self._breaks, offset)
        return i, self._breaks[i - 1] + 1 if i else 0


_NEWLINE = re.compile("\n")
_FEW = 8  # hits in one text placed without a Lines


def places(segment: Segment, offsets: list[int]) -> list[tuple[str, str, str, int | None, int | None]]:
    """Return place(segment, offset) for each offset."""
    lines = Lines(segment.text) if len(offsets) > _FEW and segment.locate is None and segment.line is not None else None
    return [place(segment, offset, lines) for offset in offsets]


def place(segment: Segment, offset: int, lines: Lines | None = None) -> tuple[str, str, str, int | None, int | None]:
    """Return the locator of an offset in segment in three parts: the segment's place and its mark there
    (both may quote the file), the ":line:column" withhold writes; then the line and column, if it has them.
    lines: the segment's Lines, if made."""
    text = segment.text
    mark = ""
    line = column = None
    if segment.marks:
        i = bisect.bisect_right(segment.marks, offset, key=_offset) - 1
        if i >= 0:
            mark = segment.marks[i][1]
    if segment.locate is not None:
        line, column = segment.locate(offset)
    elif segment.line is not None:
        if lines is None:
            newlines, line_start = text.count("\n", 0, offset), text.rfind("\n", 0, offset) + 1
        else:
            newlines, line_start = lines.before(offset)
        line = segment.line + newlines
        column = offset - line_start + (segment.column if newlines == 0 else 1)
    return segment.where, mark, "" if line is None else f":{line}:{column}", line, column


class Locators:
    """Masks the places and marks of one segment's locators, each once for all the hits it places."""

    def __init__(self, protected: ProtectedList) -> None:
        self.protected = protected
        self._masked: dict[str, str] = {}

    def masked(self, where: str, mark: str) -> str:
        """Return where + mark with every identifier in it masked.

        ":line:column" is left out, as its digits join no identifier (a colon parts them), and so is a
        cell reference after a sheet's "!": one token of letters and at most six digits, no name, date
        or A-number, nor part of one (tests/scan_test.py holds this to masking the whole).
        """
        cell = where.endswith("!") and _CELL.fullmatch(mark) is not None
        key = where if cell else where + mark
        if key not in self._masked:
            self._masked[key] = mask_found(self.protected, key)
        return self._masked[key] + mark if cell else self._masked[key]


def _offset(mark: tuple[int, str]) -> int:
    return mark[0]
