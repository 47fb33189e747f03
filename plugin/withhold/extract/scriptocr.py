"""Text in pixels written in Cyrillic, Greek, Armenian or Georgian: read by a second engine, or the picture fails.

A page may write a listed person's name in their own script, and the skeleton (text/skeleton.py)
matches it against the romanised list. The first engine's recogniser (PP-OCRv6) has no Cyrillic,
Armenian or Georgian characters and reads Greek poorly: "Щербакова" comes back as nothing,
"ЩЕРБАКОВА" as "EPAKOBA", "Νικόλαος" as "ιλα", so such a picture would pass as examined having
never been read (issue 11). The detector finds those lines all the same; what the recogniser
made of each says whether it may be one (suspect()):

- it read too little for the region's size: fewer than DENSE characters per line height of width
  (Latin text measures 1.1-3.0 on the tests' pictures, an unread script 0-0.9; a symbol, which
  stands for an icon, counts as ICON characters);
- it read a gap: the recogniser writes a space for a word it has no characters for, so a reading
  that starts or ends with one, or holds two in a row, left words out ("  12.03.1987" for
  "Евгений Хрусталёв 12.03.1987"); an icon between words does the same, and costs a second reading;
- it read nothing over letters: a run of blank steps over ink UNREAD_INK line heights or more
  wide (ocr.Line.gap, ocrmodel.unread_ink), where Latin leaves half a line height at most ("Visitor:
  o o" for "Visitor: ნინო ხარაიშვილი", read at 0.93);
- it is unsure: confidence under SURE;
- it read Greek or Coptic letters, which it holds but confuses;
- it read a capitalised word made only of the Latin capitals that Cyrillic ones look like
  ("EPAKOBA", "HOMEP"): the recogniser reads those Cyrillic letters and drops the others.

Each suspect region of a picture is read again by Tesseract with its script models (Debian's
tesseract-ocr-script-cyrl, -grek, -armn and -geor), all regions of a picture at once: cut out,
scaled to one height and stacked on one sheet, so a picture costs one reading per script model,
5-20 ms a line (the models are loaded once per process where Tesseract's library can be, else
0.1-0.4 s each time: extract/tesseract.py). Every reading is kept as a line of the picture's
text, so a name is found in whichever holds it. A region is read when a script model reads it in
full (full(): as many characters as its size says it shows) with at least READ confidence:

- a region no reading holds in full is unread: the picture is "pixels not read" and fails the run
  (unless the site accepts unread pixels), for it may hold a name;
- a suspect region that only the first engine read in full (no script model is installed, or none
  read it surely) is "partly read": its text may be in a script nothing here reads; so is one that
  only a script model read in full, under READ_ALONE confidence.

A region narrower than WIDE line heights is never suspect: it holds three letters at most, or a
button's icon (on the built mkdocs-material docs, icons measure up to 2.1). And a region in which
neither the first engine nor the script models see a single character is no text in any script the
list can be matched in (the background of a banner, a chart's curves): it is not counted unread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from withhold.extract import tesseract
from withhold.extract.ocr import EngineError, Line, Reading
from withhold.extract.rotation import overlap

if TYPE_CHECKING:
    from PIL.Image import Image

SCRIPTS = ("Cyrillic", "Greek", "Armenian", "Georgian")  # Tesseract's script models: what skeleton.py folds
INSTALL_HINT = "install Debian's tesseract-ocr-script-cyrl, -grek, -armn and -geor"
WIDE = 2.5  # width over height from which a region holds a word of four letters or more (a name's part)
DENSE = 1.0  # characters read per line height of width, under which a region was not read in full
# A symbol read (an arrow, a star, a currency sign) stands for an icon: it fills about as much of the
# line as this many letters. A browser's toolbar, "← → C" spaced out, is then read in full.
ICON = 2.5
UNREAD_INK = 1.5  # line heights of ink read as nothing from which a region is read again (about three letters)
SURE = 0.9  # first-engine confidence under which a region is read again (a Georgian line read as Latin: 0.87)
# A turned reading this sure covers the upright region it replaced (rotation.py): upside-down Latin
# reads at 0.967 or more (18 fonts, 12-30 px), a script the engine lacks, read turned, at 0.87-0.91.
COVERED = 0.95
READ = 0.6  # a script model's confidence from which its reading in full counts (as pixels.LOW_CONFIDENCE)
# ... where the first engine read the region in full too; where the script model's reading is the only
# full one, from this. Under it the region is partly read: Tesseract's Greek model read 12 px capitals
# "ΝΙΚΌΛΛΑΟΣ ΠΑΠΑΛΌΠΟΥΛΟΣ" at 0.61 (two letters wrong), where the first engine had read "NΣ ΔΣ".
READ_ALONE = 0.65
HEIGHT = 48  # px each region is scaled to on the sheet Tesseract reads
GAP = 20  # px of white between regions on the sheet
MAX_SHEET = 200  # regions on one sheet; more are read on further sheets
Box = tuple[int, int, int, int]
VERSION = 5  # the rule that picks suspect regions and judges them read: bump when it changes (the OCR cache's entries)

_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u2c80-\u2cff]")
# A capitalised word of three or more, all of them Latin capitals (or digits) a Cyrillic capital resembles.
_LOOKALIKE = re.compile(r"(?<![^\W\d_])[ABCEHKMOPTXY036I]{3,}(?![^\W\d_])")


def density(line: Line) -> float:
    """Return the characters read per line height of the region's width (a symbol counts ICON characters)."""
    _, _, w, h = line.box
    read = sum(ICON if unicodedata.category(c)[0] == "S" else 1 for c in line.text if not c.isspace())
    return read * max(h, 1) / max(w, 1)


