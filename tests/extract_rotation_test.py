"""Text that does not stand upright (extract/rotation.py, extract/pdfpixels.py): read turned, the surest reading kept.

Pictures of fictional people's names (people.py) drawn by Pillow and turned by a quarter, half and
three-quarter turn; a chart whose vertical axis label names someone, in both directions; a
scanned page fed sideways; PDFs (fpdf2, pypdfium2) holding a sideways scan placed turned, or on a
page whose /Rotate shows it upright. Upright pictures are read once: the rule costs them nothing.
"""

from __future__ import annotations

import io
import random

import pytest

import attachments as A
import pictures as P
from people import PEOPLE
from withhold.extract import ocr, rotation, triage
from withhold.extract.pdfpixels import as_seen
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
FONT = (P.fonts() or [None])[0]
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")
SETTINGS = Settings(identifier_columns=("passport",))
TURNS = (90, 180, 270)  # degrees anticlockwise


def _badge(text: str, size: int = 24):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw

    face = P._font(FONT, size)
    image = Image.new("RGB", (int(face.getlength(text)) + 2 * size, 3 * size), "white")
    ImageDraw.Draw(image).text((size, size), text, font=face, fill="black")
    return image


def _turn(image, angle: int):  # type: ignore[no-untyped-def]
    from PIL import Image

    return image.transpose({90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
                            270: Image.Transpose.ROTATE_270}[angle]) if angle else image


def _png(image) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _ink(image) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """Return the box (x, y, w, h) of a picture's dark pixels."""
    from PIL import ImageOps

    left, top, right, bottom = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 128 else 0).getbbox()
    return left, top, right - left, bottom - top


def _box(locator: str) -> tuple[int, ...]:
    return tuple(int(v) for v in locator.split("#box=")[1].split("#")[0].split(","))


@pytest.mark.parametrize("angle", TURNS)
@pytest.mark.parametrize("box", [(10, 20, 60, 15), (0, 0, 300, 4), (250, 100, 50, 20)])
def test_a_box_found_in_a_turned_picture_is_given_in_the_upright_one(angle, box):
    from PIL import Image, ImageDraw

    upright = Image.new("L", (300, 120), 255)
    x, y, w, h = box
    ImageDraw.Draw(upright).rectangle((x, y, x + w - 1, y + h - 1), fill=0)
    assert rotation.upright_box(_ink(_turn(upright, angle)), angle, upright.size) == box


@needs_engine
@pytest.mark.parametrize("angle", (0, *TURNS))
def test_a_name_is_read_whichever_way_the_picture_is_turned(protected, angle):
    picture = _turn(_badge(f"Visitor: {MARIA.full}"), angle)
    result = A.scan("badge.png", _png(picture), protected, SETTINGS)
    assert [f.records[0] for f in result.findings] == [MARIA.id]
    assert A.statuses(result) == {"badge.png": ("examined", "")}  # no longer "pixels partly read"
    x, y, w, h = _box(result.findings[0].locator)
    ix, iy, iw, ih = _ink(picture)  # the box is where the name is, in the picture as published
    assert ix - 12 <= x and iy - 12 <= y and x + w <= ix + iw + 12 and y + h <= iy + ih + 12


def _chart(label, angle: int) -> bytes:  # type: ignore[no-untyped-def]
    """Return a bar chart (tests/pictures.py) with a vertical axis label turned by angle beside it."""
    from PIL import Image

    chart = Image.open(io.BytesIO(P.chart(FONT))).convert("RGB")
    side = _turn(_badge(label, 16), angle)
    out = Image.new("RGB", (chart.width + side.width, max(chart.height, side.height)), "white")
    out.paste(side, (0, 0))
    out.paste(chart, (side.width, 0))
    return _png(out)


@needs_engine
@pytest.mark.parametrize("angle", (90, 270), ids=["reading-up", "reading-down"])
def test_a_name_on_a_charts_vertical_axis_is_read_beside_its_upright_text(protected, angle):
    result = A.scan("chart.png", _chart(f"Counted by {JEAN.full}", angle), protected, SETTINGS)
    assert [f.records[0] for f in result.findings] == [JEAN.id]
    assert A.statuses(result)["chart.png"] == ("examined", "")


