"""Failed redactions in PDFs: each is read and reported as what it is.

Written by fpdf2 (and pypdf for the annotation fpdf2 does not write), of fictional people. The
drawn black box is in extract_pdf_test.py; here: a Redact annotation marked but never applied, a
dark picture pasted over the text, and a bookmark that keeps the name the page no longer shows.
"""

from __future__ import annotations

import io

import pytest

import attachments as A
from people import PEOPLE

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
MM = 72 / 25.4  # PDF points per millimetre
PAGE_HEIGHT = 297 * MM


def _page_with(text: str):  # type: ignore[no-untyped-def]
    from fpdf import FPDF

    doc = FPDF()
    doc.set_font("helvetica", size=14)
    doc.add_page()
    doc.set_xy(20, 40)
    doc.cell(text=text)
    return doc


def _unapplied_annotation() -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(_page_with(f"Applicant: {MARIA.full}").output()))))
    rect = ArrayObject(FloatObject(v) for v in (10 * MM, PAGE_HEIGHT - 50 * MM, 200 * MM, PAGE_HEIGHT - 35 * MM))
    writer.add_annotation(0, DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                               NameObject("/Subtype"): NameObject("/Redact"), NameObject("/Rect"): rect}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _dark_image() -> bytes:
    from PIL import Image

    doc = _page_with(f"Applicant: {OLU.full}")
    black = io.BytesIO()
    Image.new("RGB", (200, 20), (10, 10, 10)).save(black, "PNG")
    doc.image(black, x=15, y=36, w=180, h=12)
    return bytes(doc.output())


def _bookmark() -> bytes:
    doc = _page_with("Applicant: [withheld]")
    doc.start_section(JEAN.full)  # the outline keeps the name the page no longer shows
    return bytes(doc.output())


@pytest.mark.parametrize(
    ("make", "locator", "record"),
    [
        (_unapplied_annotation, "#page=1#under-redaction-annotation", MARIA.id),
        (_dark_image, "#page=1#under-dark-image", OLU.id),
        (_bookmark, "#bookmark-1", JEAN.id),
    ],
    ids=["redact annotation never applied", "text under a dark image", "bookmark keeps the name"],
)
def test_a_failed_redaction_is_found_and_said(protected, make, locator, record):
    result = A.scan("decision.pdf", make(), protected)
    assert (locator, record) in A.places(result), A.places(result)
    assert result.failed
