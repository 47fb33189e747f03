"""PDFs whose text is drawn as glyph outlines (text "converted to curves"), for the tests.

fpdf2 draws each glyph's outline, read from a real font by fontTools, as a filled path: the page
shows the text and holds no text object. Every name drawn is fictional (people.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import pictures as P


def outlined(lines: Sequence[str], size: float = 20, text_layer: Sequence[str] = ()) -> bytes:
    """Return a one-page PDF drawing lines as outlines, then text_layer lines as ordinary text below them."""
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont
    from fpdf import FPDF
    from fpdf.drawing import GlyphPathPen
    from fpdf.enums import PathPaintRule

    path_of_font = next(iter(P.fonts()), None)
    if path_of_font is None:
        raise RuntimeError("no TrueType font installed (Debian fonts-dejavu)")
    font = TTFont(str(path_of_font))
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    for row, text in enumerate(lines):
        x, y = 40.0, 80 + row * size * 1.6
        for char in text:
            name = cmap.get(ord(char), ".notdef")
            with pdf.new_path(paint_rule=PathPaintRule.FILL_NONZERO) as path:
                path.style.fill_color = "#101010"
                glyphs[name].draw(TransformPen(GlyphPathPen(path, glyphSet=glyphs), (scale, 0, 0, -scale, x, y)))
            x += glyphs[name].width * scale
    pdf.set_font("helvetica", size=12)
    for row, text in enumerate(text_layer):
        pdf.text(40, 400 + row * 20, text)
    return bytes(pdf.output())
