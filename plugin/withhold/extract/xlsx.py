"""Workbook parts of an OOXML spreadsheet: cells (streamed), shared strings and comments.

Each row is one line, its cells joined by tabs, so a name split across two cells still matches and
a birth date in the same row corroborates it. Every sheet is read whatever its visibility, every
cell whatever its width. Dates stored as serial numbers are written as ISO dates (a reader sees a
date). Shared strings no cell uses any more are read too. The rest of the package (workbook,
defined names, styles, charts, pivot caches, properties) is read by ooxml.py's general rule.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator

from lxml import etree

from withhold.extract import xlsxrows, xlsxview, xmlview
from withhold.extract.base import Context, Item, Segment, labelled
from withhold.extract.opc import parse_small, relations
from withhold.extract.package import Package
from withhold.extract.shortfall import Shortfall
from withhold.extract.xlsxview import header_text
from withhold.extract.xmltext import SAFE, Rules, local, read_xml
from withhold.extract.xmlview import QUICK_MAX, probe, quick

# Built-in number formats that show a date (ECMA-376 18.8.30, with the East Asian ones).
DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
                          45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
BATCH = 1 << 16  # characters of rows handed on together
HEADER_FOOTER = frozenset({"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"})


def _col(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def _ref(col: int, row: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _text(el: etree._Element) -> str:
    """Return a string item's value: its <t> texts, without phonetic runs."""
    return "".join(t.text or "" for t in el.iter("{*}t") if local(t.getparent().tag) != "rPh")


class _Book:
    """The workbook: its sheets, and (read on first need) its shared strings and date styles."""

    def __init__(self, pkg: Package, main: str, done: set[str], shortfall: Shortfall) -> None:
        self.pkg, self.main = pkg, main
        rels = relations(pkg, self.main)
        root = parse_small(pkg, self.main)
        self.sheets: list[tuple[str, str]] = []
        self.epoch = dt.date(1899, 12, 30)
        for el in root.iter() if root is not None else ():
            name = local(el.tag)
            if name == "sheet":
                rid = next((v for k, v in el.attrib.items() if local(k) == "id"), "")
                if rels.get(rid, ("", ""))[1] in pkg.infos:
                    self.sheets.append((el.get("name", "?"), rels[rid][1]))
                else:
                    shortfall.miss()  # a sheet the workbook lists, with no part to read
            elif name == "workbookPr" and el.get("date1904") in ("1", "true"):
                self.epoch = dt.date(1904, 1, 1)
        self.shared = next((t for k, t in rels.values() if k == "sharedStrings" and t in pkg.infos), None)
        self.style = next((t for k, t in rels.values() if k == "styles" and t in pkg.infos), None)
        if self.shared is not None:
            done.add(self.shared)
        self.used: set[int] = set()  # shared strings some cell shows, by either reading
        self._strings: list[str] | None = None
        self.dates: set[int] = set()

    @property
    def strings(self) -> list[str]:
        """The shared strings (and the date styles), read precisely the first time they are needed."""
        if self._strings is None:
            self._strings = []
            if self.shared is not None:
                for _, si in etree.iterparse(self.pkg.open(self.shared), tag="{*}si", **SAFE):
                    self._strings.append(_text(si))
                    si.clear(keep_tail=False)
            if self.style is not None:
                self._styles(parse_small(self.pkg, self.style))
        return self._strings

    def _styles(self, root: etree._Element | None) -> None:
        if root is None:
            return
        custom = {}
        for el in root.iter("{*}numFmt"):
            code = _QUOTED.sub("", el.get("formatCode", "")).lower()
            custom[int(el.get("numFmtId", "0") or 0)] = "d" in code or "y" in code
        for xfs in root.iter("{*}cellXfs"):
            for index, xf in enumerate(x for x in xfs if local(x.tag) == "xf"):
                fmt = int(xf.get("numFmtId", "0") or 0)
                if fmt in DATE_FORMATS or custom.get(fmt):
                    self.dates.add(index)

    def value(self, c: etree._Element) -> tuple[str, str]:
        """Return a cell's shown value and its formula ("" when none)."""
        kind = c.get("t", "n")
        strings = self.strings
        v = formula = ""
        for child in c:
            name = local(child.tag)
            if name == "v":
                v = child.text or ""
            elif name == "f":
                formula = child.text or ""
            elif name == "is":
                v = _text(child)
        index = v.strip()  # str.isdigit() holds for "²", which int() refuses; isdecimal() only for what it reads
        if kind == "s" and index.isdecimal() and int(index) < len(strings):
            self.used.add(int(index))
            return strings[int(index)], formula
        if kind == "n" and v:
            return self.shown(v, c.get("s", "0")), formula
        return v, formula

    def shown(self, v: str, style: str) -> str:
        """Return what a number cell of style (its s attribute) shows: a date where the style is one."""
        if int(style or 0) in self.dates:
            try:
                return (self.epoch + dt.timedelta(days=int(float(v)))).isoformat()
            except (ValueError, OverflowError):
                pass
        return v


