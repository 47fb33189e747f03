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
