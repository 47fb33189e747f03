"""Spreadsheets (OOXML): every sheet, cell and hidden place of a workbook, each with its locator."""

from __future__ import annotations

import io
import zipfile

import pytest

import attachments as A


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return A.xlsx()


@pytest.mark.parametrize(
    ("locator", "record"),
    [
        ("!Detainees!A7", "P00002"),  # a name split across two cells
        ("!Detainees!E3", "P00005"),  # a hidden, zero-width column
        ("!Detainees!A20", "P00001"),  # an inline string
        ("!Hidden!D4", "P00001"),  # a very hidden sheet
        ("!Detainees#oddFooter", "P00004"),  # a footer, formatting codes removed
        ("#comment!Detainees!B2", "P00003"),  # a comment (note)
        ("#comment!Detainees!C5", "P00005"),  # a threaded comment
        ("#xl/workbook.xml", "P00003"),  # a defined name's constant
        ("#docProps/core.xml", "P00004"),  # core properties
        ("#docProps/custom.xml", "P00005"),  # custom properties
        ("#xl/charts/chart1.xml", "P00001"),  # a chart's cached labels
        ("#xl/pivotCache/pivotCacheDefinition1.xml[v]", "P00004"),  # a pivot cache's items
    ],
)
def test_every_place_of_a_workbook_is_read(protected, workbook, locator, record):
    assert (locator, record) in A.places(A.scan("stats.xlsx", workbook, protected))


def test_a_birth_date_cell_in_the_row_corroborates_the_name(protected, workbook):
    result = A.scan("stats.xlsx", workbook, protected)
    (hit,) = [f for f in result.findings if f.locator == "!Detainees!A7"]
    assert hit.corroborated and hit.severity == "critical"


def test_a_macro_enabled_workbook_is_read_by_its_content_type_not_its_name(protected, workbook):
    macro = A.add_parts(workbook, {}, edit={"[Content_Types].xml": lambda x: x.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")})
    assert ("!Hidden!D4", "P00001") in A.places(A.scan("stats.xlsm", macro, protected))


def test_a_shared_string_no_cell_uses_is_still_read(protected):
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               b"<si><t>Jean-Luc Dubois</t></si></sst>")
    data = A.add_parts(
        A.small_xlsx("plain"), {"xl/sharedStrings.xml": strings},
        rels={"xl/workbook.xml": [("http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
                                   "sharedStrings.xml")]},
        types={"xl/sharedStrings.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"},
    )
    assert A.places(A.scan("left.xlsx", data, protected)) == {("#shared-string-0", "P00003")}  # its index, as cells cite it


def test_a_large_sheet_is_streamed_and_located(protected):
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Big")
    for i in range(1, 30_001):
        ws.append([f"person {i}", i, "Fictionland"] if i != 25_000 else ["Ana", "Paz", "1990-07-01"])
    result = A.scan("big.xlsx", A.save(wb), protected)
    assert A.places(result) == {("!Big!A25000", "P00002")}


def test_xml_with_external_entities_is_read_without_fetching_them(protected, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Søren Ærøskøbing")
    evil = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            '<cp:coreProperties xmlns:cp="urn:x"><cp:c>&x;&c;&c;&c;</cp:c></cp:coreProperties>').encode()
    data = A.add_parts(A.small_xlsx("plain"), {"docProps/core.xml": evil})
    result = A.scan("evil.xlsx", data, protected)
    assert result.findings == [] and A.statuses(result)["evil.xlsx"][0] == "examined"


def test_malformed_xml_in_a_part_is_reported_corrupt(protected):
    data = A.add_parts(A.small_xlsx("plain"), {}, edit={"xl/worksheets/sheet1.xml": lambda x: x[: len(x) // 2]})
    assert A.statuses(A.scan("cut.xlsx", data, protected))["cut.xlsx"] == ("not examined", "corrupt")


def test_a_damaged_member_is_reported_corrupt(protected):
    raw = bytearray(A.small_xlsx("".join(f"{i:06d}" for i in range(3000))))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[start + 5 : start + 25] = b"\xff" * 20
    assert A.statuses(A.scan("bad.xlsx", bytes(raw), protected))["bad.xlsx"] == ("not examined", "corrupt")
