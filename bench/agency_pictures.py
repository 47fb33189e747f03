"""Pictures for the agency-scale site (bench/agency.py --pictures N), written by Pillow, all fictional.

The share follows what an agency's site publishes: photos of places and events, icons and logos
(small: the triage sets them aside), charts with axis labels, screenshots of tables, and a few
scanned pages (text rendered, rotated 1-2 degrees, speckled). Every picture is distinct (its own
seed), so a cold scan reads each one. The people on them come from the site's own pool of names
(gen.SITE_GIVEN, disjoint from the list's); the leaks given are planted on scanned pages, each of
which a scan must report.
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen

# (kind, share of the pictures): the rest after the scans are photos.
SHARES = (("icon", 0.30), ("chart", 0.15), ("screenshot", 0.10), ("scan", 0.05))
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _font(size: int, rng: random.Random):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    for path in rng.sample(FONTS, len(FONTS)):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _png(image) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def photo(rng: random.Random) -> bytes:
    """Return a photo-like JPEG: a gradient sky, hills, grain; no text."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = rng.choice(((1200, 800), (1600, 1067), (800, 600)))
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = [rng.randrange(40, 230) for _ in range(3)], [rng.randrange(20, 200) for _ in range(3)]
    for y in range(height):
        t = y / height
        draw.line((0, y, width, y), fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(rng.randint(3, 8)):
        x, h = rng.randrange(-200, width), rng.randrange(height // 6, height // 2)
        draw.ellipse((x, height - h, x + rng.randrange(200, 700), height + h),
                     fill=(rng.randrange(20, 120), rng.randrange(60, 160), rng.randrange(20, 90)))
    grain = Image.effect_noise((width, height), rng.randrange(10, 30)).convert("RGB")
    image = Image.blend(image, grain, 0.15).filter(ImageFilter.GaussianBlur(0.8))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=rng.choice((70, 80, 90)))
    return out.getvalue()


def icon(rng: random.Random) -> bytes:
    """Return a small logo or icon (16-48 px): a shape on a flat ground."""
    from PIL import Image, ImageDraw

    side = rng.choice((16, 24, 32, 48))
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((2, 2, side - 2, side - 2), fill=(rng.randrange(256), rng.randrange(256), 200, 255))
    return _png(image)


def chart(rng: random.Random) -> bytes:
    """Return a bar chart with a title, axis labels and values: words and numbers, no name."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 520), "white")
    draw = ImageDraw.Draw(image)
    draw.text((30, 14), f"{' '.join(rng.choice(gen.WORDS) for _ in range(4)).title()} per year", font=_font(22, rng), fill="black")
    draw.line((70, 470, 880, 470), fill="black", width=2)
    draw.line((70, 60, 70, 470), fill="black", width=2)
    bars = rng.randint(5, 10)
    for i in range(bars):
        value = rng.randrange(30, 380)
        x = 90 + i * (780 // bars)
        draw.rectangle((x, 470 - value, x + 780 // bars - 20, 470), fill=(rng.randrange(40, 200), 110, 180))
        draw.text((x, 478), str(2012 + i), font=_font(15, rng), fill="black")
        draw.text((x + 4, 450 - value), str(value * 7), font=_font(13, rng), fill="black")
    draw.text((4, 250), "count", font=_font(14, rng), fill="black")
    return _png(image)


def _rows(rng: random.Random, count: int) -> list[str]:
    return [f"{rng.choice(gen.SITE_GIVEN)} {rng.choice(gen.SITE_FAMILY)}   {rng.randrange(2015, 2025)}-"
            f"{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}   {' '.join(rng.choice(gen.WORDS) for _ in range(4))}"
            for _ in range(count)]


def screenshot(rng: random.Random) -> bytes:
    """Return a screenshot of a web table: a header bar, a menu, rows of the site's own names."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1440, 900), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1440, 56), fill=(40, 70, 140))
    draw.text((24, 16), "Agency reading room", font=_font(22, rng), fill="white")
    for i, word in enumerate(rng.sample(gen.WORDS, 5)):
        draw.text((24, 90 + i * 34), word.title(), font=_font(16, rng), fill=(40, 40, 40))
    for i, row in enumerate(_rows(rng, 18)):
        draw.text((260, 90 + i * 40), row, font=_font(16, rng), fill="black")
        draw.line((260, 122 + i * 40, 1400, 122 + i * 40), fill=(210, 210, 210))
    return _png(image)


def scan(rng: random.Random, leak: str = "") -> bytes:
    """Return a scanned page (150 dpi): lines of text, one of them the leak if given, rotated 1-2 degrees, speckled."""
    from PIL import Image, ImageDraw, ImageFilter

    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = _font(26, rng)
    lines = _rows(rng, 30)
    if leak:
        lines[rng.randrange(len(lines))] = f"{leak}   {' '.join(rng.choice(gen.WORDS) for _ in range(4))}"
    for i, text in enumerate(lines):
        draw.text((110, 140 + i * 48), text, font=font, fill=rng.randrange(0, 60))
    page = page.rotate(rng.choice((-2, -1.5, -1, 1, 1.5, 2)), resample=Image.Resampling.BICUBIC, fillcolor=255)
    speckle = Image.effect_noise(page.size, 60).point(lambda v: 0 if v > 245 else 255)
    page = Image.composite(page, speckle, speckle).filter(ImageFilter.GaussianBlur(0.5))
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


WRITERS = {"icon": icon, "chart": chart, "screenshot": screenshot, "photo": photo}


def write_pictures(folder: Path, count: int, leaks: list[str]) -> list[Path]:
    """Write count pictures under folder (the leaks on scanned pages among them); return the leaking ones."""
    rng = random.Random(17)
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [kind for kind, share in SHARES for _ in range(round(count * share))]
    kinds = (kinds + ["photo"] * count)[:count]
    scans = [i for i, kind in enumerate(kinds) if kind == "scan"]
    leaking = []
    for i, kind in enumerate(kinds):
        own = random.Random(rng.random())
        if kind == "scan":
            leak = leaks[scans.index(i)] if scans.index(i) < len(leaks) else ""
            path = folder / f"scan-{i}.png"
            path.write_bytes(scan(own, leak))
            if leak:
                leaking.append(path)
        else:
            path = folder / f"{kind}-{i}.{'jpg' if kind == 'photo' else 'png'}"
            path.write_bytes(WRITERS[kind](own))
    return leaking
