"""A quick reading of workbook parts: shared strings, and a sheet's rows with their cells resolved.

xmlview.py reads any part; a sheet needs more, because its rows are what a reader sees: cells
joined by tabs, shared strings in place of their numbers, formulas apart. The precise reading
(xlsx.py) builds those rows with Python work per cell. This one builds them with a few passes of
regular expressions in C: shared strings are put in place by one split, then one findall keeps
only what a cell shows (values, inline strings without phonetic runs) and the cell and row edges.
The reading is given up, and the sheet walked precisely, whenever a cell escapes these shapes: a
shared-string cell the split did not resolve, an index past the table, a value and an inline
string in one cell.
"""

from __future__ import annotations

import operator
import re

from withhold.extract.xmlview import BREAK, blocks, source, unescape, view

_Q = r"(?:[\w.-]+:)?"  # an optional namespace prefix
_PHONETIC = re.compile(rf"<{_Q}rPh\b[^>]*/>|<{_Q}rPh\b.*?</{_Q}rPh>", re.DOTALL)
# A string item's <t> texts, and "<" where an item ends (raw text never holds a "<").
_ITEM = re.compile(rf"<{_Q}t(?:\s[^>]*)?>([^<]*)</{_Q}t>|(<)/{_Q}si>|(<){_Q}si\s*/>")
_ITEM_START = re.compile(rf"<{_Q}si[\s>/]")
_SHEET_DATA = re.compile(rf"<{_Q}sheetData[\s>/].*?(?:</{_Q}sheetData>|\Z)", re.DOTALL)
# A shared-string cell up to its value's digits (group 2), a formula allowed before the value.
_FORMULA = rf"<{_Q}f\b[^>]*?(?:/>|>[^<]*</{_Q}f>)"
_STRING_CELL = re.compile(
    rf"""(<{_Q}c(?=\s)[^>]*?\st\s*=\s*["']s["'][^>]*>\s*(?:{_FORMULA}\s*)?<{_Q}v>)\s*(\d+)\s*(?=</{_Q}v>)"""
)
# What a cell shows comes from a split on tags, each distinct tag looked up once: the text after
# a value's or an inline string's <t> is kept, any other text (a formula, spaces between elements)
# dropped; a cell and a value start with a tab, a row ends with a line break.
_TAG = re.compile(r"<(/?[^\s/>]+)[^>]*>")
_EMPTY_TEXT = re.compile(rf"<{_Q}[tv]\s*/>")


class _Shown(dict[str, str]):
    """Tag (with "/" if it ends) -> its stand-in in a sheet's rows."""

    def __missing__(self, tag: str) -> str:
        local = tag.rpartition(":")[2]
        out = "\n" if tag[0] == "/" and local == "row" else "\t" if tag[0] != "/" and local in ("c", "is", "v") else ""
        if len(self) < 10_000:
            self[tag] = out
        return out


class _Keeps(dict[str, bool]):
    """Tag -> whether the text after it is shown (it opens a value or a <t>)."""

    def __missing__(self, tag: str) -> bool:
        out = tag[0] != "/" and tag.rpartition(":")[2] in ("t", "v")
        if len(self) < 10_000:
            self[tag] = out
        return out


_SHOWN, _KEEPS = _Shown(), _Keeps()
_SHEET_DATA = re.compile(rf"<{_Q}sheetData[\s>/]")
_ROW_END = re.compile(rf"</{_Q}row>")
# A cell with two values (a value and an inline string): the walk shows the last, this reading both.
_TWO_VALUES = re.compile(rf"</{_Q}(?:v|is)>\s*(?:{_FORMULA}\s*)?<{_Q}(?:v|is)[\s>/]")
_TWO_VALUES_UNPREFIXED = re.compile(r"</(?:v|is)>\s*(?:<f\b[^>]*?(?:/>|>[^<]*</f>)\s*)?<(?:v|is)[\s>/]")  # 3x faster
_FORMULA_TEXT = re.compile(rf"<{_Q}f(?:\s[^>]*)?>([^<]*)</{_Q}f>")
_HEADER = re.compile(rf"<{_Q}(?:odd|even|first)(?:Header|Footer)(?:\s[^>]*)?>([^<]*)</")
# Header and footer codes (ECMA-376 18.3.1.39): sections become lines, formatting vanishes.
_SECTION = re.compile(r"&[LCR]")
_CODE = re.compile(r'&"[^"]*"|&\d+|&K(?:[0-9A-Fa-f]{6}|\d\d[+-]\d{3})|&[PNDTZFAGBIUESXY]')


