"""The canary files drawn in pixels, proved by each picture reader where an OCR engine runs (canary.py).

A picture's text may be pixels only (a BMP has no metadata to plant); the name is drawn by Pillow,
in the picture as a site publishes it, turned a quarter turn (read only by extract/rotation.py),
and inside an RTF as a bitmap without its file header. In memory only, like every canary.

Where Tesseract's script models are installed, a PNG of the package (canary-cyrillic.png, drawn
once in DejaVu Sans, which Pillow's own font cannot do) proves the way to a name written in
Cyrillic: the first engine's reading marks the region suspect, a script model reads it, and the
skeleton matches it to the romanised record (protected/canary.py, SCRIPT_RECORD_ID). A new
recogniser that read Cyrillic as confident Latin, or a script model that reads nothing, fails it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from withhold.protected.canary import NAME


def drawn(turn: int = 0):  # type: ignore[no-untyped-def]
    """Return a picture (Pillow) whose only text is the canary's name, turned turn degrees anticlockwise."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (560, 60), 255)
    ImageDraw.Draw(image).text((10, 12), NAME, fill=0, font=ImageFont.load_default(size=28))
    return image.rotate(turn, expand=True) if turn else image


def pixels(fmt: str, turn: int = 0) -> Callable[[], bytes]:
    """Return a builder of a picture whose only text is the canary's name, drawn in pixels (turned by turn)."""
    def build() -> bytes:
        out = io.BytesIO()
        drawn(turn).save(out, fmt)
        return out.getvalue()

    return build


def rtf_bitmap() -> bytes:
    """Return an RTF whose only text is a \\dibitmap picture of the canary's name (a BMP without its file header)."""
    out = io.BytesIO()
    drawn().save(out, "BMP")
    return b"{\\rtf1\\ansi {\\pict\\dibitmap0\\picw560\\pich60 " + out.getvalue()[14:].hex().encode() + b"}\\par}"


# Pictures: where an OCR engine runs, each kind also proves it reads the name from the pixels alone,
# and the kinds below prove more: text turned a quarter turn (rotation.py, read via the PNG reader)
# and a bitmap an RTF holds without its file header.
PIXEL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "tiff": "TIFF", "webp": "WEBP", "bmp": "BMP"}
MORE_PIXELS: dict[str, tuple[tuple[str, Callable[[], bytes]], ...]] = {
    "png": (("canary-pixels-turned.png", pixels("PNG", 90)),),
    "rtf": (("canary-bitmap.rtf", rtf_bitmap),),
}


def cyrillic() -> bytes:
    """Return the canary picture that writes the second canary person in Cyrillic ("Посетитель: Зельфина Корватова")."""
    return (Path(__file__).parent / "canary-cyrillic.png").read_bytes()


SCRIPT_PIXELS: tuple[tuple[str, Callable[[], bytes]], ...] = (("canary-pixels-cyrillic.png", cyrillic),)  # png only
