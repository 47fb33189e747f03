"""PDF pages beyond their text layer: pictures read by OCR, and text lying under a redaction that failed.

Pictures: every image on a page (a scanned page is one image and no text) is read from its own
pixels, turned as the page shows it (by the image's matrix and the page's /Rotate), through the
picture triage and OCR, unless the page's text layer already covers it (a
scan with an OCR layer: at least COVERED characters of text inside the image). Reading the image
itself, not the rendered page, also finds a name on a scan that a box drawn over it hides.

Failed redactions: text the page's text layer holds under a Redact annotation never applied, under
a dark image, or under a dark filled box is read like any other text (PDFium takes every text
object), and the segment marks it, so a finding says `#page=3#under-redaction-annotation`.
A bookmark keeping redacted text is read as `#bookmark-N` by the object tree (pdf.py).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from withhold.errors import NotExamined
from withhold.extract import triage
from withhold.extract.base import Context, Item
from withhold.extract.pixels import read_image

if TYPE_CHECKING:
    from PIL.Image import Image

COVERED = 8  # characters of text layer inside an image that make it a scan with its own text
DARK = 64  # fill colour components (0-255) at or under this, and image mean luminance: "dark"
_NO_LABEL = ""


class Cover(NamedTuple):
    box: tuple[float, float, float, float]  # left, bottom, right, top in PDF units
    label: str


def _inside(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _redact_annotations(page: pdfium.PdfPage) -> list[Cover]:
    out = []
    for i in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, i)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_REDACT:
                rect = raw.FS_RECTF()
                if raw.FPDFAnnot_GetRect(annot, rect):
                    out.append(Cover((min(rect.left, rect.right), min(rect.bottom, rect.top),
                                      max(rect.left, rect.right), max(rect.bottom, rect.top)), "#under-redaction-annotation"))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return out


def _dark_fill(obj: pdfium.PdfObject) -> bool:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke) or fill_mode.value == 0:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    return bool(raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)) and a.value > 200 and max(r.value, g.value, b.value) <= DARK


def _mean_luminance(image: pdfium.PdfImage) -> float | None:
    try:
        picture = image.get_bitmap(render=False).to_pil().convert("L")
    except (pdfium.PdfiumError, OSError, ValueError):
        return None
    from PIL import ImageStat

    picture.thumbnail((64, 64))
    return float(ImageStat.Stat(picture).mean[0])


def covers(page: pdfium.PdfPage, images: list[pdfium.PdfImage]) -> list[Cover]:
    """Return the places on a page that hide what lies under them: redact annotations, dark images, dark boxes."""
    out = _redact_annotations(page)
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        if _dark_fill(obj):
            out.append(Cover(obj.get_bounds(), "#under-box"))
    for image in images:
        mean = _mean_luminance(image)
        if mean is not None and mean <= DARK:
            out.append(Cover(image.get_bounds(), "#under-dark-image"))
    return out


def marks(textpage: pdfium.PdfTextPage, raw_text: str, hidden: list[Cover]) -> tuple[tuple[int, str], ...]:
    """Return segment marks labelling the runs of text lying under a cover (offsets after CRLF -> LF)."""
    if not hidden:
        return ()
    out: list[tuple[int, str]] = []
    current, removed = _NO_LABEL, 0
    for i in range(min(textpage.count_chars(), len(raw_text))):
        if raw_text[i] == "\n" and i and raw_text[i - 1] == "\r":
            removed += 1
            continue
        label = _NO_LABEL
        if not raw_text[i].isspace():
            left, bottom, right, top = textpage.get_charbox(i)
            x, y = (left + right) / 2, (bottom + top) / 2
            label = next((c.label for c in hidden if _inside(c.box, x, y)), _NO_LABEL)
        if label != current and not raw_text[i].isspace():
            out.append((i - removed, label))
            current = label
    return tuple(out)


def as_seen(picture: Image, matrix: pdfium.PdfMatrix, page_rotation: int) -> Image:
    """Return an image's pixels turned (and mirrored) as the page shows them, to the nearest quarter turn.

    A scanner fed a page sideways writes sideways pixels; the PDF shows them upright by the matrix
    that places the image, or by the page's /Rotate (clockwise). Read as shown, the page is upright.
    """
    from PIL import Image as PILImage

    if matrix.a * matrix.d - matrix.b * matrix.c < 0:  # the image's y axis flipped against its x axis: mirrored
        picture = picture.transpose(PILImage.Transpose.FLIP_TOP_BOTTOM)
    turn = round((math.degrees(math.atan2(matrix.b, matrix.a)) - page_rotation) / 90) % 4
    transpose = {1: PILImage.Transpose.ROTATE_90, 2: PILImage.Transpose.ROTATE_180, 3: PILImage.Transpose.ROTATE_270}
    return picture.transpose(transpose[turn]) if turn else picture


def pictures(page: pdfium.PdfPage, images: list[pdfium.PdfImage], textpage: pdfium.PdfTextPage,
             ctx: Context, where: str) -> Iterator[Item]:
    """Yield the OCR text of each image on the page that its text layer does not already cover."""
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())] if images else []
    for number, image in enumerate(images, 1):
        bounds = image.get_bounds()
        inside = sum(1 for b in boxes if _inside(bounds, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2))
        if inside >= COVERED:
            continue
        width, height = image.get_px_size()
        if triage.too_small(width, height):
            continue
        if width * height > triage.MAX_PIXELS:
            raise NotExamined("too large", f"an image of {width}x{height} px is over {triage.MAX_PIXELS} pixels")
        try:
            picture = as_seen(image.get_bitmap(render=False).to_pil(), image.get_matrix(), page.get_rotation())
        except (pdfium.PdfiumError, OSError, ValueError):
            raise NotExamined("corrupt", f"an image on {where.lstrip('#')} cannot be decoded") from None
        yield from read_image(picture, ctx, where if len(images) == 1 else f"{where}#image={number}")
        ctx.check_time()
