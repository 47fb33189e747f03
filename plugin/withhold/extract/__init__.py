"""The extractor registry: which module reads each kind of file (kinds come from sniff.py).

A kind with no entry here is "not examined: unsupported" and fails the run. Each entry names its
module and function ("pdf:extract"); the module is imported the first time a file of that kind
is read, so a commit of Markdown pages never loads the PDF, Office or font readers (about a
third of the hook's start-up otherwise).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from withhold.extract.base import Context, ExtractorFunc, Item


def lazy(target: str) -> ExtractorFunc:
    """Return an extractor that imports withhold.extract.<module> and calls its function on first use."""
    module, _, function = target.partition(":")

    def extract(data: bytes, ctx: Context) -> Iterator[Item]:
        found: ExtractorFunc = getattr(importlib.import_module(f"withhold.extract.{module}"), function)
        return found(data, ctx)

    extract.__qualname__ = f"lazy({target!r})"
    return extract


EXTRACTORS: dict[str, ExtractorFunc] = {
    "html": lazy("html:extract"),
    "text": lazy("text:extract"),
    "gzip": lazy("gzip:extract"),
    "zip": lazy("zip:extract"),
    "pdf": lazy("pdf:extract"),
    "tar": lazy("archive:extract_tar"),
    "bzip2": lazy("archive:extract_bzip2"),
    "xz": lazy("archive:extract_xz"),
    "7z": lazy("archive:extract_7z"),
    "png": lazy("image:extract_png"),
    "jpeg": lazy("image:extract_jpeg"),
    "gif": lazy("image:extract_gif"),
    "tiff": lazy("image:extract_tiff"),
    "webp": lazy("image:extract_webp"),
    "ico": lazy("image:extract_ico"),
    "bmp": lazy("image:extract_bmp"),
    "emf": lazy("emf:extract"), "wmf": lazy("wmf:extract"), "pict": lazy("pict:extract"),
    "ole": lazy("ole:extract"),
    "rtf": lazy("rtf:extract"),
    "email": lazy("email:extract"),
    "font": lazy("font:extract"),
    "empty": lazy("shortfall:extract_empty"),
}
