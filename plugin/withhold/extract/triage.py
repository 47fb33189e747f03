"""Triage of pictures before OCR: which can hold legible text, and at what size to read them.

OCR costs 0.1-3 s a picture; a site holds thousands of icons, logos and photos. The rules, each
cheap (a header read or one pass over a small copy of the pixels):

- too small: under MIN_HEIGHT px tall or under MIN_WIDTH px wide: no line of a name fits. A
  picture cropped tight around a name is small: 30 generated names in DejaVuSans, cropped with 2 px
  around them, are read by RapidOCR at 10, 9, 8, 7 and 6 px in 28, 27, 24, 13 and 3 cases of 30
  (none at 5 px), and a crop of 6 px text is 9-10 px tall, 20 px wide for "Li Na". An older rule
  (12 px tall, 32 wide, 2,048 pixels in all) called most of those crops too small and passed them
  as examined, the name unread. Icons 16 px wide and less still hold no name.
- flat: the picture's grey levels span less than MIN_CONTRAST of 255 (a blank, a flat colour).
  Text needs contrast to be read by anyone.
- too large: over MAX_PIXELS pixels is not decoded at all (a decompression bomb): not examined.

A picture past the triage is cut to what it holds (framed(): one pass over its pixels in C), then
scaled so its longer side is at most MAX_SIDE (detection runs at
that size; screenshots of 2880 px are read as well at 2048), and so text in a small picture is
at least UPSCALE_BELOW px tall in the picture the engine sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

MIN_HEIGHT = 8
MIN_WIDTH = 18
MIN_CONTRAST = 24
MAX_PIXELS = 100_000_000
MAX_SIDE = 2048
UPSCALE_BELOW = 64  # pictures shorter than this are doubled: one line of 12-20 px text
MARGIN = 32  # px of ground kept around what a picture holds (framed())
FAINT = MIN_CONTRAST // 2  # levels (of red, green or blue) from the ground from which a pixel holds something


def too_small(width: int, height: int) -> bool:
    """Return True when a picture of this size cannot hold a legible name."""
    return height < MIN_HEIGHT or width < MIN_WIDTH


def skip_reason(image: Image) -> str:
    """Return why a decoded picture needs no OCR ("" when it may hold text)."""
    if too_small(*image.size):
        return f"too small to hold legible text ({image.size[0]}x{image.size[1]} px)"
    # A palette picture with transparency goes through RGBA, as Pillow asks (else it warns on stderr).
    small = (image.convert("RGBA") if image.mode == "P" and "transparency" in image.info else image).convert("L")
    small.thumbnail((256, 256))
    low, high = small.getextrema()
    if float(high) - float(low) < MIN_CONTRAST:  # type: ignore[arg-type]
        return "a flat picture, no contrast to hold text"
    return ""


def prepared(image: Image) -> Image:
    """Return the picture as the engine should see it, uncut: RGB on white, at most MAX_SIDE, small ones doubled."""
    return _scaled(_flat(image))


def framed(image: Image) -> tuple[Image, tuple[int, int], float]:
    """Return the picture as the engine should see it, cut to what it holds; where that part starts in the
    picture, and the factor from the engine's pixels back to the picture's own (for boxes).

    A line of text alone on a wide blank ground is often not found by the detector: "Given Family"
    in 16 px DejaVuSans on a white 1920x1080 picture, 0 of 6 generated names; the same line with a
    form around it, or cut out with its margin, 6 of 6 (and a 4032x3024 picture of one 40 px line, a
    2000x3000 page of one 18 px line: 0 of 6 whole, 6 of 6 cut out). So the picture is cut to the
    box of every pixel that stands apart from its top-left corner's colour by FAINT levels or more
    in any of red, green and blue, with MARGIN px around it; a photo, whose ground is not one
    colour, is read whole.
    """
    flat = _flat(image)
    left, top, right, bottom = content(flat)
    if (left, top, right, bottom) != (0, 0, *flat.size):
        flat = flat.crop((left, top, right, bottom))
    seen = _scaled(flat)
    return seen, (left, top), scale_of(flat.size, seen.size)


def content(flat: Image) -> tuple[int, int, int, int]:
    """Return the box (left, top, right, bottom) of an RGB picture that holds what stands apart from its ground."""
    from PIL import Image as PILImage
    from PIL import ImageChops

    # Each colour apart: red text on a green ground of the same grey stands apart all the same.
    red, green, blue = ImageChops.difference(flat, PILImage.new("RGB", flat.size, flat.getpixel((0, 0)))).split()
    box = ImageChops.lighter(ImageChops.lighter(red, green), blue).point(lambda v: 255 if v >= FAINT else 0).getbbox()
    if box is None:
        return (0, 0, *flat.size)
    left, top, right, bottom = box
    return (max(0, left - MARGIN), max(0, top - MARGIN), min(flat.width, right + MARGIN), min(flat.height, bottom + MARGIN))


def _flat(image: Image) -> Image:
    """Return the picture in RGB, a transparent one on white."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = PILImage.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _scaled(image: Image) -> Image:
    from PIL import Image as PILImage

    width, height = image.size
    if max(width, height) > MAX_SIDE:
        scale = MAX_SIDE / max(width, height)
        image = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), PILImage.Resampling.LANCZOS)
    elif height < UPSCALE_BELOW and width * 2 <= MAX_SIDE:
        image = image.resize((width * 2, height * 2), PILImage.Resampling.LANCZOS)
    return image


def scale_of(original: tuple[int, int], seen: tuple[int, int]) -> float:
    """Return the factor from the engine's pixels back to the picture's own (for boxes)."""
    return original[0] / seen[0] if seen[0] else 1.0
