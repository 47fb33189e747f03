"""PDF: page text (covered, white and invisible text too) and every place of the object tree."""

from __future__ import annotations

import pytest

import attachments as A


@pytest.fixture(scope="module")
def report() -> bytes:
    return A.pdf_with_field()


@pytest.mark.parametrize(
    ("locator", "record"),
    [
        ("#page=3#under-box", "P00001"),  # under a black box drawn over it: a failed redaction
        ("#page=4", "P00003"),  # white on white
        ("#annotation-1", "P00004"),  # a note
        ("#bookmark-1", "P00002"),
        ("#form-field-1", "P00002"),
        ("#info", "P00003"),  # document info
        ("#xmp", "P00005"),  # XMP metadata
        ("report.pdf!list.csv:2:3", "P00002"),  # an embedded file, scanned as a file
    ],
)
def test_every_place_of_a_pdf_is_read(protected, report, locator, record):
    assert (locator, record) in A.places(A.scan("report.pdf", report, protected))


def test_invisible_text_is_read(protected, report):
    result = A.scan("report.pdf", report, protected)
    assert any(f.locator == "#page=4" and f.kind == "a_number" for f in result.findings)


def test_a_covered_name_is_corroborated_by_its_birth_date(protected, report):
    result = A.scan("report.pdf", report, protected)
    assert any(f.locator == "#page=3#under-box" and f.corroborated for f in result.findings)


def test_a_pdf_whose_owner_password_only_restricts_printing_is_read(protected):
    result = A.scan("owner.pdf", A.pdf_encrypted(""), protected)
    assert A.statuses(result)["owner.pdf"] == ("examined", "")
    assert ("#page=3#under-box", "P00001") in A.places(result) and ("#annotation-1", "P00004") in A.places(result)


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("locked.pdf", lambda: A.pdf_encrypted("user-secret"), "encrypted"),
        ("cut.pdf", lambda: A.pdf()[:-2500], "corrupt"),  # cut before its end
        ("junk.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "corrupt"),
    ],
)
def test_a_pdf_that_cannot_be_read_is_reported_with_its_cause(protected, name, make, reason):
    assert A.statuses(A.scan(name, make(), protected))[name] == ("not examined", reason)


def test_a_pdf_that_is_really_html_is_read_as_html(protected):
    result = A.scan("report.pdf", b"<!doctype html><p>Ana Paz</p>", protected)
    assert A.statuses(result)["report.pdf"] == ("examined", "") and len(result.findings) == 1
