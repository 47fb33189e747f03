"""The scan core: the same result in one process or several, and the store of clean files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import SETTINGS
from people import PEOPLE
from withhold.cli import main
from withhold.scan.tree import chunked, scan_paths
from withhold.scan.walk import Entry
from withhold.store import clean as seen


def _site(root: Path, pages: int = 70) -> Path:
    for i in range(pages):
        folder = root / f"section-{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        person = PEOPLE[i % len(PEOPLE)]
        body = f"<p>{person.family}, {person.given}</p>" if i % 9 == 0 else f"<p>Quarterly report {i}</p>"
        (folder / f"page-{i}.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    (root / "blob.bin").write_bytes(bytes(range(256)))
    return root


def test_two_processes_find_exactly_what_one_finds(tmp_path, protected):
    site = _site(tmp_path / "site")
    one = scan_paths([site], protected, SETTINGS, jobs=1)
    two = scan_paths([site], protected, SETTINGS, jobs=2)
    assert one.findings and two.findings == one.findings
    assert two.coverage == one.coverage
    assert two.clean == one.clean


@pytest.mark.parametrize("names, tasks", [
    (["a.html"] * 3, [3]),
    (["a.html"] * 17, [16, 1]),
    (["a.html", "b.png", "c.html", "d.JPG", "e.html"], [1, 1, 3]),  # pictures alone, the rest kept together
    (["a.png", "b.gif", "c.webp"], [1, 1, 1]),
])
def test_each_picture_is_a_task_of_its_own(names, tasks):
    entries = [(Entry(name, name, ""), "") for name in names]
    chunks = chunked(entries)
    assert sorted(len(c) for c in chunks) == sorted(tasks)
    assert sorted(e for c in chunks for e in c) == sorted(entries)


def test_pictures_handed_out_first_keep_the_ledger_in_walk_order(tmp_path, protected):
    from PIL import Image

    site = _site(tmp_path / "site", pages=30)
    for i, side in enumerate((40, 200, 90)):  # small and flat: the triage sets them aside, no OCR needed
        Image.new("RGB", (side, side), "white").save(site / f"section-{i}" / f"picture-{i}.png")
    one = scan_paths([site], protected, SETTINGS, jobs=1)
    two = scan_paths([site], protected, SETTINGS, jobs=2)
    assert [c.display for c in two.coverage] == [c.display for c in one.coverage]
    assert two.coverage == one.coverage and two.findings == one.findings
    assert sum(c.display.endswith(".png") for c in two.coverage) == 3
    assert (two.shard.part, two.shard.parts, two.shard.assigned) == (1, 1, len(two.coverage))


def test_progress_counts_every_file(tmp_path, protected):
    site = _site(tmp_path / "site", pages=40)
    calls = []
    scan_paths([site], protected, SETTINGS, progress=lambda done, total: calls.append((done, total)), jobs=2)
    assert calls[-1] == (41, 41)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_second_scan_skips_files_found_clean_and_rescans_edited_ones(tmp_path, protected):
    site = _site(tmp_path / "site", pages=20)
    first = scan_paths([site], protected, SETTINGS)
    assert len(first.clean) == 20 - 3  # three pages carry a name; the binary is not examined
    page = site / "section-1" / "page-1.html"
    page.write_text(f"<p>{PEOPLE[1].full}</p>", encoding="utf-8")
    second = scan_paths([site], protected, SETTINGS, clean=first.clean)
    skipped = [c for c in second.coverage if c.detail == "unchanged since a clean scan"]
    assert len(skipped) == 16
    assert any(f.path.endswith("page-1.html") for f in second.findings)
    assert len(second.findings) == len(first.findings) + 1


def test_the_clean_store_is_private_and_holds_no_value(tmp_path, protected, assert_no_leak):
    folder = tmp_path / "cache"
    keys = scan_paths([_site(tmp_path / "site", pages=20)], protected, SETTINGS).clean
    seen.save(folder, protected, keys)
    (path,) = folder.iterdir()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert seen.load(folder, protected) == keys
    assert_no_leak(path.read_bytes())
    path.write_bytes(b"\xff\xfe garbage")
    assert seen.load(folder, protected) == frozenset()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_jobs(jobs, tmp_path, list_path, capsys):
    site = _site(tmp_path / "site")
    assert main(["scan", "--list", str(list_path), "--jobs", jobs, str(site)]) == 1
    assert "8 finding(s)" in capsys.readouterr().out


def test_fingerprints_do_not_depend_on_where_the_site_is_scanned_from(tmp_path, protected, monkeypatch):
    site = _site(tmp_path / "site", pages=10)
    monkeypatch.chdir(tmp_path)
    as_root = scan_paths([Path("site")], protected, SETTINGS)
    relative = scan_paths([site], protected, SETTINGS, relative=True)
    assert [f.display for f in as_root.findings][0].startswith("site/")
    assert [f.fingerprint for f in as_root.findings] == [f.fingerprint for f in relative.findings]
    assert as_root.clean == relative.clean


@pytest.fixture
def small_blocks(monkeypatch):
    """Stream anything over 2 KB in blocks of 1 KB, carrying 100 characters: many block edges."""
    import withhold.scan.stream as scanner

    monkeypatch.setattr(scanner, "STREAM_ABOVE", 2048)
    monkeypatch.setattr(scanner, "STREAM_BLOCK", 1024)
    monkeypatch.setattr(scanner, "STREAM_HEAD", 512)
    monkeypatch.setattr(scanner, "STREAM_CARRY", 100)


@pytest.mark.parametrize("newline", ["\n", " "])  # many lines, or one long line
def test_large_text_is_streamed_and_finds_what_a_whole_read_finds(newline, tmp_path, protected, small_blocks):
    site = tmp_path / "site"
    site.mkdir()
    rows = []
    for i in range(400):
        person = PEOPLE[i % len(PEOPLE)]
        rows.append(f"{i},{person.family},{person.given}" if i % 37 == 0 else f"{i},Susana Pazos,{i * 7}")
    (site / "big.csv").write_text(newline.join(rows), encoding="utf-8")
    streamed = scan_paths([site], protected, SETTINGS)
    assert [c.detail for c in streamed.coverage] == ["streamed"]
    import withhold.scan.stream as scanner

    scanner.STREAM_ABOVE = 1 << 40  # the same file read whole
    whole = scan_paths([site], protected, SETTINGS)
    assert [(f.locator, f.records) for f in streamed.findings] == [(f.locator, f.records) for f in whole.findings]
    assert len(streamed.findings) == 11


def test_a_large_binary_file_is_not_streamed_as_text(tmp_path, protected, small_blocks):
    site = tmp_path / "site"
    site.mkdir()
    (site / "big.bin").write_bytes(bytes(range(256)) * 40)
    (cov,) = scan_paths([site], protected, SETTINGS).coverage
    assert (cov.status, cov.reason) == ("not examined", "unsupported")


@pytest.mark.parametrize(("precise", "locators"), [
    (lambda: [], ["#quick-reading"]),  # the precise reading loses the hit: the quick one is reported
    (lambda: [__import__("withhold.extract.base").extract.base.Segment("x Ana Paz", where="#part")], ["#part:1:3"]),
])
def test_a_probe_is_read_precisely_only_where_it_holds_a_hit_and_never_loses_one(precise, locators, protected,
                                                                                  monkeypatch):
    import withhold.scan.file as scanner
    from withhold.extract import EXTRACTORS
    from withhold.extract.base import Probe

    called = []

    def fake(data, ctx):
        yield Probe("nothing here", lambda: called.append("clean") or [])
        yield Probe("Ana Paz", precise)

    monkeypatch.setitem(EXTRACTORS, "fake", fake)
    monkeypatch.setattr(scanner, "sniff", lambda name, data: "fake")
    result = scanner.scan_bytes("doc.bin", b"x", protected, SETTINGS)
    assert [f.locator for f in result.findings] == locators
    assert called == []  # a clean probe's precise reading never runs


def test_an_identifier_that_equals_an_a_number_is_reported_as_both():
    """An automaton hit (int key) and an A-number hit (str key) on the same span once compared keys."""
    import datetime as dt

    from withhold.protected.plaintext import Protected
    from withhold.protected.watchlist import Record

    record = Record("P9", 2, "", "Ana", "Paz", dt.date(1990, 7, 1), "012345678", (("case", "012345678"),), ())
    protected = Protected([record], SETTINGS, b"synthetic")
    hits = protected.find("file 012345678 closed")
    assert sorted((h.kind, h.start, h.end) for h in hits) == [("a_number", 5, 14), ("case", 5, 14)]
