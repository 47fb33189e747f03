"""Text in pixels: a picture's frames or pages, through triage and OCR, to segments like any text.

Every frame of a GIF and every page of a TIFF is read (a frame met before is not read again).
Each line the engine reads is one line of the segment, marked with its box on the picture
(`#box=x,y,w,h` in the picture's own pixels), so a finding says where to look. The text goes
through the same normalisation, variants, corroboration and masking as any other.

Fail closed: a picture past the triage that no engine can read raises NotExamined ("pixels not
read"), unless the site's settings say pixels = "unread-ok", when the file is counted as "pixels
not read". Lines read with low confidence make the file "pixels partly read", never clean.
Regions the engine may have read in a script it lacks (Cyrillic, Greek, Armenian, Georgian) are
read again by Tesseract's script models (scriptocr.py): a region no engine reads in full makes
the picture "pixels not read" (not examined, unless pixels = "unread-ok").
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from withhold.errors import NotExamined
from withhold.extract import ocr, rotation, scriptocr, triage
from withhold.extract.base import Context, Item, Partial, Segment
from withhold.findings import EXAMINED, PIXELS_NOT_READ, PIXELS_PARTLY_READ
from withhold.store import ocr as ocrcache

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_FRAMES = 64  # distinct frames or pages read per picture; past it the picture is not examined
LOW_CONFIDENCE = 0.6  # a line the engine is less sure of than this: the region is "partly read"
NO_ENGINE = f"no OCR engine; {ocr.INSTALL_HINT}"


def _open(data: bytes) -> Image:
    try:
        from PIL import Image as PILImage
    except ImportError:
        raise NotExamined("pixels not read", f"no image decoder (Pillow): {ocr.INSTALL_HINT}") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError:
        raise NotExamined("too large", f"over {triage.MAX_PIXELS} pixels") from None
    except (OSError, ValueError, SyntaxError):
        raise NotExamined("corrupt", "the picture's pixels cannot be decoded") from None
    if image.size[0] * image.size[1] > triage.MAX_PIXELS:
        raise NotExamined("too large", f"{image.size[0]}x{image.size[1]} px is over {triage.MAX_PIXELS} pixels")
    return image


def read_picture(data: bytes, ctx: Context) -> Iterator[Item]:
    """Yield the text OCR reads in every frame or page of an encoded picture."""
    image = _open(data)
    if triage.too_small(*image.size):
        yield Partial(f"pixels: too small to hold legible text ({image.size[0]}x{image.size[1]} px)", EXAMINED)
        return
    frames = getattr(image, "n_frames", 1)
    label = "#page" if image.format == "TIFF" else "#frame"
    seen: set[bytes] = set()
    for index in range(frames):
        try:
            image.seek(index)
            image.load()
            frame = image.copy()
        except (OSError, ValueError, EOFError):
            raise NotExamined("corrupt", f"frame {index + 1} of the picture cannot be decoded") from None
        digest = hashlib.sha256(frame.tobytes()).digest()
        if digest in seen:
            continue
        seen.add(digest)
        if len(seen) > MAX_FRAMES:
            raise NotExamined("too large", f"over {MAX_FRAMES} distinct frames")
        yield from read_image(frame, ctx, f"{label}={index + 1}" if frames > 1 else "")
        ctx.check_time()


def _fuller(engine: ocr.Engine, seen: Image, ctx: Context) -> Callable[[], list[ocr.Line]] | None:
    """Return how to read the picture with every character, where the engine was loaded without Han (scriptocr.read_again)."""
    if engine.han:
        return None

    def read() -> list[ocr.Line]:
        ctx.check_time()
        fuller = ocr.engine(ctx.settings.ocr_engine, han=True)
        return fuller.read(seen) if fuller is not None and fuller.han else []

    return read


def read_image(image: Image, ctx: Context, where: str) -> Iterator[Item]:
    """Yield the OCR text of one decoded picture (a frame, a rendered PDF page), located by where."""
    skip = triage.skip_reason(image)
    if skip:
        yield Partial(f"pixels: {skip}", EXAMINED)
        return
    engine = ocr.engine(ctx.settings.ocr_engine, han=ctx.settings.ocr_han)
    if engine is None:
        if ctx.settings.pixels == "unread-ok":
            yield Partial(NO_ENGINE, PIXELS_NOT_READ)
            return
        raise NotExamined("pixels not read", NO_ENGINE)
    seen, (left, top), scale = triage.framed(image)
    second = scriptocr.reader()
    key = ocrcache.entry_key(f"{engine.version} {scriptocr.version(second)}",
                             hashlib.sha256(f"{seen.size}{seen.mode}".encode() + seen.tobytes()).hexdigest())
    reading = ocrcache.lookup(ctx.settings.pixel_cache, key)
    if reading is None:
        try:
            upright = engine.read(seen)
            lines = rotation.read(engine, seen, ctx.check_time, upright)
            reading = scriptocr.read_again(seen, upright, lines, second, ctx.check_time, _fuller(engine, seen, ctx))
            # Where the recogniser hesitated, its other readings are matched too (ocrmodel.doubts).
            hesitated = [ocr.Line(other, line.box, line.confidence) for line in reading.lines for other in line.alternatives]
            reading = reading._replace(lines=[line._replace(alternatives=()) for line in reading.lines],
                                       again=reading.again + hesitated)
        except ocr.EngineError as exc:
            raise NotExamined("pixels not read", str(exc)) from None
        ocrcache.store(ctx.settings.pixel_cache, key, reading)
    lines = reading.lines + reading.again
    text, marks = "", []
    for line in lines:
        x, y, w, h = (round(v * scale) for v in line.box)
        marks.append((len(text), f"#box={x + left},{y + top},{w},{h}"))
        text += line.text + "\n"
    if text.strip():
        yield Segment(text, where=where, line=None, marks=tuple(marks), misread=True)
    if reading.unread:
        hint = "" if second else f"; {scriptocr.INSTALL_HINT}"
        note = f"{reading.unread} text region(s) found that no OCR engine could read (another script?){hint}"
        if ctx.settings.pixels != "unread-ok":
            raise NotExamined("pixels not read", note)
        yield Partial(note, PIXELS_NOT_READ)
    doubtful = sum(1 for line in reading.lines if line.confidence < LOW_CONFIDENCE and sum(c.isalnum() for c in line.text) >= 3)
    if doubtful:
        yield Partial(f"{doubtful} text region(s) read with low OCR confidence", PIXELS_PARTLY_READ)
    if reading.doubtful:
        why = "no script model read them surely" if second else f"no script model is installed: {scriptocr.INSTALL_HINT}"
        yield Partial(f"{reading.doubtful} text region(s) may be in Cyrillic, Greek, Armenian or Georgian ({why})",
                      PIXELS_PARTLY_READ)
