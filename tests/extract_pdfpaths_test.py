"""PDF text drawn as glyph outlines (extract/pdfpaths.py): the region rendered and read by OCR, or fail closed.

The PDFs are written by fpdf2 with each glyph's outline from a real font (tests/outlines.py): the
page shows the text and has no text layer, as a page "converted to curves" does. People:
tests/people.py (fictional).
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

import attachments as A
import outlines
from people import PEOPLE
from withhold.extract import ocr, pdfpaths
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
SETTINGS = Settings(identifier_columns=("passport",))
NO_ENGINE = SETTINGS.replace(ocr_engine="none")
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")


@needs_engine
@pytest.mark.parametrize(("lines", "size", "record"), [
    ([f"Interviewed: {ANA.full}", "Case review (fictional)"], 20, ANA.id),
    (["Detainees, page 2 (fictional)", f"{JEAN.full}, Northfield"], 14, JEAN.id),
])
def test_a_name_drawn_as_outlines_is_read_by_ocr(protected, lines, size, record):
    result = A.scan("letter.pdf", outlines.outlined(lines, size), protected, SETTINGS)
    assert {(f.locator.split("#box=")[0], f.records[0]) for f in result.findings} == {("#page=1#drawn-text", record)}
    assert A.statuses(result) == {"letter.pdf": ("examined", "")}


def _rotated(data: bytes, rotation: int) -> bytes:
    """Return the PDF with its first page's /Rotate set (pypdfium2), as a viewer turns it clockwise."""
    document = pdfium.PdfDocument(data)
    document[0].set_rotation(rotation)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@needs_engine
@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_outlines_on_a_page_with_rotate_are_rendered_where_they_lie_and_read(protected, rotation):
    # Before, the region (in the page's own coordinates) was cropped from the turned rendering:
    # 90 and 270 failed as "corrupt", 180 passed with the name unread.
    data = _rotated(outlines.outlined([f"Interviewed: {ANA.full}", "Case review (fictional)"]), rotation)
    result = A.scan("letter.pdf", data, protected, SETTINGS)
    assert {(f.locator.split("#box=")[0], f.records[0]) for f in result.findings} == {("#page=1#drawn-text", ANA.id)}
    assert A.statuses(result) == {"letter.pdf": ("examined", "")}


@needs_engine
def test_clean_outlined_text_passes(protected):
    data = outlines.outlined(["Opening hours: 9 to 5", "Closed on holidays"])
    result = A.scan("notice.pdf", data, protected, SETTINGS)
    assert result.findings == []
    assert A.statuses(result) == {"notice.pdf": ("examined", "")}


def test_without_an_engine_outlined_text_is_not_examined(protected):
    result = A.scan("letter.pdf", outlines.outlined([f"Interviewed: {ANA.full}"]), protected, NO_ENGINE)
    assert A.statuses(result) == {"letter.pdf": ("not examined", "pixels not read")}


@pytest.mark.parametrize(("case", "lines", "text_layer"), [
    ("ordinary text only", [], [f"Visitor: {ANA.full}", "Opening hours: 9 to 5"]),
    ("a short outlined word", ["Fig. 1"], ["Caption in the text layer"]),
])
def test_pages_without_enough_outlined_text_are_not_rendered(case, lines, text_layer):
    doc = pdfium.PdfDocument(outlines.outlined(lines, 20, text_layer))
    page = doc[0]
    textpage = page.get_textpage()
    assert pdfpaths.drawn_region(page, textpage) is None, case
