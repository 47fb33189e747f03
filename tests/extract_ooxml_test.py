"""Word processing and presentations (OOXML): body, tracked changes, notes, comments, embedded files."""

from __future__ import annotations

import pytest

import attachments as A


@pytest.fixture(scope="module")
def memo() -> bytes:
    return A.docx()


@pytest.fixture(scope="module")
def deck() -> bytes:
    return A.pptx()


@pytest.mark.parametrize(
    ("locator", "record"),
    [
        ("#paragraph-2", "P00002"),  # body
        ("#paragraph-8", "P00004"),  # a table cell
        ("#comment-1", "P00003"),
        ("#deleted-text", "P00001"),  # a tracked deletion
        ("#inserted-text", "P00005"),  # a tracked insertion
        ("#hidden-text", "P00001"),  # hidden (vanish) run, here an A-number
        ("#text-box", "P00005"),
        ("#header1", "P00003"),
        ("#footer1", "P00004"),
        ("#footnote-1", "P00004"),
        ("#docProps/core.xml", "P00003"),  # properties
        ("memo.docx!word/embeddings/Microsoft_Excel_Worksheet.xlsx!Sheet!A1", "P00001"),  # embedded workbook
    ],
)
def test_every_place_of_a_word_document_is_read(protected, memo, locator, record):
    assert (locator, record) in A.places(A.scan("memo.docx", memo, protected))


def test_the_thumbnail_of_a_package_is_read_as_a_picture(protected, memo):
    assert A.statuses(A.scan("memo.docx", memo, protected))["memo.docx!docProps/thumbnail.jpeg"][0] == "examined"


@pytest.mark.parametrize(
    ("locator", "record"),
    [
        ("#slide-2", "P00002"),
        ("#notes-2", "P00003"),
        ("#slide-2#comment-1", "P00005"),
        ("#docProps/core.xml", "P00004"),
    ],
)
def test_every_place_of_a_presentation_is_read(protected, deck, locator, record):
    assert (locator, record) in A.places(A.scan("deck.pptx", deck, protected))


def test_a_zip_named_docx_is_read_for_what_it_is(protected):
    data = A.zipped({"inner/list.csv": A.csv_lines("Ana Paz")})
    assert A.places(A.scan("memo.docx", data, protected)) == {("memo.docx!inner/list.csv:12:5", "P00002")}


def test_a_docx_that_is_not_a_zip_is_reported(protected):
    result = A.scan("memo.docx", b"PK\x03\x04" + b"\x00" * 200, protected)
    assert A.statuses(result)["memo.docx"] == ("not examined", "corrupt")


def test_printer_settings_are_read_for_their_device_name(protected):
    devmode = "Jean-Luc Dubois".encode("utf-16-le").ljust(64, b"\x00") + b"\x01\x04" + b"\x00" * 150
    data = A.add_parts(A.small_xlsx("plain"), {"xl/printerSettings/printerSettings1.bin": devmode},
                       types={"xl/printerSettings/printerSettings1.bin":
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"})
    result = A.scan("print.xlsx", data, protected)
    assert A.places(result) == {("#printer-settings", "P00003")}
    assert A.statuses(result)["print.xlsx"] == ("examined", "")
