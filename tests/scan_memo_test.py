"""A scan that remembers its files in memory (`mkdocs serve`) rescans only what changed, and finds the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SETTINGS
from withhold.scan.entry import Results
from withhold.scan.file import FileScan
from withhold.scan.tree import scan_paths

PAGES = {
    "index.html": "<p>Nothing to see.</p>",
    "case.html": "<p>The detainee María José García López was moved.</p>",
    "about.html": "<p>About the office.</p>",
}


@pytest.fixture
def scans(monkeypatch) -> list[str]:
    """The files actually read and matched (not taken from the memo)."""
    seen: list[str] = []
    real = FileScan.scan_data

    def counting(self, rel, *args, **kwargs):
        seen.append(rel)
        return real(self, rel, *args, **kwargs)

    monkeypatch.setattr(FileScan, "scan_data", counting)
    return seen


def _site(root: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _shown(result):
    return sorted(f"{f.path}{f.locator} {f.code}" for f in result.findings), \
        sorted(f"{c.path} {c.status}" for c in result.coverage)


@pytest.mark.parametrize(("change", "rescanned"), [
    ({}, []),
    ({"about.html": "<p>About the office, edited.</p>"}, ["about.html"]),
    ({"case.html": "<p>The detainee was moved.</p>"}, ["case.html"]),  # a finding fixed
    ({"index.html": "<p>Ana Paz visited.</p>"}, ["index.html"]),  # a finding added
])
def test_only_changed_files_are_scanned_again(tmp_path, protected, scans, change, rescanned):
    (tmp_path / "site").mkdir()
    site = _site(tmp_path / "site", PAGES)
    memo: Results = {}
    first = scan_paths([site], protected, SETTINGS, relative=True, memo=memo)
    assert sorted(scans) == sorted(PAGES) and len(memo) == len(PAGES)
    scans.clear()
    _site(site, change)
    again = scan_paths([site], protected, SETTINGS, relative=True, memo=memo)
    assert sorted(scans) == rescanned
    assert _shown(again) == _shown(scan_paths([site], protected, SETTINGS, relative=True))  # as if from scratch
    if not change:
        assert _shown(again) == _shown(first)
    assert len(memo) == len(PAGES)  # what the edit replaced is gone: the memo does not grow


def test_a_file_not_fully_examined_is_tried_again(tmp_path, protected, scans):
    site = tmp_path / "site"
    site.mkdir()
    (site / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    memo: Results = {}
    scan_paths([site], protected, SETTINGS, relative=True, memo=memo)
    scan_paths([site], protected, SETTINGS, relative=True, memo=memo)
    assert scans == ["broken.pdf", "broken.pdf"] and memo == {}
