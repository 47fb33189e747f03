"""A sheet's rows as the precise walk writes them, read by one tokenising pass instead of a tree.

A sheet with a listed person in a quarter of its rows has a hit in every batch of rows, so a quick
reading that only says "there is a hit" (xlsxview.py) has the sheet walked precisely and scanned
again: three readings for one. This one writes what the walk writes (xlsx._Sheet): each row's
shown values joined by tabs, one line per row, batches of BATCH characters, a mark per cell with
its reference, shared strings and date styles resolved by the workbook's own rules (xlsx._Book),
and the core scans it once, located exactly.

It reads only the plain shapes spreadsheet writers produce: unprefixed <row> and <c> elements,
cell attributes r, s and t in double quotes, a cell holding nothing, one <v> or one inline string
of one <t>, nothing but white space between elements. Anything else in the sheet's data (a
formula, rich text, an entity in an attribute, a prefix) and it gives up: the sheet is read as
before, quickly and then, on a hit, precisely.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from withhold.extract.base import Segment
from withhold.native import fast

# XML's own white space only: another space character between elements is text the walk reads.
_TOKEN = re.compile(
    r"([ \t\r\n]+)|(<row\b[^<>]*?(/?)>)|(</row>)"
    r'|<c(?: r="([^"&<\s]*)")?(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?(?: s="([0-9]+)")?[ \t\r\n]*'
    r'(?:/>|>[ \t\r\n]*(?:<v>([^<]*)</v>|<v/>|<is>[ \t\r\n]*<t(?: xml:space="preserve")?>([^<]*)</t>[ \t\r\n]*</is>)?'
    r"[ \t\r\n]*</c>)"
)
# _TOKEN, or any other one character: a piece of data of another shape, told in the same pass.
_TOKEN_OR_OTHER = re.compile(_TOKEN.pattern + r"|([\s\S])")
_ROW_R = re.compile(r'\sr\s*=\s*"([^"]*)"')
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9A-Fa-f]+));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class Cells(Protocol):
    """What the rows need of the workbook (xlsx._Book): its strings, date styles, and what it marks used."""

    used: set[int]

    @property
    def strings(self) -> list[str]: ...

    def shown(self, v: str, style: str) -> str: ...


def text_of(raw: str) -> str:
    """Return character data as the XML parser gives it: line ends folded, references decoded.

    The part is well-formed (xmlview.source checked it), so every "&" starts one of these.
    """
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return _ENTITY.sub(_decode, raw) if "&" in raw else raw


def _decode(match: re.Match[str]) -> str:
    named, decimal, hexadecimal = match.groups()
    return _NAMED[named] if named else chr(int(decimal) if decimal else int(hexadecimal, 16))


def rows(data: str, book: Cells, where: str, batch: int, ref: Callable[[int, int], str],
         col_of: Callable[[str], int]) -> list[Segment] | None:
    """Return the segments the walk gives for the sheet data data (what <sheetData> holds), or None.

    None when a piece of data is not one of the plain shapes: then nothing is marked used. In C
    where it is built (_fast.sheet_rows, _sheet.c), which leaves to rows_python any sheet it does
    not read whole.
    """
    found = fast.sheet_rows(data, book.strings, book.shown, ref, col_of, batch) if fast is not None else False
    if isinstance(found, bool):  # False: a sheet it leaves to rows_python
        return rows_python(data, book, where, batch, ref, col_of)
    batches, used = found
    book.used.update(used)
    return [Segment(text, where=where, line=None, marks=marks) for text, marks in batches]


def rows_python(data: str, book: Cells, where: str, batch: int, ref: Callable[[int, int], str],
                col_of: Callable[[str], int]) -> list[Segment] | None:
    """rows(), a token at a time in Python."""
    strings = book.strings
    used: list[int] = []
    segments: list[Segment] = []
    parts: list[str] = []
    marks: list[tuple[int, str]] = []
    size = row = col = 0
    first, in_row = True, False
    refs: list[str] = []
    counted = 0
    for space, row_tag, row_closed, row_end, r, s1, t, s2, v, inline, other in _TOKEN_OR_OTHER.findall(data):
        if space:
            continue
        if other:
            return None  # not one of the plain shapes
        if row_tag:
            if in_row or "&" in row_tag or "'" in row_tag:
                return None  # a row in a row, or attributes whose values need the parser's rules
            found = _ROW_R.search(row_tag)
            number = found.group(1).replace("\r\n", " ").translate(_ATTRIBUTE_SPACE) if found else ""
            row = int(number or row + 1) if number.isdecimal() or not number else row + 1
            col, first, in_row, refs, counted = 0, True, not row_closed, [], 0
            if in_row:
                continue
        elif row_end:
            if not in_row:
                return None
            in_row = False
        elif not in_row:
            return None  # a cell outside any row: the walk reads it as the sheet's other text
        else:
            refs.append(r)  # a cell's column is counted only when one without a reference needs it
            raw = inline or v
            value = text_of(raw) if raw else ""
            index = value.strip()  # as xlsx._Book reads it
            if (t or "n") == "s" and index.isdecimal() and int(index) < len(strings):
                used.append(int(index))
                value = strings[int(index)]
            elif (t or "n") == "n" and value:
                value = book.shown(value, s1 or s2 or "0")
            if value:
                if not first:
                    parts.append("\t")
                    size += 1
                first = False
                if not r:
                    for earlier in refs[counted:]:
                        col = col_of(earlier) or col + 1
                    counted = len(refs)
                marks.append((size, r or ref(col, row)))
                parts.append(value)
                size += len(value)
            continue
        if not first:  # a row ends
            parts.append("\n")
            size += 1
        if size > batch:
            segments.append(Segment("".join(parts), where=where, line=None, marks=tuple(marks)))
            parts, marks, size = [], [], 0
    if in_row:
        return None
    if parts:
        segments.append(Segment("".join(parts), where=where, line=None, marks=tuple(marks)))
    book.used.update(used)
    return segments


_ATTRIBUTE_SPACE = str.maketrans("\t\n\r", "   ")


def sheet_data(text: str) -> tuple[str, str] | None:
    """Return what a sheet part's one plain <sheetData> holds, and the part without it; None for any other shape."""
    start = text.find("<sheetData")
    if start < 0 or text.find("<sheetData", start + 1) >= 0 or ":sheetData" in text:
        return None
    if text.startswith("<sheetData/>", start):
        return "", text[:start] + text[start + len("<sheetData/>"):]
    end = text.find("</sheetData>", start)
    if not text.startswith("<sheetData>", start) or end < 0:
        return None
    return text[start + len("<sheetData>") : end], text[:start] + text[end + len("</sheetData>"):]
