"""Corroboration respects table rows (issue 12): a birth date or context value counts only in the name's own row.

People: tests/people.py (fictional). P00001 María José García López, 1985-03-12, Fictionland;
P00002 Ana Paz, 1990-07-01, Utopia; P00003 Jean-Luc Dubois, 1979-11-23, Freedonia.
"""

from __future__ import annotations

import pytest

import attachments
from conftest import SETTINGS
from withhold.extract.html import reader_view
from withhold.scan.file import scan_bytes


def _html(rows: list[list[str]]) -> str:
    return reader_view("<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
                       + "</table>")


ROWS = {
    # HTML tables: cells end in the reader's cell mark, rows in a line end
    "html: own row's date": (_html([["Ana Paz", "1990-07-01"]]), "critical"),
    "html: own row's context": (_html([["Ana Paz", "Utopia"]]), "critical"),
    "html: the next row's context": (_html([["Ana Paz", "Freedonia"], ["Jean-Luc Dubois", "Utopia"]]), "high"),
    "html: the row above's date": (_html([["x", "1990-07-01"], ["Ana Paz", "Freedonia"]]), "high"),
    "html: own row contradicts": (_html([["Ana Paz", "1985-03-12"]]), "medium"),
    "html: a recent date is no birth date": (_html([["Ana Paz", "2024-03-12"]]), "high"),
    # spreadsheets and TSV: tabs between cells, a line per row
    "tsv: own row's date": ("id\tname\tdob\n1\tAna Paz\t01/07/1990\n", "critical"),
    "tsv: the next row's context": ("1\tAna Paz\tFreedonia\n2\tJean-Luc Dubois\tUtopia\n", "high"),
    "tsv: own row contradicts": ("1\tAna Paz\t12/03/1985\n", "medium"),
    # CSV: lines holding as many commas as the line beside them
    "csv: own row's date": ("id,name,dob\n1,Ana Paz,1990-07-01\n", "critical"),
    "csv: the next row's context": ("id,name,place\n1,Ana Paz,Freedonia\n2,Jean-Luc Dubois,Utopia\n", "high"),
    "csv: own row contradicts": ("id,name,dob\n1,Ana Paz,1985-03-12\n2,Jean-Luc Dubois,1979-11-23\n", "medium"),
    # prose is no table: the window of tokens still reaches across lines
    "prose: the next line's date": ("The detainee Ana Paz\nwas born on 1990-07-01.\n", "critical"),
    "prose: someone else's date is no contradiction": ("Ana Paz met someone born 1985-03-12.", "high"),
}


@pytest.mark.parametrize("case", sorted(ROWS))
def test_corroboration_counts_in_the_name_s_own_row(case, protected):
    text, severity = ROWS[case]
    hits = [h for h in protected.find(text) if protected.record_id(h.records[0]) == "P00002"]
    assert [h.severity for h in hits] == [severity]


def test_a_workbook_s_rows_are_rows(tmp_path, protected):
    """A real XLSX (openpyxl): the context of the row below corroborates nothing."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["name", "place", "dob"], ["Ana Paz", "Freedonia", ""], ["Jean-Luc Dubois", "Utopia", ""],
                ["María José García López", "", "1979-11-23"]):
        sheet.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = scan_bytes("book.xlsx", path.read_bytes(), protected, SETTINGS)
    assert sorted((f.records, f.severity) for f in result.findings) == [
        (("P00001",), "medium"), (("P00002",), "high"), (("P00003",), "high")]


def test_the_attachments_workbook_keeps_its_findings(protected):
    assert scan_bytes("book.xlsx", attachments.xlsx(), protected, SETTINGS).findings
