"""Pictures of fictional people's names, as a site publishes them, and clean pictures beside them.

Written by Pillow, for the OCR tests and bench/ocr_engines.py. Every name is fictional
(tests/people.py). Kinds: a line of text (PNG), the same as a JPEG at quality 60, a scanned page
(grey paper, rotated 1-2 degrees, speckled), a table screenshot of four people; and clean ones:
a bar chart and a photo-like picture, which hold no name.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from people import Person

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSerif.ttf", "LiberationSans-Regular.ttf", "LiberationSerif-Regular.ttf",
              "LiberationMono-Regular.ttf", "DejaVuSansCondensed.ttf", "LiberationSans-Bold.ttf")
SIZES = (12, 14, 16, 20, 24, 30)
KINDS = ("line", "jpeg", "scan", "table")


class Picture(NamedTuple):
    label: str  # kind, font, size: what the bench reports by
    name: str  # a file name with the right suffix
    data: bytes
    people: tuple[str, ...]  # record ids whose names the picture shows


def fonts() -> list[Path]:
    """Return the fonts of FONT_FILES installed here (Debian's fonts-dejavu, fonts-liberation)."""
    return [folder / name for name in FONT_FILES for folder in FONT_DIRS if (folder / name).is_file()]


def _font(path: Path | None, size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)


def _encode(image, fmt: str, **options: object) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def line(person: Person, font: Path | None, size: int, fmt: str = "PNG") -> bytes:
    """Return a picture of one line naming person, as a caption or a badge would."""
    from PIL import Image, ImageDraw

    face = _font(font, size)
    text = f"Visitor: {person.given} {person.family}"
    width = int(face.getlength(text)) + 2 * size
    image = Image.new("RGB", (width, size * 3), (250, 250, 245) if fmt == "PNG" else (228, 236, 250))
    ImageDraw.Draw(image).text((size, size), text, font=face, fill=(20, 20, 40))
    return _encode(image, fmt, **({"quality": 60} if fmt == "JPEG" else {}))


def scan(person: Person, font: Path | None, size: int, rng: random.Random) -> bytes:
    """Return a scanned page: a few lines of a letter on grey paper, rotated 1-2 degrees, speckled."""
    from PIL import Image, ImageDraw

    face = _font(font, size)
    lines = ["Case review, page 2 of 3 (fictional test data)", f"Interviewed: {person.given} {person.family},",
             f"born {person.dob:%d/%m/%Y}, held at the Northfield facility.", "The review continues below."]
    width = int(max(face.getlength(t) for t in lines)) + 4 * size
    image = Image.new("L", (width, int(size * 2.2 * len(lines)) + 4 * size), 235)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(lines):
        draw.text((2 * size, 2 * size + int(i * size * 2.2)), text, font=face, fill=30)
    image = image.rotate(rng.choice((-2, -1.5, -1, 1, 1.5, 2)), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=235)
    pixels = image.load()
    for _ in range(image.size[0] * image.size[1] // 150):  # speckle: dust and toner
        pixels[rng.randrange(image.size[0]), rng.randrange(image.size[1])] = rng.choice((0, 90, 255))
    return _encode(image, "PNG")


def table(people: Sequence[Person], font: Path | None, size: int = 14) -> bytes:
    """Return a screenshot of a table of people: name, A-number, facility, with grid lines."""
    from PIL import Image, ImageDraw

    face, bold = _font(font, size), _font(font, size)
    rows = [("Name", "A-number", "Facility")] + [(p.full, p.a_number, p.nationality) for p in people]
    widths = [int(max(face.getlength(r[c]) for r in rows)) + size * 2 for c in range(3)]
    height = size * 2
    image = Image.new("RGB", (sum(widths) + 2, height * len(rows) + 2), "white")
    draw = ImageDraw.Draw(image)
    for r, row in enumerate(rows):
        x = 0
        if r == 0:
            draw.rectangle((0, 0, sum(widths), height), fill=(225, 230, 240))
        for c, cell in enumerate(row):
            draw.text((x + size, r * height + size // 2), cell, font=bold if r == 0 else face, fill="black")
            draw.rectangle((x, r * height, x + widths[c], (r + 1) * height), outline=(160, 160, 160))
            x += widths[c]
    return _encode(image, "PNG")


def chart(font: Path | None) -> bytes:
    """Return a clean bar chart: a title, years and counts, no name."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 10), "Arrivals per year (synthetic)", font=_font(font, 18), fill="black")
    for i, (year, value) in enumerate(zip(range(2019, 2025), (120, 90, 150, 210, 180, 240))):
        draw.rectangle((40 + i * 70, 270 - value, 90 + i * 70, 270), fill=(70, 110, 180))
        draw.text((45 + i * 70, 275), str(year), font=_font(font, 14), fill="black")
        draw.text((48 + i * 70, 250 - value), str(value), font=_font(font, 12), fill="black")
    return _encode(image, "PNG")


def photo(rng: random.Random) -> bytes:
    """Return a photo-like picture: sky, hills, a sun and grain, as a JPEG; no text at all."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.new("RGB", (640, 420))
    draw = ImageDraw.Draw(image)
    for y in range(420):
        draw.line((0, y, 640, y), fill=(90 + y // 6, 140 + y // 8, 220 - y // 4))
    for _ in range(6):
        x, h = rng.randrange(-100, 600), rng.randrange(120, 260)
        draw.ellipse((x, 420 - h, x + rng.randrange(200, 420), 420 + h), fill=(40 + rng.randrange(60), 110 + rng.randrange(60), 50))
    draw.ellipse((480, 40, 560, 120), fill=(250, 230, 150))
    grain = Image.effect_noise((640, 420), 18).convert("RGB")
    image = Image.blend(image, grain, 0.12).filter(ImageFilter.GaussianBlur(0.6))
    return _encode(image, "JPEG", quality=80)


def name_pictures(people: Sequence[Person], seed: int = 11) -> list[Picture]:
    """Return pictures naming every person once, cycling through kinds, fonts and sizes."""
    rng = random.Random(seed)
    faces = fonts() or [None]
    out: list[Picture] = []
    queue = list(people)
    i = 0
    while queue:
        kind, font, size = KINDS[i % len(KINDS)], faces[i % len(faces)], SIZES[i % len(SIZES)]
        label = f"{kind} {font.stem if font else 'default'} {size}px"
        if kind == "table":
            group, queue = queue[:4], queue[4:]
            out.append(Picture(f"{kind} {font.stem if font else 'default'} 14px", f"table-{i}.png",
                               table(group, font), tuple(p.id for p in group)))
        else:
            person = queue.pop(0)
            data = line(person, font, size, "JPEG") if kind == "jpeg" else scan(person, font, size, rng) if kind == "scan" else line(person, font, size)
            out.append(Picture(label, f"{kind}-{i}.{'jpg' if kind == 'jpeg' else 'png'}", data, (person.id,)))
        i += 1
    return out


def clean_pictures(seed: int = 5) -> list[Picture]:
    """Return pictures that hold no protected value: charts and photos."""
    rng = random.Random(seed)
    faces = fonts() or [None]
    return [Picture("clean chart", "chart.png", chart(faces[0]), ()),
            Picture("clean chart", "chart-2.png", chart(faces[-1]), ()),
            Picture("clean photo", "photo.jpg", photo(rng), ()),
            Picture("clean photo", "photo-2.jpg", photo(rng), ())]
