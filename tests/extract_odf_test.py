"""OpenDocument (.odt .ods .odp): paragraphs, cells of every sheet, comments, notes, tracked deletions."""

from __future__ import annotations

import io
import zipfile

import pytest

import attachments as A

CASES = [
    ("memo.odt", A.odt, "#paragraph-2", "P00002"),
    ("memo.odt", A.odt, "#comment-1", "P00005"),  # office:annotation
    ("memo.odt", A.odt, "#deleted-text", "P00001"),  # a tracked deletion
    ("memo.odt", A.odt, "#footnote", "P00004"),
    ("memo.odt", A.odt, "#meta.xml", "P00003"),  # properties
    ("stats.ods", A.ods, "!Detainees!B3", "P00002"),
    ("stats.ods", A.ods, "!Hidden!D1", "P00001"),  # after a repeated empty cell; value held in an attribute
    ("stats.ods", A.ods, "#comment!Detainees!A2", "P00003"),
    ("deck.odp", A.odp, "#slide-2", "P00002"),
    ("deck.odp", A.odp, "#notes-2", "P00003"),
]


@pytest.mark.parametrize(("name", "make", "locator", "record"), CASES)
def test_every_place_of_an_opendocument_file_is_read(protected, name, make, locator, record):
    assert (locator, record) in A.places(A.scan(name, make(), protected))


def test_an_encrypted_opendocument_file_is_reported(protected):
    src = zipfile.ZipFile(io.BytesIO(A.odt()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "META-INF/manifest.xml":
                data = data.replace(b'manifest:full-path="content.xml"',
                                    b'manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry'
                                    b'><manifest:file-entry manifest:media-type="" manifest:full-path="x"', 1)
            dst.writestr(name, data)
    result = A.scan("memo.odt", out.getvalue(), protected)
    assert A.statuses(result)["memo.odt"] == ("not examined", "encrypted")


def test_text_anywhere_in_a_spreadsheet_cell_is_read(protected):
    """A list, a section or a text box in a cell: its paragraphs are the cell's text."""
    from odf.draw import Frame, TextBox
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import List, ListItem, P, Section

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Sheet")
    row = TableRow()
    for person, wrap in ((A.ANA, "list"), (A.JEAN, "section"), (A.SOREN, "frame")):
        cell = TableCell()
        if wrap == "list":
            item = ListItem()
            item.addElement(P(text=person.full))
            holder = List()
            holder.addElement(item)
        elif wrap == "section":
            holder = Section(name="s")
            holder.addElement(P(text=person.full))
        else:
            box = TextBox()
            box.addElement(P(text=person.full))
            holder = Frame(width="2cm", height="1cm")
            holder.addElement(box)
        cell.addElement(holder)
        row.addElement(cell)
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    places = A.places(A.scan("cells.ods", A.save(doc), protected))
    assert {("!Sheet!A1", "P00002"), ("!Sheet!B1", "P00003"), ("!Sheet!C1", "P00005")} <= places


@pytest.mark.parametrize("count", ["1000000000", "\u00b2", "x", ""])
def test_a_run_of_spaces_of_any_count_is_read_within_a_bound(protected, count):
    # <text:s text:c="N"> in a cell: a count of a billion is no billion spaces in memory, and one int()
    # cannot read ("²" is a digit to str.isdigit()) is one space, not a reader that fails on a valid file.
    from odf.namespaces import TEXTNS
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P, S

    doc = OpenDocumentSpreadsheet()
    table, row, cell = Table(name="Sheet"), TableRow(), TableCell()
    p = P(text=A.ANA.given)
    p.addElement(S(qattributes={(TEXTNS, "c"): count}))
    p.addText(A.ANA.family)
    cell.addElement(p)
    row.addElement(cell)
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    result = A.scan("spaced.ods", out.getvalue(), protected)
    assert A.statuses(result)["spaced.ods"][0] == "examined"
    assert ("!Sheet!A1", "P00002") in A.places(result)
