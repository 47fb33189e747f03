"""PDF pages whose text is drawn as paths (text converted to outlines): that part of the page rendered and read by OCR.

A PDF can draw text as the outlines of its glyphs: filled paths of curves, a line of text tall,
with no text object behind them (a logo, a heading "converted to curves", a whole page exported
so). Neither the text layer nor the page's images hold such text. A page is rendered where its
glyph-sized filled paths lie, when they hold at least MIN_SEGMENTS path segments that no
character of the text layer covers (a chart whose labels are text is read by its text), and the
picture (turned as the page's /Rotate shows it) is read like any picture, through the triage and OCR (`#page=2#drawn-text#box=...`),
failing closed without an engine as pictures do.

Rendering is bounded: at RESOLUTION dpi, and smaller when the region would pass the triage's
pixel bound.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from withhold.errors import NotExamined
from withhold.extract import triage
from withhold.extract.base import Context, Item
from withhold.extract.pixels import read_image

MIN_SEGMENTS = 120  # about six glyphs of outline: fewer is a drawing, or too little to name anyone
GLYPH_HEIGHT = (2.0, 96.0)  # PDF units (points): the heights a glyph's outline may have
RESOLUTION = 200  # dpi of the rendering (OCR reads 12 pt text at 33 px)
MAX_OBJECTS = 100_000  # path objects looked at per page; past it the page is not examined
_CELL = 16.0  # points: the grid on which text-layer characters are looked up


def _characters(textpage: pdfium.PdfTextPage) -> set[tuple[int, int]]:
    """Return the grid cells holding the centre of a character of the text layer."""
    cells = set()
    for i in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(i)
        cells.add((int((left + right) / 2 // _CELL), int((bottom + top) / 2 // _CELL)))
    return cells


def _covered(box: tuple[float, float, float, float], cells: set[tuple[int, int]]) -> bool:
    left, bottom, right, top = box
    return any((x, y) in cells for x in range(int(left // _CELL), int(right // _CELL) + 1)
               for y in range(int(bottom // _CELL), int(top // _CELL) + 1))


def _paths(page: pdfium.PdfPage) -> Iterator[ctypes.c_void_p]:
    """Yield the handle of every path object on the page, inside form XObjects too (depth-first, bounded)."""
    # The raw calls: pypdfium2's get_objects() wraps every object, text included (a third of a text page's time).
    todo = [(None, i) for i in reversed(range(pdfium_c.FPDFPage_CountObjects(page)))]
    seen = 0
    while todo:
        form, index = todo.pop()
        obj = pdfium_c.FPDFPage_GetObject(page, index) if form is None else pdfium_c.FPDFFormObj_GetObject(form, index)
        seen += 1
        if seen > MAX_OBJECTS:
            raise NotExamined("too large", f"a page draws over {MAX_OBJECTS} objects")
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            todo.extend((obj, i) for i in reversed(range(pdfium_c.FPDFFormObj_CountObjects(obj))))


def drawn_region(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> tuple[float, float, float, float] | None:
    """Return the box (left, bottom, right, top) of the page's glyph-like paths no text covers, None when too few."""
    candidates: list[tuple[tuple[float, float, float, float], int]] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    edges = [ctypes.c_float() for _ in range(4)]
    for obj in _paths(page):
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or fill.value == 0:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *edges):
            continue
        box = (edges[0].value, edges[1].value, edges[2].value, edges[3].value)
        if not GLYPH_HEIGHT[0] <= box[3] - box[1] <= GLYPH_HEIGHT[1]:
            continue
        n = pdfium_c.FPDFPath_CountSegments(obj)
        if n > 5:  # fewer: a rectangle or a rule, no glyph
            candidates.append((box, n))
    if sum(n for _, n in candidates) < MIN_SEGMENTS:
        return None
    cells = _characters(textpage)  # only now: a page of charts pays for its text layer's boxes once
    uncovered = [(box, n) for box, n in candidates if not _covered(box, cells)]
    if sum(n for _, n in uncovered) < MIN_SEGMENTS:
        return None
    boxes = [box for box, _ in uncovered]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def drawn_text(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, ctx: Context, where: str) -> Iterator[Item]:
    """Yield the OCR text of the part of a page drawn as glyph outlines (nothing when there is none)."""
    region = drawn_region(page, textpage)
    if region is None:
        return
    # The region is in the page's own coordinates: rendered unturned, then turned as the page's
    # /Rotate (clockwise) shows it, so the text is read upright and the crop falls where the paths are.
    rotation = page.get_rotation()
    if rotation:
        page.set_rotation(0)
    try:
        width, height = page.get_size()
        margin = 8.0
        left, bottom = max(0.0, region[0] - margin), max(0.0, region[1] - margin)
        right, top = min(width, region[2] + margin), min(height, region[3] + margin)
        scale = RESOLUTION / 72
        pixels = (right - left) * (top - bottom) * scale * scale
        if pixels > triage.MAX_PIXELS:
            scale *= (triage.MAX_PIXELS / pixels) ** 0.5
        picture = page.render(scale=scale, crop=(left, bottom, width - right, height - top)).to_pil()
    except (pdfium.PdfiumError, OSError, ValueError):
        raise NotExamined("corrupt", f"{where.lstrip('#')} cannot be rendered") from None
    finally:
        if rotation:
            page.set_rotation(rotation)
    if rotation in (90, 180, 270):
        from PIL import Image

        turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
        picture = picture.transpose(turns[rotation])
    yield from read_image(picture, ctx, f"{where}#drawn-text")
