"""Excel 97-2003 workbooks: the cell grid by xlrd, and every string of every record by biff.py.

The record walk needs nothing xlrd needs: a workbook xlrd cannot read still has its strings read
(and is reported not examined), and one it reads has the strings outside the grid read as well.
"""

from __future__ import annotations

from collections.abc import Iterator

import xlrd

from withhold.errors import NotExamined
from withhold.extract import biff, officeart
from withhold.extract.base import Context, Item, Segment
from withhold.extract.cfb import Storage
from withhold.extract.shortfall import Shortfall

STREAMS = ("Workbook", "Book")


def extract(store: Storage, ctx: Context, shortfall: Shortfall) -> Iterator[Item]:
    stream = store.read(next(s for s in STREAMS if store.has(s)))
    walk = biff.Walk(stream, ctx)
    shortfall.miss(walk.missing)
    try:
        book = xlrd.open_workbook(file_contents=stream, ragged_rows=True, on_demand=False)
    except Exception as exc:  # xlrd fails on damage in many ways; the strings are read all the same
        if "encrypt" in str(exc).lower():
            raise NotExamined("encrypted", "the workbook is password-protected") from None
        shortfall.failed.append(NotExamined("corrupt", "the cell grid of the workbook cannot be read"))
        yield from walk.items(grid_read=False)
        yield from officeart.pictures(bytes(walk.drawing), "drawing-group", ctx)
        return
    for sheet in book.sheets():
        yield from _grid(sheet, book.datemode, ctx)
    yield from walk.items(grid_read=True)
    yield from officeart.pictures(bytes(walk.drawing), "drawing-group", ctx)


def _grid(sheet: xlrd.sheet.Sheet, datemode: int, ctx: Context) -> Iterator[Item]:
    parts, marks, size = [], [], 0
    for r in range(sheet.nrows):
        first = True
        for c, cell in enumerate(sheet.row(r)):
            value = _cell(cell, datemode)
            if not value:
                continue
            piece = value if first else "\t" + value
            marks.append((size + (0 if first else 1), xlrd.cellname(r, c)))
            parts.append(piece)
            size += len(piece)
            first = False
        if not first:
            parts.append("\n")
            size += 1
        ctx.check_time()
    if parts:
        yield Segment("".join(parts), where=f"!{sheet.name}!", line=None, marks=tuple(marks))


def _cell(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode).date().isoformat()
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return str(int(cell.value))
    return str(cell.value)
