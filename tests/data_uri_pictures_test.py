"""Pictures held in data: URIs (text/layers.py, scanned by scan/file.py): SVG <image>, HTML <img>, CSS url().

Each picture is written by Pillow and shows a fictional person's name (people.py); the OCR engine
reads it as the picture it is, and the finding says where: the page, then the data: URI's place
in it (`page.html!3:24#base64`), then the box on the picture. Without an engine the picture is
not examined, and the run fails.
"""

from __future__ import annotations

import base64
import io

import pytest

import attachments as A
import pictures as P
from people import PEOPLE
from withhold.extract import ocr
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")
SETTINGS = Settings(identifier_columns=("passport",))
FONT = (P.fonts() or [None])[0]


def _badge(text: str, fmt: str = "PNG") -> str:
    from PIL import Image, ImageDraw

    face = P._font(FONT, 24)
    image = Image.new("RGB", (int(face.getlength(text)) + 48, 72), "white")
    ImageDraw.Draw(image).text((24, 24), text, font=face, fill="black")
    out = io.BytesIO()
    image.save(out, fmt)
    return base64.b64encode(out.getvalue()).decode()


def _pages(text: str) -> dict[str, tuple[str, str]]:
    """Return (file name, content) of each way a page carries a picture in a data: URI."""
    png = _badge(text)
    jpeg = _badge(text, "JPEG")
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
           ' width="600" height="80">\n'
           f'<image x="0" y="0" width="600" height="80" {{attr}}="data:image/png;base64,{png}"/>\n</svg>\n')
    html = "<html><body>\n{}\n</body></html>"
    return {
        "svg href": ("chart.svg", svg.replace("{attr}", "href")),
        "svg xlink:href": ("chart.svg", svg.replace("{attr}", "xlink:href")),
        "inline svg in html": ("page.html", html.format("<p>Chart</p>\n" + svg.replace("{attr}", "href"))),
        "html img": ("page.html", html.format(f'<img alt="badge" src="data:image/jpeg;base64,{jpeg}">')),
        "css url() in a style element": (
            "page.html", html.format(f"<style>\n.b {{ background: url(data:image/png;base64,{png}) }}\n</style>")),
        "css url() in a style attribute": (
            "page.html", f"<div style=\"background-image: url('data:image/png;base64,{png}')\">x</div>"),
    }


@needs_engine
@pytest.mark.parametrize("case", sorted(_pages("")))
def test_a_name_in_a_picture_in_a_data_uri_is_found_and_located(protected, case):
    name, page = _pages(f"Visitor: {ANA.full}")[case]
    result = A.scan(name, page.encode(), protected, SETTINGS)
    hits = [f for f in result.findings if f.records == (ANA.id,)]
    assert hits, (case, result.findings, result.coverage)
    # The picture is a member of the page, named by where its data: URI stands; the box is on the picture.
    assert all(f.path.startswith(f"{name}!") and f.path.endswith("#base64") and f.locator.startswith("#box=")
               for f in hits), [(f.path, f.locator) for f in hits]
    assert all(c.status == "examined" for c in result.coverage), result.coverage


@needs_engine
@pytest.mark.parametrize("case", sorted(_pages("")))
def test_a_clean_picture_in_a_data_uri_passes(protected, case):
    name, page = _pages("Opening hours: 9 to 5")[case]
    result = A.scan(name, page.encode(), protected, SETTINGS)
    assert result.findings == []
    assert all(c.status == "examined" for c in result.coverage), result.coverage


@pytest.mark.parametrize("case", sorted(_pages("")))
def test_without_an_engine_a_picture_in_a_data_uri_is_not_examined(protected, case):
    name, page = _pages(f"Visitor: {ANA.full}")[case]
    result = A.scan(name, page.encode(), protected, SETTINGS.replace(ocr_engine="none"))
    members = [c for c in result.coverage if c.member]
    assert [(c.status, c.reason) for c in members] == [("not examined", "pixels not read")], result.coverage
    assert result.failed
