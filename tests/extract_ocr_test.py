"""Text in pixels: every picture format, scanned PDF pages, pictures inside documents and archives.

Real files written by Pillow, fpdf2, python-docx and python-pptx, of fictional people (people.py).
The OCR engine is loaded once for the whole session (extract/ocr.py keeps it per process); the
pictures are small, so the added time stays a few seconds. Tests that need an engine are skipped
where none is installed; the engine-absent path is tested for real, with the engine hidden by
the setting ocr-engine = "none" and, in a subprocess, with the engine's module blocked.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import attachments as A
import pictures as P
from people import PEOPLE
from withhold.extract import ocr
from withhold.report.text import summary_line
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
FONTS = P.fonts() or [None]
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")
SETTINGS = Settings(identifier_columns=("passport",))


def _badge(text: str, size: int = 20, font: int = 0):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw

    face = P._font(FONTS[font % len(FONTS)], size)
    image = Image.new("RGB", (int(face.getlength(text)) + 2 * size, 3 * size), "white")
    ImageDraw.Draw(image).text((size, size), text, font=face, fill="black")
    return image


def _save(image, fmt: str, **options: object) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _frames(fmt: str) -> bytes:
    """Return a two-frame GIF or two-page TIFF whose second frame names Ana Paz."""
    first, second = _badge("Opening hours: 9 to 5"), _badge(f"Visitor: {ANA.full}")
    second = second.resize(first.size) if fmt == "GIF" else second
    return _save(first, fmt, save_all=True, append_images=[second], **({"duration": 500} if fmt == "GIF" else {}))


FORMATS = [
    ("badge.png", lambda: _save(_badge(f"Visitor: {MARIA.full}", 16, 1), "PNG"), "#box=", MARIA.id),
    ("badge.jpg", lambda: _save(_badge(f"Detained: {OLU.full}", 24, 2), "JPEG", quality=60), "#box=", OLU.id),
    ("badge.webp", lambda: _save(_badge(f"Visitor: {JEAN.full}", 30, 3), "WEBP"), "#box=", JEAN.id),
    ("badge.bmp", lambda: _save(_badge(f"Visitor: {ANA.full}", 14, 4), "BMP"), "#box=", ANA.id),
    ("anim.gif", lambda: _frames("GIF"), "#frame=2#box=", ANA.id),
    ("pages.tif", lambda: _frames("TIFF"), "#page=2#box=", ANA.id),
]


@needs_engine
@pytest.mark.parametrize(("name", "make", "where", "record"), FORMATS)
def test_a_name_in_the_pixels_of_every_picture_format_is_found(protected, name, make, where, record):
    result = A.scan(name, make(), protected, SETTINGS)
    assert any(f.locator.startswith(where) and f.records[0] == record for f in result.findings), result.findings
    assert A.statuses(result)[name] == ("examined", "")


def _scanned_pdf(mixed: bool) -> bytes:
    """Return a PDF whose first page is a scanned table (an image, no text layer), or text beside it."""
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    if mixed:
        doc.set_font("helvetica", size=12)
        doc.cell(text="Monthly report (fictional test data)")
    doc.image(io.BytesIO(P.table([MARIA, ANA], FONTS[0])), x=10, y=30, w=150)
    return bytes(doc.output())


@needs_engine
@pytest.mark.parametrize("mixed", [False, True])
def test_a_scanned_page_of_a_pdf_is_read(protected, mixed):
    result = A.scan("scan.pdf", _scanned_pdf(mixed), protected, SETTINGS)
    found = {(f.locator.split("#box=")[0], f.records[0]) for f in result.findings}
    assert {("#page=1", MARIA.id), ("#page=1", ANA.id)} <= found
    assert A.statuses(result)["scan.pdf"] == ("examined", "")


def _docx() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Visitor log, scanned (fictional test data)")
    doc.add_picture(io.BytesIO(_save(_badge(f"Visitor: {JEAN.full}"), "PNG")))
    return A.save(doc)


def _pptx() -> bytes:
    import pptx

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.shapes.add_picture(io.BytesIO(_save(_badge(f"Detained: {OLU.full}", 24), "PNG")), 0, 0)
    return A.save(deck)


EMBEDDED = [
    ("report.docx", _docx, "report.docx!word/media/image1.png#box=", JEAN.id),
    ("deck.pptx", _pptx, "deck.pptx!ppt/media/image1.png#box=", OLU.id),
    ("photos.zip", lambda: A.zipped({"board/visitors.jpg": _save(_badge(f"Visitor: {ANA.full}"), "JPEG", quality=60)}),
     "photos.zip!board/visitors.jpg#box=", ANA.id),
]


@needs_engine
@pytest.mark.parametrize(("name", "make", "where", "record"), EMBEDDED)
def test_a_picture_inside_a_document_or_an_archive_is_read(protected, name, make, where, record):
    result = A.scan(name, make(), protected, SETTINGS)
    assert any((f.path + f.locator).startswith(where) and f.records[0] == record for f in result.findings), result.findings


@needs_engine
@pytest.mark.parametrize("picture", P.clean_pictures()[::2], ids=lambda p: p.label)
def test_a_clean_chart_or_photo_gives_no_finding(protected, picture):
    result = A.scan(picture.name, picture.data, protected, SETTINGS)
    assert result.findings == [] and not result.failed


@needs_engine
def test_a_region_read_with_low_confidence_is_partly_read_not_clean(protected):
    from PIL import Image, ImageDraw

    rng = random.Random(1)
    scribble = Image.new("RGB", (420, 60), "white")
    draw = ImageDraw.Draw(scribble)
    for x in range(10, 400, 9):  # a signature-like scrawl: the engine sees text it cannot read well
        draw.line((x, 20 + rng.randrange(6), x + 6, 40 - rng.randrange(6)), fill="black", width=2)
        draw.arc((x, 18, x + 8, 42), 0, rng.randrange(90, 300), fill="black", width=2)
    result = A.scan("signature.png", _save(scribble, "PNG"), protected, SETTINGS)
    assert A.statuses(result)["signature.png"] == ("pixels partly read", "")
    assert result.clean == frozenset()


@pytest.mark.parametrize(
    ("name", "make"),
    [("badge.png", lambda: _save(_badge(f"Visitor: {ANA.full}"), "PNG")), ("scan.pdf", lambda: _scanned_pdf(False))],
)
def test_without_an_engine_a_picture_is_not_examined_and_the_run_fails(protected, name, make):
    result = A.scan(name, make(), protected, SETTINGS.replace(ocr_engine="none"))
    row = next(c for c in result.coverage if c.path == name)
    assert (row.status, row.reason) == ("not examined", "pixels not read")
    assert "no OCR engine" in row.detail and "pip install 'withhold[ocr]'" in row.detail
    assert result.failed


def test_a_site_that_accepts_unread_pixels_counts_them_apart(protected):
    settings = SETTINGS.replace(ocr_engine="none", pixels="unread-ok")
    result = A.scan("badge.png", _save(_badge(f"Visitor: {ANA.full}"), "PNG"), protected, settings)
    assert A.statuses(result)["badge.png"] == ("pixels not read", "")
    assert not result.failed
    assert summary_line(result) == "withhold: passed: 0 finding(s); 1 file(s): 1 pixels not read"


@pytest.mark.parametrize(
    ("size", "status"), [((16, 16), "examined"), ((400, 60), "not examined")], ids=["icon-sized", "badge-sized"]
)
def test_the_triage_skips_only_pictures_too_small_for_text(protected, size, status):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((2, 2, size[0] // 2, size[1] // 2), fill="black")
    result = A.scan("p.png", _save(image, "PNG"), protected, SETTINGS.replace(ocr_engine="none"))
    assert A.statuses(result)["p.png"][0] == status


@needs_engine
@pytest.mark.parametrize("size", [8, 10])
def test_a_picture_cropped_tight_around_a_small_name_is_read(protected, size):
    """A 75x11 px crop of a name in 8 px text was "too small to hold legible text", and passed unread."""
    from PIL import Image, ImageDraw

    face = P._font(FONTS[0], size)
    left, top, right, bottom = face.getbbox(SOREN.full)
    image = Image.new("RGB", (right - left + 4, bottom - top + 4), "white")
    ImageDraw.Draw(image).text((2 - left, 2 - top), SOREN.full, font=face, fill="black")
    assert image.height < 16
    result = A.scan("name.png", _save(image, "PNG"), protected, SETTINGS)
    assert {r for f in result.findings for r in f.records} == {SOREN.id}


def test_a_picture_is_cut_to_what_it_holds_with_a_margin_and_a_photo_is_read_whole():
    from PIL import Image, ImageDraw

    from withhold.extract import triage

    page = Image.new("RGB", (400, 300), (250, 248, 240))
    ImageDraw.Draw(page).rectangle((100, 100, 149, 119), fill=(250 - triage.FAINT, 248, 240))  # faint, yet something
    m = triage.MARGIN
    assert triage.content(page) == (100 - m, 100 - m, 150 + m, 120 + m)
    seen, at, scale = triage.framed(page)
    assert at == (100 - m, 100 - m) and seen.size == (50 + 2 * m, 20 + 2 * m) and scale == 1.0
    photo = Image.effect_noise((400, 300), 40).convert("RGB")
    assert triage.content(photo) == (0, 0, 400, 300)
    clear = Image.new("RGBA", (400, 300), (0, 0, 0, 0))  # black text on a transparent ground: read on white
    ImageDraw.Draw(clear).rectangle((10, 250, 60, 270), fill=(0, 0, 0, 255))
    assert triage.framed(clear)[1] == (0, 250 - m)


@needs_engine
@pytest.mark.parametrize(("size", "text_px", "at"), [((1920, 1080), 16, (600, 500)), ((4032, 3024), 40, (400, 2600))])
def test_one_line_alone_on_a_large_blank_picture_is_read_and_located_in_the_pictures_pixels(protected, size, text_px, at):
    """The detector found no text in such a picture read whole (0 of 6 names): it is read cut to what it holds."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text(at, JEAN.full, font=P._font(FONTS[0], text_px), fill="black")
    result = A.scan("notice.png", _save(image, "PNG"), protected, SETTINGS)
    (finding,) = [f for f in result.findings if f.kind == "name"]
    x, y, w, h = (int(v) for v in finding.locator.split("#box=")[1].split(","))
    assert abs(x - at[0]) <= 8 and abs(y - at[1]) <= text_px and h <= 2 * text_px


