"""OLE compound files: Excel 97-2003 workbooks, encrypted Office files, kinds with no reader."""

from __future__ import annotations

import io

import pytest

import attachments as A


@pytest.mark.parametrize(
    ("locator", "record"),
    [("!Detainees!A7", "P00002"), ("!Hidden!D4", "P00001"), ("#header", "P00003")],
)
def test_every_place_of_an_excel_97_workbook_is_read(protected, locator, record):
    assert (locator, record) in A.places(A.scan("old.xls", A.xls(), protected))


def _encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("memo.docx", lambda: _encrypted(A.docx()), "encrypted"),
        ("stats.xlsx", lambda: _encrypted(A.small_xlsx("plain")), "encrypted"),
        # the same workbook with its stream renamed: an OLE kind with no reader here
        ("old.xls", lambda: A.xls().replace("Workbook".encode("utf-16-le"), "Workbooz".encode("utf-16-le")),
         "unsupported"),
        ("old.xls", lambda: A.xls()[:1200], "corrupt"),
    ],
    ids=["encrypted docx", "encrypted xlsx", "unknown OLE kind", "truncated"],
)
def test_an_ole_file_that_cannot_be_read_is_reported(protected, name, make, reason):
    result = A.scan(name, make(), protected)
    assert A.statuses(result)[name] == ("not examined", reason)
    assert result.failed


def test_every_string_of_an_excel_97_workbook_is_read_also_outside_the_grid(protected):
    import xlwt

    wb = xlwt.Workbook()
    wb.add_sheet(A.SOREN.full).write(0, 0, "n/a")
    result = A.scan("old.xls", A.save(wb), protected)
    assert ("#sheet-name", "P00005") in A.places(result)
    assert A.statuses(result)["old.xls"] == ("examined", "")


@pytest.fixture(scope="module")
def libreoffice_xls(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    import legacy as L

    if L.soffice() is None:
        pytest.skip("LibreOffice is not installed (make test installs it when root)")
    return L.convert({"stats.xlsx": A.xlsx()}, "xls", tmp_path_factory.mktemp("lo"))["stats.xlsx"]


@pytest.mark.parametrize(
    ("locator", "record"),
    [("!Hidden!D4", "P00001"), ("#comment", "P00003"), ("#footer", "P00004"), ("#properties", "P00005")],
)
def test_a_workbook_libreoffice_writes_is_read_whole(protected, libreoffice_xls, locator, record):
    result = A.scan("stats.xls", libreoffice_xls, protected)
    assert (locator, record) in A.places(result)
    assert A.statuses(result)["stats.xls"] == ("examined", "")