def _wide(line: Line) -> bool:
    _, _, w, h = line.box
    return w >= WIDE * max(h, 1) and max(w, h) >= 24


def suspect(line: Line) -> bool:
    """Return True when a first-engine line may be text in a script its recogniser lacks."""
    if not _wide(line):
        return False
    text = line.text
    return (density(line) < DENSE or line.gap >= UNREAD_INK or line.confidence < SURE or text != text.strip()
            or "  " in text or _GREEK.search(text) is not None
            or any(not word.isdigit() for word in _LOOKALIKE.findall(text)))


def full(line: Line) -> bool:
    """Return True when a reading holds as many characters as the region's size says it shows.

    How sure the engine was is judged apart (pixels.py: low confidence makes a picture partly read).
    """
    return density(line) >= DENSE


class ScriptReader:
    """Tesseract with its script models, reading many regions of a picture from one stacked sheet per script."""

    def __init__(self) -> None:
        found = tesseract.installed()
        if found is None:
            raise OSError("tesseract is not installed")
        self.models = [s if s in found.models else f"script/{s}" for s in SCRIPTS
                       if s in found.models or f"script/{s}" in found.models]
        if not self.models:
            raise OSError("no Tesseract script model is installed")
        self._tesseract = found
        self.version = f"{found.version} {'+'.join(self.models)}"

    def read(self, image: Image, boxes: list[Box], check: Callable[[], None] = lambda: None) -> list[Line]:
        """Return each script model's reading of each box (its text, the box, its words' mean confidence).

        Each model reads alone: given several, Tesseract picks a model word by word, and short words
        of one script come back in another's letters (Georgian "ნინო" as Cyrillic "бобо").
        """
        out: list[Line] = []
        for start in range(0, len(boxes), MAX_SHEET):
            part = boxes[start : start + MAX_SHEET]
            sheet, spans = _sheet(image, part)
            for model in self.models:
                check()
                out.extend(self._read(sheet, spans, part, model))
        return out

    def _read(self, sheet: Image, spans: list[tuple[int, int]], boxes: list[Box], model: str) -> list[Line]:
        words: list[list[tuple[int, str, float]]] = [[] for _ in boxes]
        try:
            found = self._tesseract.words(sheet, model, 6)
        except tesseract.TesseractError as exc:
            raise EngineError(str(exc)) from None
        for word in found:
            middle = word.top + word.height // 2
            for index, (low, high) in enumerate(spans):
                if low - GAP // 2 <= middle < high + GAP // 2:
                    words[index].append((word.left, word.text, word.confidence))
                    break
        lines = []
        for box, found_words in zip(boxes, words):
            found_words.sort()
            letters = [sum(c.isalnum() for c in text) or 1 for _, text, _ in found_words]
            confidence = sum(n * c for n, (_, _, c) in zip(letters, found_words)) / sum(letters) if found_words else 0.0
            lines.append(Line(" ".join(text for _, text, _ in found_words), box, confidence))
        return lines


