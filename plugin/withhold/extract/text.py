"""Text files of any kind: decoded by their BOM, UTF-16/32, UTF-8 or a legacy code page."""

from __future__ import annotations

from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Segment
from withhold.text.decode import decode_bytes


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    text = decode_bytes(data)
    if text is None:
        raise NotExamined("unsupported", "binary content of no known format")
    yield Segment(text)