def test_with_the_engine_really_absent_the_cli_fails_and_says_how_to_install(list_path, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "board.png").write_bytes(_save(_badge(f"Visitor: {ANA.full}"), "PNG"))
    blocked = ("import sys; sys.modules['rapidocr'] = None; sys.modules['onnxruntime'] = None; "
               "from withhold.cli import main; raise SystemExit(main(sys.argv[1:]))")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # no tesseract on the PATH
    proc = subprocess.run([sys.executable, "-c", blocked, "scan", "--list", str(list_path), str(site)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert ("board.png: W900 not examined: pixels not read (no OCR engine; install one: "
            "pip install 'withhold[ocr]', or Debian's tesseract-ocr)") in proc.stdout


@needs_engine
def test_ocr_results_are_kept_owner_only_and_a_damaged_entry_is_read_again(protected, tmp_path):
    settings = SETTINGS.replace(pixel_cache=str(tmp_path / "cache"))
    data = _save(_badge(f"Visitor: {SOREN.given} Paz-Quintero {ANA.full}", 18), "PNG")
    first = A.scan("board.png", data, protected, settings)
    folder = tmp_path / "cache" / "ocr"
    entries = sorted(folder.glob("*.json"))
    assert len(entries) == 1 and oct(folder.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for p in folder.iterdir()} == {"0o600"}
    entries[0].write_bytes(entries[0].read_bytes()[:-3] + b"]]]")  # damaged: the MAC no longer holds
    again = A.scan("board.png", data, protected, settings)
    assert [f.locator for f in again.findings] == [f.locator for f in first.findings] != []


@needs_engine
def test_a_palette_picture_with_transparency_is_read_without_a_library_warning(tmp_path, list_path):
    """Pillow warns on stderr when such a picture is converted badly: the run prints its summary only."""
    picture = _badge(f"Visitor: {ANA.full}", 20).convert("P")
    alpha = bytearray([255] * 256)
    alpha[picture.getpixel((0, 0))] = 0  # the white background is transparent, as in a logo
    ink = min(picture.getcolors(), key=lambda c: c[0])[1]  # a used colour, so the encoder keeps the table
    alpha[ink] = 254  # a second level: the transparency stays a table of bytes, not one index
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "board.png").write_bytes(_save(picture, "PNG", transparency=bytes(alpha)))
    run = subprocess.run([sys.executable, "-m", "withhold", "scan", "--list", str(list_path), "--no-progress",
                          "--no-cache", str(tmp_path / "site")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [line for line in run.stderr.splitlines() if line.startswith("withhold: ")]
    assert "W001" in run.stdout and "warn" not in run.stderr.lower()