def _sheet(image: Image, boxes: list[Box]) -> tuple[Image, list[tuple[int, int]]]:
    """Return a grey picture of the boxes cut out of the picture, one height, one under the other; and where each lies."""
    from PIL import Image as PILImage

    grey = image.convert("L")
    crops, spans, width, top = [], [], 0, GAP
    for x, y, w, h in boxes:
        pad = max(3, h // 4)
        crop = grey.crop((max(x - pad, 0), max(y - pad, 0), min(x + w + pad, grey.size[0]), min(y + h + pad, grey.size[1])))
        scale = HEIGHT / max(crop.size[1], 1)
        crops.append((crop.resize((max(1, round(crop.size[0] * scale)), HEIGHT)), top))
        spans.append((top, top + HEIGHT))
        width, top = max(width, round(crop.size[0] * scale)), top + HEIGHT + GAP
    sheet = PILImage.new("L", (width + 2 * GAP, top), 255)
    for crop, at in crops:
        sheet.paste(crop, (GAP, at))
    return sheet, spans


_READER: list[ScriptReader | None] = []  # per process, as ocr.py's engines: holds no scanned data


def reader() -> ScriptReader | None:
    """Return the script reader, or None when Tesseract or its script models are not installed."""
    if not _READER:
        try:
            _READER.append(ScriptReader())
        except OSError:
            _READER.append(None)
    return _READER[0]


def version(found: ScriptReader | None) -> str:
    """Return what the OCR cache's key must hold of the second reading."""
    return f"scripts {VERSION} {found.version if found else 'none'}"


def read_again(image: Image, upright: list[Line], lines: list[Line], found: ScriptReader | None,
               check: Callable[[], None] = lambda: None, fuller: Callable[[], list[Line]] | None = None) -> Reading:
    """Return the picture's reading: its lines, each suspect region's script readings, and what stays unread.

    upright: the first engine's reading of the picture as it stands; lines: the reading kept
    (rotation.py may have replaced some of its lines by turned readings). A suspect line of
    either is read again, unless a line of the kept reading covers its region with COVERED
    confidence (the region was upside down, and read turned). A Tesseract that fails raises ocr.EngineError.

    fuller: where the first engine reads without Han (the list writes none: ocrmodel.py), its
    reading of the picture with every character, asked for only when a region stays unread. A
    region it reads in full, surely, is Han (or Kana) text: read, though a list without Han cannot
    match it; so a screenshot of a Chinese page does not fail a run whose list is romanised.
    """
    sure = [line for line in lines if not suspect(line) and line.confidence >= COVERED]
    regions: dict[Box, Line] = {}
    for line in lines:
        if suspect(line):
            regions.setdefault(line.box, line)
    for line in upright:
        if suspect(line) and not any(overlap(line.box, other.box) for other in sure):
            regions.setdefault(line.box, line)
    if not regions:
        return Reading(lines, [], 0, 0)
    again: dict[Box, list[Line]] = {}
    if found is not None:
        for line in found.read(image, list(regions), check):
            if line.text.strip():
                again.setdefault(line.box, []).append(line)
    unread = doubtful = 0
    kept: list[Line] = []  # the fuller reading's lines that read an otherwise unread region
    fullest: list[Line] | None = None
    for box, first in regions.items():
        best = max((line.confidence for line in again.get(box, []) if full(line)), default=-1.0)
        if best >= (READ if full(first) else READ_ALONE):
            continue
        if full(first) or best >= READ:
            doubtful += 1  # only one engine read it in full, or only unsurely: its script may be one the engine lacks
        elif found is None or box in again or first.text.strip():
            if fuller is not None:
                fullest = fuller() if fullest is None else fullest
                read = [line for line in fullest if overlap(line.box, box) and full(line) and line.confidence >= SURE]
                if read:
                    kept.extend(line for line in read if line not in kept)
                    continue
            unread += 1  # characters seen and not read; or nothing seen, and no script model asked
    return Reading(lines, [line for readings in again.values() for line in readings] + kept, unread, doubtful)
