"""The extractor registry: which module reads each kind of file (kinds come from sniff.py).

A kind with no entry here is "not examined: unsupported" and fails the run.
"""

from __future__ import annotations

from withhold.extract import gzip, html, text
from withhold.extract.base import ExtractorFunc

EXTRACTORS: dict[str, ExtractorFunc] = {
    "html": html.extract,
    "text": text.extract,
    "gzip": gzip.extract,
}
