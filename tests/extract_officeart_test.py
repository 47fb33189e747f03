"""Pictures in Office 97-2003 streams (extract/officeart.py, called for the streams ole.py reads by printable runs).

A .ppt keeps its pictures in the Pictures stream, a .doc in its Data stream, an .xls in its drawing
group, as OfficeArt BLIP records: each picture is read as the file it is (an EMF's text and bitmaps,
a PNG's pixels). Files written by LibreOffice (from python-pptx, python-docx and openpyxl) and,
for damaged and stray records, a .ppt hand-built after the specifications (tests/legacy.py, cfb.py).
People: tests/people.py (fictional).
"""

from __future__ import annotations

import io

import olefile
import pytest

import attachments as A
import cfb
import legacy
import metafiles as M
from people import PEOPLE
from withhold.extract import ocr
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
SETTINGS = Settings(identifier_columns=("passport",))
NO_ENGINE = SETTINGS.replace(ocr_engine="none")
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")
EMF, PNG = 0xF01A, 0xF01E


def _figure() -> bytes:
    return M.emf(M.text_w(10, 10, f"Witness: {JEAN.full}"))


def _ppt(pictures: bytes) -> bytes:
    """Return a hand-built .ppt whose Pictures stream is pictures."""
    ole = olefile.OleFileIO(legacy.ppt(slide="Agenda"))
    streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    streams["Pictures"] = pictures
    return cfb.write(streams)


def _pictured(result) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Return (path, locator, record) of the findings in pictures (the hand-built deck names a person elsewhere too)."""
    return {(f.path, f.locator, f.records[0]) for f in result.findings if "!Pictures/" in f.path}


def test_a_deflated_emf_in_the_pictures_stream_is_read(protected):
    pictures = M.blip(EMF, 0x3D4, _figure(), metafile=True) + M.blip(PNG, 0x6E0, M.badge(f"Visitor: {ANA.full}"))
    result = A.scan("deck.ppt", _ppt(pictures), protected, NO_ENGINE)
    assert _pictured(result) == {("deck.ppt!Pictures/picture-1.emf", "#record=2", JEAN.id)}
    # The PNG beside it is a picture too: with no engine, not examined.
    assert A.statuses(result)["deck.ppt!Pictures/picture-2.png"] == ("not examined", "pixels not read")


@pytest.mark.parametrize(("case", "pictures"), [
    ("a stored EMF behind two UIDs", M.blip(EMF, 0x3D5, _figure(), metafile=True, deflate=False)),
    ("a BLIP after other bytes", b"\x00\x1a\xf0 stray" * 3 + M.blip(EMF, 0x3D4, _figure(), metafile=True)),
])
def test_blips_are_found_wherever_they_stand(protected, case, pictures):
    result = A.scan("deck.ppt", _ppt(pictures), protected, NO_ENGINE)
    assert _pictured(result) == {("deck.ppt!Pictures/picture-1.emf", "#record=2", JEAN.id)}, case


def test_what_only_looks_like_a_blip_is_passed_over(protected):
    stray = M.blip(EMF, 0x123, _figure(), metafile=True)  # an instance no EMF BLIP has
    result = A.scan("deck.ppt", _ppt(stray), protected, NO_ENGINE)
    assert not any(c.member for c in result.coverage)


def test_a_damaged_deflated_picture_leaves_the_file_not_examined(protected):
    damaged = bytearray(M.blip(EMF, 0x3D4, _figure(), metafile=True))
    damaged[70:80] = b"\xff" * 10
    result = A.scan("deck.ppt", _ppt(bytes(damaged)), protected, NO_ENGINE)
    assert A.statuses(result)["deck.ppt"] == ("not examined", "corrupt")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A .ppt with an EMF and a PNG, a .doc and an .xls with a PNG, that LibreOffice wrote from python-pptx,
    python-docx and openpyxl."""
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    import docx
    import openpyxl
    import pptx
    from openpyxl.drawing.image import Image
    from pptx.util import Inches

    badge = M.badge(f"Visitor: {ANA.full}")
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.shapes.add_picture(io.BytesIO(_figure()), Inches(1), Inches(1))
    slide.shapes.add_picture(io.BytesIO(badge), Inches(1), Inches(4))
    memo = docx.Document()
    memo.add_paragraph("Figure 1")
    memo.add_picture(io.BytesIO(badge))
    book = openpyxl.Workbook()
    book.active["A1"] = "Figure 1"
    book.active.add_image(Image(io.BytesIO(badge)), "B2")
    folder = tmp_path_factory.mktemp("officeart")
    return {**legacy.convert({"deck.pptx": A.save(deck)}, "ppt", folder),
            **legacy.convert({"memo.docx": A.save(memo)}, "doc", folder),
            **legacy.convert({"book.xlsx": A.save(book)}, "xls", folder)}


def test_pictures_of_a_ppt_libreoffice_wrote_are_read(protected, written):
    result = A.scan("deck.ppt", written["deck.pptx"], protected, NO_ENGINE)
    assert {(f.path.rpartition(".")[2], f.records[0]) for f in result.findings} == {("emf", JEAN.id)}
    assert {c.reason for c in result.coverage if c.path.endswith(".png")} == {"pixels not read"}
    assert result.failed


@needs_engine
@pytest.mark.parametrize(("name", "source"), [("deck.ppt", "deck.pptx"), ("memo.doc", "memo.docx"),
                                              ("book.xls", "book.xlsx")])
def test_a_name_in_a_picture_of_a_legacy_office_file_is_read_by_ocr(protected, written, name, source):
    result = A.scan(name, written[source], protected, SETTINGS)
    assert any(f.path.endswith(".png") and f.records == (ANA.id,) for f in result.findings), result.findings
    assert all(c.status == "examined" for c in result.coverage), result.coverage


@pytest.mark.parametrize(("name", "source", "picture"), [("memo.doc", "memo.docx", "Data/picture-1.png"),
                                                         ("book.xls", "book.xlsx", "drawing-group/picture-1.png")])
def test_without_an_engine_a_picture_of_a_doc_or_xls_is_not_examined(protected, written, name, source, picture):
    result = A.scan(name, written[source], protected, NO_ENGINE)
    members = [(c.path, c.reason) for c in result.coverage if c.member]
    assert members == [(f"{name}!{picture}", "pixels not read")]