@needs_engine
@pytest.mark.parametrize("angle", (90, 270))
def test_a_scanned_page_fed_sideways_is_read(protected, angle):
    from PIL import Image

    page = Image.open(io.BytesIO(P.scan(OLU, FONT, 20, random.Random(3))))
    result = A.scan("scan.png", _png(_turn(page, angle)), protected, SETTINGS)
    assert OLU.id in {f.records[0] for f in result.findings}


class _Counted:
    """The real engine, counting the readings asked of it."""

    def __init__(self, engine: ocr.Engine) -> None:
        self.engine, self.name, self.version, self.reads = engine, engine.name, engine.version, 0

    def read(self, image):  # type: ignore[no-untyped-def]
        self.reads += 1
        return self.engine.read(image)


@needs_engine
@pytest.mark.parametrize("case", ["badge", "chart", "table", "photo"])
def test_an_upright_picture_is_read_once(case):
    from PIL import Image

    data = {"badge": lambda: _png(_badge(f"Visitor: {ANA.full}")), "chart": lambda: P.chart(FONT),
            "table": lambda: P.table(PEOPLE[:4], FONT), "photo": lambda: P.photo(random.Random(5))}[case]()
    engine = _Counted(ocr.engine())  # type: ignore[arg-type]
    rotation.read(engine, triage.prepared(Image.open(io.BytesIO(data))))
    assert engine.reads == 1


# ---- PDF pages: the image's matrix and the page's /Rotate

def _sideways_scan_pdf(placed: int, page_rotation: int) -> bytes:
    """Return a PDF (fpdf2) of a scan whose pixels lie turned by -(placed - page_rotation), shown upright."""
    import fpdf
    import pypdfium2 as pdfium

    pixels = _turn(_badge(f"Visitor: {ANA.full}"), (page_rotation - placed) % 360)
    pdf = fpdf.FPDF(unit="pt", format=(600, 600))
    pdf.add_page()
    with pdf.rotation(placed, 300, 300):
        pdf.image(io.BytesIO(_png(pixels)), x=300 - pixels.width / 2, y=300 - pixels.height / 2, w=pixels.width)
    data = bytes(pdf.output())
    if not page_rotation:
        return data
    document = pdfium.PdfDocument(data)
    document[0].set_rotation(page_rotation)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PLACEMENTS = [(0, 0), (90, 0), (180, 0), (270, 0), (0, 90), (0, 270), (90, 180)]


@pytest.mark.parametrize(("placed", "page_rotation"), PLACEMENTS)
def test_a_pdf_image_is_turned_as_its_page_shows_it(placed, page_rotation):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(_sideways_scan_pdf(placed, page_rotation))
    page = document[0]
    (image,) = page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
    seen = as_seen(image.get_bitmap(render=False).to_pil(), image.get_matrix(), page.get_rotation())
    assert seen.convert("RGB").tobytes() == _badge(f"Visitor: {ANA.full}").tobytes()


@needs_engine
@pytest.mark.parametrize(("placed", "page_rotation"), [(90, 0), (0, 90)], ids=["placed-turned", "page-rotate"])
def test_a_sideways_scan_in_a_pdf_is_read_upright(protected, placed, page_rotation):
    result = A.scan("scan.pdf", _sideways_scan_pdf(placed, page_rotation), protected, SETTINGS)
    assert [(f.records[0], f.locator.startswith("#page=1#box=")) for f in result.findings] == [(ANA.id, True)]
    assert A.statuses(result) == {"scan.pdf": ("examined", "")}


@pytest.mark.skipif(ocr.engine("tesseract") is None, reason="tesseract is not installed")
@pytest.mark.parametrize("angle", TURNS)
def test_the_rule_is_the_engines_own_tesseract_reads_turned_text_too(protected, angle):
    picture = _turn(_badge(f"Visitor: {MARIA.full}"), angle)
    result = A.scan("badge.png", _png(picture), protected, SETTINGS.replace(ocr_engine="tesseract"))
    assert [f.records[0] for f in result.findings] == [MARIA.id]