class _Sheet:
    """Collects a sheet's rows (and formulas) into batches of lines, one mark per cell."""

    def __init__(self, book: _Book, name: str) -> None:
        self.book, self.where = book, f"!{name}!"
        self.parts: list[str] = []
        self.marks: list[tuple[int, str]] = []
        self.size = 0
        self.row = 0
        self.formulas: list[tuple[str, str]] = []

    def read_row(self, row: etree._Element) -> Iterator[Segment]:
        self.row = int(row.get("r") or self.row + 1) if (row.get("r") or "").isdecimal() or not row.get("r") else self.row + 1
        col = 0
        first = True
        for c in row:
            if local(c.tag) != "c":
                continue
            ref = c.get("r") or ""
            col = _col(ref) or col + 1
            value, formula = self.book.value(c)
            label = ref or _ref(col, self.row)
            if formula:
                self.formulas.append((label, formula))
            if not value:
                continue
            if not first:
                self.parts.append("\t")
                self.size += 1
            first = False
            self.marks.append((self.size, label))
            self.parts.append(value)
            self.size += len(value)
        if not first:
            self.parts.append("\n")
            self.size += 1
        if self.size > BATCH:
            yield from self.flush()

    def flush(self) -> Iterator[Segment]:
        if self.parts:
            yield Segment("".join(self.parts), where=self.where, line=None, marks=tuple(self.marks))
        if self.formulas:
            text = "\n".join(f for _, f in self.formulas)
            offsets, at = [], 0
            for label, formula in self.formulas:
                offsets.append((at, f"{label} (formula)"))
                at += len(formula) + 1
            yield Segment(text, where=self.where, line=None, marks=tuple(offsets))
        self.parts, self.marks, self.size, self.formulas = [], [], 0, []


def _headers(sheet: str) -> Callable[[etree._Element], Iterator[Segment]]:
    def read(el: etree._Element) -> Iterator[Segment]:
        for child in el:
            if local(child.tag) in HEADER_FOOTER and child.text:
                yield Segment(header_text(child.text), where=f"!{sheet}#{local(child.tag)}", line=None)

    return read


def _sheet_rules(sheet: str) -> Rules:
    def label(name: str, el: etree._Element, enclosing: str) -> str | None:
        if name in ("dataValidation", "hyperlink"):
            return f"!{sheet}#{name}"
        return None

    return Rules(f"!{sheet}#sheet", label, labelled=frozenset({"dataValidation", "hyperlink"}))


def _comment_rules(sheet: str) -> Rules:
    def label(name: str, el: etree._Element, enclosing: str) -> str | None:
        if name in ("comment", "threadedComment"):
            return f"#comment!{sheet}!{el.get('ref', '?')}"
        return None

    names = frozenset({"comment", "threadedComment"})
    return Rules(f"#comment!{sheet}", label, names, names)


def _read_sheet(pkg: Package, book: _Book, name: str, part: str, ctx: Context) -> Iterator[Item]:
    """Yield the precise reading of one sheet: its rows, formulas, headers and everything else."""
    sheet = _Sheet(book, name)
    yield from read_xml(pkg.open(part), ctx, _sheet_rules(name), handlers={"row": sheet.read_row, "headerFooter": _headers(name)})
    yield from sheet.flush()


def _read_rest(pkg: Package, name: str, part: str, ctx: Context) -> Iterator[Item]:
    """Yield the precise reading of a sheet but its rows: headers, and everything else but the cells."""
    yield from read_xml(pkg.open(part), ctx, _sheet_rules(name), handlers={"row": _no_row, "headerFooter": _headers(name)})


def _no_row(el: etree._Element) -> Iterator[Segment]:
    return iter(())


def _sheet(pkg: Package, book: _Book, name: str, part: str, shared: list[str] | None,
           ctx: Context) -> Iterator[Item]:
    """Yield a sheet: its rows as the walk writes them when they have plain shapes (xlsxrows.py), the rest
    as a quick reading; else the whole sheet as a quick reading; else walked."""
    precise = functools.partial(_read_sheet, pkg, book, name, part, ctx)
    if shared is None or pkg.infos[part].file_size > QUICK_MAX:
        yield from precise()
        return
    data = pkg.read(part)
    text = xmlview.source(data)
    found = None if text is None else xlsxrows.sheet_data(text)
    segments = None if found is None else xlsxrows.rows(found[0], book, f"!{name}!", BATCH, _ref, _col)
    if found is None or segments is None:
        yield from probe(xlsxview.sheet(data, shared, book.used), precise)
        return
    yield from segments
    yield from probe(xlsxview.others(found[1]), functools.partial(_read_rest, pkg, name, part, ctx))


def _read_comments(pkg: Package, part: str, sheet: str, ctx: Context) -> Iterator[Item]:
    yield from read_xml(pkg.open(part), ctx, _comment_rules(sheet))


def _read_unused(book: _Book) -> Iterator[Item]:
    """Yield the shared strings no cell shows, each marked with its index."""
    unused = labelled((f"#shared-string-{i}", s) for i, s in enumerate(book.strings) if i not in book.used and s.strip())
    if unused is not None:
        yield unused


def extract(pkg: Package, main: str, ctx: Context, done: set[str], shortfall: Shortfall) -> Iterator[Item]:
    """Yield cells, comments and unused shared strings of the workbook part main; add the parts read to done.

    A sheet the workbook lists but the package lacks is counted in shortfall.

    Each sheet, comment part and the unused strings come as a quick reading (xlsxview.py) that the
    core scans, standing for the precise reading here, which runs only where the quick one has a hit.
    """
    book = _Book(pkg, main, done, shortfall)
    shared = None
    if ctx.quick and (book.shared is None or pkg.infos[book.shared].file_size <= QUICK_MAX):
        shared = xlsxview.strings(pkg.read(book.shared)) if book.shared is not None else []
    for name, part in book.sheets:
        done.add(part)
        yield from _sheet(pkg, book, name, part, shared, ctx)
        for kind, target in relations(pkg, part).values():
            if kind in ("comments", "threadedComment") and target in pkg.infos:
                done.add(target)
                comments = functools.partial(_read_comments, pkg, target, name, ctx)
                yield from quick(functools.partial(pkg.read, target), comments, ctx)
        ctx.check_time()
    unused = None if shared is None else xlsxview.unused(shared, book.used)
    yield from probe(unused, functools.partial(_read_unused, book))
