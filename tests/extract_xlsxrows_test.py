"""xlsxrows.py writes a sheet's rows exactly as the walk writes them, or gives up.

Workbooks are written by openpyxl (both of its writers) and by hand (entities, line ends, missing
references, attribute orders); people are fictional (tests/people.py). Each sheet's row segments
from the one-pass reading are held equal, text, marks and batches, to the precise walk's.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

import attachments as A
from people import PEOPLE, generated
from withhold.extract import xlsx, xlsxrows
from withhold.extract import zip as zip_reader
from withhold.extract.base import Context, Segment
from withhold.settings import Settings

CTX = Context("book.xlsx", Settings(), 0, float("inf"))
DATE_STYLES = "<cellXfs><xf numFmtId='0'/><xf numFmtId='14'/></cellXfs>"  # style 1 shows a date
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rows(data: bytes, quick: bool) -> list[Segment]:
    """Return the row segments of a workbook (where "!Sheet!"), as the core receives them."""
    out = []
    for item in zip_reader.extract(data, CTX._replace(quick=quick)):
        if isinstance(item, Segment) and item.where.endswith("!") and not any("(formula)" in m for _, m in item.marks):
            out.append(item)
    return out


def _openpyxl(write_only: bool, rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Detention statistics") if write_only else book.active
    people = [*PEOPLE, *generated(40)]
    sheet.append(["Name", "Born", "A-number", "Note", None, "Days"])
    for i in range(rows):
        p = people[i % len(people)]
        note = ["", " lead & trail ", "two\nlines", "<tag>", "tab\there", "Ærøskøbing"][i % 6]
        sheet.append([p.full, p.dob if i % 3 else p.dob.isoformat(), p.a_number, note or None, None, i % 400])
    if not write_only:
        other = book.create_sheet("Second")
        other["C7"] = PEOPLE[1].full
        other["A1"] = dt.datetime(1990, 7, 1)
        other["B2"] = 0.5
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("write_only", [False, True])
@pytest.mark.parametrize("rows", [3, 4000])  # 4000 rows: several batches
def test_openpyxl_rows_equal_the_walk(monkeypatch: pytest.MonkeyPatch, write_only: bool, rows: int) -> None:
    data = _openpyxl(write_only, rows)
    read = []
    one_pass = xlsxrows.rows
    monkeypatch.setattr(xlsxrows, "rows", lambda *args: read.append(one_pass(*args)) or read[-1])
    quick = _rows(data, True)
    assert read and None not in read  # every sheet was read in one pass
    assert quick == _rows(data, False)
    assert len(quick) > (2 if rows > 100 else 0)


def test_the_issue_3_workbook_rows_equal_the_walk() -> None:
    data = A.xlsx()
    assert _rows(data, True) == _rows(data, False)


def _book(sheet: str, shared: str = "<si><t>Ana Paz</t></si><si><t>x</t></si>", styles: str = "") -> bytes:
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{sheet}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{shared}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{styles or DATE_STYLES}</styleSheet>',
    }
    return A.zipped({name: text.encode() for name, text in parts.items()}, zipfile.ZIP_STORED)


@pytest.mark.parametrize("sheet", [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>32690</v></c><c r="C1" t="s" s="1"><v> 1 </v></c></row>',
    '<row><c t="s"><v>0</v></c><c/><c><v></v></c><c><v/></c><c r="F1"></c><c t="n" s="1"><v>x</v></c></row><row/>',
    '<row r="x"><c t="inlineStr"><is><t xml:space="preserve"> Ana&#13;&#10;Paz &amp; &lt;&#x41;&gt;</t></is></c></row>',
    ('<row r="5"><c r="B5"><v>1&#9;2</v></c></row>\n  <row r="7" spans="1:3" ht="15"><c s="1" t="s" r="C7">'
     "<v>9</v></c></row>"),
    '<row r=""><c t="str"><v>Ana\r\nPaz\rx</v></c></row><row r="3"/><row r="4"><c r="AB4" t="s"><v>1</v></c></row>',
    '<row r=" 9"><c><v>1</v></c></row><row r="\t9"><c><v>2</v></c></row>',
    # digits int() cannot read, though str.isdigit() takes them; white space str.strip() takes
    '<row r="\u00b2"><c t="s"><v>\u00b2</v></c><c t="s"><v>\u00a01\u2003</v></c><c t="s"><v>\u0661</v></c></row>',
])
def test_hand_written_rows_equal_the_walk(sheet: str) -> None:
    data = _book(sheet)
    assert _rows(data, True) == _rows(data, False)


@pytest.mark.parametrize("sheet", [
    '<row><c><f>A1</f><v>1</v></c></row>',  # a formula
    '<row><c t="inlineStr"><is><r><t>Ana</t></r><r><t> Paz</t></r></is></c></row>',  # rich text
    '<x:row xmlns:x="urn:x"><c><v>1</v></c></x:row>',  # a prefix
    '<c><v>1</v></c>',  # a cell outside a row
    '<row r=\'1\'><c><v>1</v></c></row>',  # single quotes
    '<row>Ana Paz<c><v>1</v></c></row>',  # text between elements
    '<row><c s="1" r="A1"><v>1</v></c></row>',  # attributes in another order
    '<row><c><v>1</v></c>\u00a0</row>',  # a no-break space between elements: text, not XML's white space
])
def test_other_shapes_give_up(sheet: str) -> None:
    class Book:
        def __init__(self) -> None:
            self.used: set[int] = set()
            self.strings = ["Ana Paz"]

        def shown(self, v: str, style: str) -> str:
            return v

    book = Book()
    assert xlsxrows.rows(sheet, book, "!S!", xlsx.BATCH, xlsx._ref, xlsx._col) is None
    assert book.used == set()
