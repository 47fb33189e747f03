"""Principle 1: withhold must never become the leak.

Identifiers of every listed (fictional) person are planted in pages, attributes, scripts, file and
folder names, corrupt and unreadable files. Every output path is then run as a real process, and
every byte of stdout, stderr and each report file is checked for any listed value in any variant.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

import metafiles
from people import PEOPLE


def _plant(site: Path) -> None:
    rows = "".join(
        f"<tr><td>{p.family}, {p.given}</td><td>{p.dob:%m/%d/%Y}</td><td>{p.a_number}</td><td>{p.passport}</td></tr>"
        for p in PEOPLE
    )
    (site / "stats").mkdir(parents=True)
    (site / "stats" / "index.html").write_text(
        f"<html><head><meta name='author' content='{PEOPLE[0].full}'></head><body><table>{rows}</table>"
        f"<img alt='{PEOPLE[1].full}' src='/img/{PEOPLE[2].given}-{PEOPLE[2].family}.jpg'>"
        f"<script>var p = {{'name': '{PEOPLE[3].full}'}};</script></body></html>",
        encoding="utf-8",
    )
    for p in PEOPLE:
        folder = site / "people" / f"{p.given} {p.family}".lower().replace(" ", "-")
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f"<p>{p.full}, born {p.dob}</p>", encoding="utf-8")
    (site / f"{PEOPLE[0].full} {PEOPLE[0].a_number}.gz").write_bytes(gzip.compress(PEOPLE[0].full.encode())[:-9])
    (site / f"{PEOPLE[1].a_number}.bin").write_bytes(bytes(range(256)) * 4 + PEOPLE[1].full.encode())
    (site / "data.json").write_text('{"who": "' + PEOPLE[4].full + '", "a": "' + PEOPLE[4].a_number + '"}', encoding="utf-8")
    # Metafiles: text drawn by EMF, EMF+ and WMF records (hand-built, tests/metafiles.py).
    (site / "figure.emf").write_bytes(metafiles.emf(metafiles.text_w(10, 10, PEOPLE[2].full),
                                                    metafiles.plus(metafiles.plus_string(PEOPLE[3].a_number))))
    (site / "clip.wmf").write_bytes(metafiles.wmf(metafiles.exttextout(10, 10, PEOPLE[4].full.encode("cp1252"))))


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "withhold", *args], capture_output=True, env=env, timeout=120)


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    _plant(site)
    return site


OUTPUTS = {
    "text": [],
    "verbose": ["--verbose"],
    "quiet": ["--quiet"],
    "json": ["--format", "json"],
    "sarif": ["--format", "sarif"],
    "text file": ["--output", "REPORT"],
    "json file": ["--format", "json", "--output", "REPORT"],
    "sarif file": ["--format", "sarif", "--output", "REPORT"],
}


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_no_output_path_leaks(name, planted, list_path, tmp_path, assert_no_leak):
    report = tmp_path / "report.out"
    args = [str(report) if a == "REPORT" else a for a in OUTPUTS[name]]
    proc = _run("scan", "--list", str(list_path), "--identifier-column", "passport", *args, str(planted))
    assert proc.returncode == 1, proc.stderr
    blobs = [proc.stdout, proc.stderr] + ([report.read_bytes()] if report.exists() else [])
    assert any(b"protected name" in b for b in blobs)  # the findings were reported...
    assert_no_leak(*blobs)  # ...without a single listed value


def test_error_paths_do_not_leak(planted, list_path, tmp_path, assert_no_leak):
    inside = planted / "people" / "protected.csv"
    inside.write_bytes(list_path.read_bytes())
    for proc, code in (
        (_run("scan", "--list", str(inside), str(planted)), 2),  # a list inside the tree: refused
        (_run("check-list", "--list", str(list_path)), 0),  # a valid list
        (_run("scan", "--list", str(list_path), "--debug", str(planted / "nonexistent")), 2),
    ):
        assert proc.returncode == code, proc.stderr
        assert_no_leak(proc.stdout, proc.stderr)


def test_the_corrupt_and_binary_files_are_reported_masked(planted, list_path, assert_no_leak):
    proc = _run("scan", "--list", str(list_path), str(planted))
    out = proc.stdout.decode()
    assert "W900 not examined: corrupt" in out
    assert "W900 not examined: unsupported" in out
    assert_no_leak(proc.stdout, proc.stderr)


OCR_REPORTS = {"text": ["--verbose"], "json": ["--format", "json"], "sarif": ["--format", "sarif"],
               "html": ["--format", "html", "--output", "REPORT"]}


@pytest.mark.parametrize("name", sorted(OCR_REPORTS))
def test_an_ocr_run_does_not_leak_what_it_read_in_pixels(name, list_path, tmp_path, assert_no_leak):
    """Names read from pixels (a screenshot, a scanned page) are masked in every report, as any text."""
    from withhold.extract import ocr

    if ocr.engine() is None:
        pytest.skip("no OCR engine installed (pip install '.[ocr]')")
    import io

    import pictures

    site = tmp_path / "site"
    site.mkdir()
    (site / "detainees.png").write_bytes(pictures.table(PEOPLE[:3], (pictures.fonts() or [None])[0]))
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.image(io.BytesIO(pictures.scan(PEOPLE[3], (pictures.fonts() or [None])[0], 20, __import__("random").Random(3))),
              x=10, y=10, w=180)
    (site / "scan.pdf").write_bytes(bytes(doc.output()))
    names = pictures.table(PEOPLE[3:], (pictures.fonts() or [None])[0])
    (site / "chart.emf").write_bytes(metafiles.emf(metafiles.stretchdibits(metafiles.bmp(names))))
    report = tmp_path / "report.out"
    args = [str(report) if a == "REPORT" else a for a in OCR_REPORTS[name]]
    proc = _run("scan", "--list", str(list_path), "--identifier-column", "passport", *args, str(site))
    assert proc.returncode == 1, proc.stderr
    blobs = [proc.stdout, proc.stderr] + ([report.read_bytes()] if report.exists() else [])
    assert any(b"protected name" in b for b in blobs)
    assert_no_leak(*blobs)
