"""Text that does not stand upright: read again turned by 90, 180 or 270 degrees, the most confident reading kept.

The engines read upright text (RapidOCR runs without its orientation classifier, for speed). A
scanned page fed sideways or upside down, or a chart's vertical axis label, is read as garbage.
Two signals on the upright reading say when to look again, so an upright picture costs nothing more:

- tall regions: a region found by the detector at least TALL times taller than wide holds a
  vertical line of text. RapidOCR turns such a region a quarter-turn before reading it, which is
  right for text running down and upside down for text running up (an axis label). Each tall
  region is read again from its own pixels, turned both ways; when tall regions hold most of the
  picture's text (a page fed sideways), the whole picture is read turned both ways instead.
- low confidence: a picture whose text the engine read, on average, with less than DOUBTFUL
  confidence may be upside down: it is read again turned by 180 degrees; a single line read with
  low confidence is read again, turned, from its own pixels (at most MAX_REGIONS regions a
  picture; past them a line read with low confidence stays so, and the picture "partly read").

Of the readings of a picture or region the one with the highest score (letters and digits times
confidence, over lines read with at least LOW_CONFIDENCE) is kept; a line another reading holds
with high confidence, in a region the kept reading has not read, is kept too, so text present in
only one orientation is never lost. Boxes are given back in the upright picture's pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from withhold.extract.ocr import Engine, Line

if TYPE_CHECKING:
    from PIL.Image import Image

TALL = 2.0  # height over width from which a region holds a vertical line
MIN_LETTERS = 3  # letters and digits a reading needs before its confidence says anything (as pixels.py)
MIN_LONG_SIDE = 24  # px: a region shorter than this on its long side holds no name (one or two characters)
DOUBTFUL = 0.8  # mean confidence under which a picture may be upside down
LOW_CONFIDENCE = 0.6  # as pixels.py: a line read with less is doubtful
CONFIDENT = 0.9  # a line another reading holds this surely is kept beside the chosen reading
MAX_REGIONS = 16  # regions read again, each from its own pixels, per picture; past it, the whole picture
MARGIN = 0.5  # of a region's short side, added around it when it is cut out to be read again

Box = tuple[int, int, int, int]


def _letters(text: str) -> int:
    return sum(c.isalnum() for c in text)


def score(lines: list[Line]) -> tuple[float, float]:
    """Return how much legible text a reading holds: letters and digits times confidence, doubtful lines left out.

    Then the same over every line, doubtful ones too: where no reading holds a sure line (Tesseract
    is unsure of names its English model does not know, "Quorvath-Ildmere" at 0.42), the reading
    that is least unsure is kept, not the upright one by default.
    """
    weighted = [(_letters(line.text) * line.confidence, line.confidence) for line in lines]
    return sum(w for w, c in weighted if c >= LOW_CONFIDENCE), sum(w for w, _ in weighted)


def _tall(line: Line) -> bool:
    _, _, w, h = line.box
    return h >= TALL * max(w, 1) and h >= MIN_LONG_SIDE and _letters(line.text) > 0


def _doubtful(line: Line) -> bool:
    return line.confidence < LOW_CONFIDENCE and _letters(line.text) >= MIN_LETTERS


def _mean_confidence(lines: list[Line]) -> float:
    weights = [(_letters(line.text), line.confidence) for line in lines]
    total = sum(w for w, _ in weights)
    return sum(w * c for w, c in weights) / total if total else 1.0


def upright_box(box: Box, angle: int, size: tuple[int, int]) -> Box:
    """Return a box found in a picture turned angle degrees anticlockwise, in the unturned picture (size: unturned)."""
    x, y, w, h = box
    width, height = size
    if angle == 90:
        return (max(width - y - h, 0), x, h, w)
    if angle == 270:
        return (y, max(height - x - w, 0), h, w)
    if angle == 180:
        return (max(width - x - w, 0), max(height - y - h, 0), w, h)
    return box


def turned(engine: Engine, image: Image, angle: int) -> list[Line]:
    """Return the lines the engine reads in the picture turned angle degrees anticlockwise, boxed in the picture."""
    from PIL import Image as PILImage

    transpose = {90: PILImage.Transpose.ROTATE_90, 180: PILImage.Transpose.ROTATE_180,
                 270: PILImage.Transpose.ROTATE_270}[angle]
    return [line._replace(box=upright_box(line.box, angle, image.size)) for line in engine.read(image.transpose(transpose))]


def overlap(a: Box, b: Box) -> bool:
    """Return True when two boxes share more than half of the smaller one."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return width > 0 and height > 0 and width * height * 2 > min(a[2] * a[3], b[2] * b[3])


def merge(chosen: list[Line], others: list[list[Line]]) -> list[Line]:
    """Return the chosen reading, with each confident line of the others that no line of it already covers."""
    out = list(chosen)
    for reading in others:
        for line in reading:
            if line.confidence >= CONFIDENT and _letters(line.text) >= MIN_LETTERS and not any(overlap(line.box, o.box) for o in out):
                out.append(line)
    return out


def best(readings: list[list[Line]]) -> list[Line]:
    """Return the highest-scoring reading merged with what only the others read (the first wins a tie)."""
    index = max(range(len(readings)), key=lambda i: (score(readings[i]), -i))
    return merge(readings[index], readings[:index] + readings[index + 1 :])


def _region(engine: Engine, image: Image, line: Line, angles: tuple[int, ...]) -> list[Line]:
    """Return the best reading of one region: as read, or cut out with a margin and read turned."""
    x, y, w, h = line.box
    pad = max(4, round(min(w, h) * MARGIN))
    left, top = max(x - pad, 0), max(y - pad, 0)
    crop = image.crop((left, top, min(x + w + pad, image.size[0]), min(y + h + pad, image.size[1])))
    readings = [[line]]
    for angle in angles:
        readings.append([r._replace(box=(r.box[0] + left, r.box[1] + top, r.box[2], r.box[3]))
                         for r in turned(engine, crop, angle)])
    index = max(range(len(readings)), key=lambda i: (score(readings[i]), -i))
    return readings[index]


def _whole(engine: Engine, image: Image, upright: list[Line], angles: tuple[int, ...]) -> list[Line]:
    return best([upright, *(turned(engine, image, angle) for angle in angles)])


def read(engine: Engine, image: Image, check: Callable[[], None] = lambda: None, upright: list[Line] | None = None) -> list[Line]:
    """Return the lines of a picture, each region read in the orientation that reads it most surely.

    check is called between readings (a file's deadline); upright: the engine's reading of the
    picture as it stands, when the caller has it already.
    """
    upright = engine.read(image) if upright is None else upright
    tall = [line for line in upright if _tall(line)]
    wide = [line for line in upright if not _tall(line)]
    sideways = sum(_letters(line.text) for line in tall) * 2 >= sum(_letters(line.text) for line in upright)
    if tall and (sideways or len(tall) > MAX_REGIONS):
        return _whole(engine, image, upright, (90, 270))
    if sum(_letters(line.text) for line in wide) >= MIN_LETTERS and _mean_confidence(wide) < DOUBTFUL:
        check()
        upright = _whole(engine, image, upright, (180,))
    again = 0
    out: list[Line] = []
    for line in upright:
        if again < MAX_REGIONS and (_tall(line) or _doubtful(line)):
            again += 1
            check()
            out.extend(_region(engine, image, line, (90, 270) if _tall(line) else (180,)))
        else:
            out.append(line)
    return out
