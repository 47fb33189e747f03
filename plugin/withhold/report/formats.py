"""The report formats, by name."""

from __future__ import annotations

from collections.abc import Callable

from withhold.findings import ScanResult
from withhold.report import RunInfo, html, json, sarif, text

FORMATS: dict[str, Callable[[ScanResult, RunInfo, bool], str]] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "html": html.render,
}
