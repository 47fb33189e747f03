"""The report formats, by name."""

from __future__ import annotations

from collections.abc import Callable

from withhold.report import RunInfo, html, json, sarif, text
from withhold.scanner import ScanResult

FORMATS: dict[str, Callable[[ScanResult, RunInfo, bool], str]] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "html": html.render,
}