def header_text(code: str) -> str:
    """Return a header or footer as printed: sections on their own lines, formatting codes gone."""
    return _CODE.sub("", _SECTION.sub("\n", code.replace("&&", "\x00"))).replace("\x00", "&")


def strings(data: bytes) -> list[str] | None:
    """Return the shared strings as written (entities not yet decoded), or None to read them precisely."""
    text = source(data)
    if text is None:
        return None
    text = _PHONETIC.sub("", text)
    items = "".join(map("".join, _ITEM.findall(text))).split("<")
    items.pop()  # what follows the last item
    return items if len(items) == len(_ITEM_START.findall(text)) else None


def sheet(data: bytes, shared: list[str], used: set[int]) -> str | None:
    """Return the quick reading of a sheet part, and add the shared strings its cells use to used.

    None (used untouched) when only the precise reading may read it.
    """
    text = source(data)
    if text is None:
        return None
    start = _SHEET_DATA.search(text)
    rows, rest = "", text
    if start is not None:
        end = text.rfind("sheetData>")
        end = end + len("sheetData>") if end > start.start() else text.find(">", start.start()) + 1
        rows, rest = text[start.start() : end], text[: start.start()] + text[end:]
    if "<!--" in rows or "<?" in rows:
        return None
    shown: list[str] = []
    formulas: list[str] = []
    found: list[int] = []
    for block in blocks(rows, _ROW_END):  # a few MB of rows at a time: no split of millions of pieces
        typed = block.count('t="s"') + block.count("t='s'")
        if typed:  # shared-string cells: their strings in place, every one (text that looks like one too)
            pieces = _STRING_CELL.split(block)
            if len(pieces) // 3 != typed:
                return None
            indices = list(map(int, pieces[2::3]))
            if max(indices) >= len(shared):
                return None
            pieces[2::3] = map(shared.__getitem__, indices)
            block = "".join(pieces)
            found += indices
        prefixed = ":v>" in block or ":is>" in block or ":f" in block
        if (_TWO_VALUES if prefixed else _TWO_VALUES_UNPREFIXED).search(block):
            return None
        shown.append(_shown(block))
        if "f>" in block:
            formulas += _FORMULA_TEXT.findall(block)
    fields = ["".join(shown), "\n".join(formulas)]
    fields += [header_text(unescape(code)) for code in _HEADER.findall(rest)]
    used.update(found)
    return BREAK.join([unescape(BREAK.join(fields)), view(rest)])


def others(rest: str) -> str:
    """Return the quick reading of a sheet part without its <sheetData>: headers and footers, then the rest."""
    fields = [header_text(unescape(code)) for code in _HEADER.findall(rest)]
    return BREAK.join([unescape(BREAK.join(fields)), view(rest)])


def _shown(rows: str) -> str:
    """Return what the cells of rows show, as the walk lines them up (tabs between cells, a line per row)."""
    if "rPh" in rows:
        rows = _PHONETIC.sub("", rows)
    if "t/>" in rows or "v/>" in rows or any(f"{space}/>" in rows for space in " \t\n\r"):
        rows = _EMPTY_TEXT.sub("", rows)  # an empty <t/>: the text after it is not its own
    pieces = _TAG.split(rows)
    tags = pieces[1::2]
    pieces[2::2] = map(operator.mul, pieces[2::2], map(_KEEPS.__getitem__, tags))
    pieces[1::2] = map(_SHOWN.__getitem__, tags)
    return "".join(pieces)


def unused(shared: list[str], used: set[int]) -> str:
    """Return the quick reading of the shared strings no cell uses."""
    return unescape("\n".join(s for i, s in enumerate(shared) if i not in used))
