"""The canary: every reader finds a planted synthetic identifier, and a vacuous reader fails the run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from withhold.cli import main
from withhold.extract import EXTRACTORS
from withhold.protected.canary import FAMILY, NAME
from withhold.scan import canary, canaryfiles


def test_every_reader_has_a_canary():
    assert set(canaryfiles.CANARIES) | canaryfiles.READS_NOTHING == set(EXTRACTORS)
    assert not set(canaryfiles.CANARIES) & canaryfiles.READS_NOTHING


@pytest.mark.parametrize("kind", sorted(canaryfiles.CANARIES))
def test_each_reader_finds_its_canary(kind):
    assert canary.prove(kind) == ""


def _vacuous(data: bytes, ctx: object) -> Iterator[object]:
    return iter(())


def test_a_reader_that_reads_nothing_fails_the_run(tmp_path: Path, list_path, capsys, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Opening hours</p></body></html>", encoding="utf-8")
    (site / "notes.txt").write_text("Opening hours\n", encoding="utf-8")
    monkeypatch.setitem(EXTRACTORS, "html", _vacuous)
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    assert main(["scan", "--list", str(list_path), "--no-cache", str(site)]) == 1
    out = capsys.readouterr().out
    assert f"{site}/index.html: W900 not examined: canary (the html reader did not find the identifier planted " \
           "in a html file: its files cannot count as read)" in out
    assert "notes.txt" not in out  # the text reader proved itself
    assert NAME not in out and FAMILY not in out


def test_a_file_read_by_a_reader_that_failed_its_canary_is_not_remembered_clean(tmp_path, list_path, capsys,
                                                                                monkeypatch):
    """The clean store: a run whose reader failed its canary stores no file as clean, so the next run fails too.

    It once did: the page came out of the broken reader with no finding, was stored clean, and the
    next run skipped it as unchanged since a clean scan, never asking its reader for the canary.
    """
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Opening hours</p></body></html>", encoding="utf-8")
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(EXTRACTORS, "html", _vacuous)
    for _ in range(2):
        monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))  # a new process, the same broken reader
        assert main(["scan", "--list", str(list_path), "--jobs", "1", str(site)]) == 1
        assert f"{site}/index.html: W900 not examined: canary" in capsys.readouterr().out
    monkeypatch.undo()  # the reader mended: the page is read, found clean and remembered as such
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(tmp_path / "cache"))
    for detail in ("", "unchanged since a clean scan"):
        assert main(["scan", "--list", str(list_path), "--jobs", "1", "--verbose", str(site)]) == 0
        assert detail in capsys.readouterr().out


def test_a_proof_is_kept_for_the_process(monkeypatch):
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    assert canary.prove("text") == ""
    monkeypatch.setitem(EXTRACTORS, "text", _vacuous)
    assert canary.prove("text") == ""  # proved once: the installed code does not change within a run
    assert canary._prove(("text", "auto", True)).startswith("the text reader did not find")


def test_pictures_are_proved_with_the_engine_the_run_chose(monkeypatch):
    """The pixel canary is read by the run's OCR engine, as the run loaded it: no other engine is loaded."""
    from withhold.extract import ocr
    from withhold.settings import Settings

    if shutil.which("tesseract") is None:
        pytest.skip("needs Tesseract")
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    monkeypatch.setattr(ocr, "_LOADED", {})
    assert canary.prove("png", Settings(ocr_engine="tesseract", ocr_han=False)) == ""
    assert list(ocr._LOADED) == [("tesseract", False)]


def test_a_script_model_that_reads_nothing_fails_the_picture_canary(monkeypatch):
    """The Cyrillic canary picture proves the second reading: a script model that reads nothing fails png."""
    from withhold.extract import scriptocr
    from withhold.settings import Settings
    from withhold.store import ocr as ocrcache

    if scriptocr.reader() is None:
        pytest.skip("needs Tesseract's script models")
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    monkeypatch.setattr(ocrcache, "_RECENT", {})
    assert canary.prove("png", Settings(ocr_han=False)) == ""
    monkeypatch.setattr(ocrcache, "_RECENT", {})
    monkeypatch.setattr(scriptocr.ScriptReader, "read", lambda self, image, boxes, check=None: [])
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    assert canary.prove("png", Settings(ocr_han=False)) == \
        "the png reader did not find the identifier planted in a png file"


def test_with_workers_the_pictures_are_proved_while_they_scan_and_a_failure_still_fails(tmp_path, list_path, capsys,
                                                                                        monkeypatch):
    """jobs > 1: a picture kind is proved on a thread of the parent as soon as a worker read one (canary.Early)."""
    import threading

    from PIL import Image

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Opening hours</p></body></html>", encoding="utf-8")
    for index in range(3):
        Image.new("RGB", (200, 80), (40 * index, 90, 200)).save(site / f"chart{index}.png")
    proved_on: list[tuple[str, str]] = []
    prove = canary.prove

    def spy(kind, settings=None):
        proved_on.append((kind, threading.current_thread().name))
        return prove(kind, settings)

    monkeypatch.setattr(canary, "prove", spy)
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    monkeypatch.setattr(canary.Ahead, "start", classmethod(lambda cls, settings: None))  # as where fork is unsafe
    monkeypatch.setitem(EXTRACTORS, "png", _vacuous)
    assert main(["scan", "--list", str(list_path), "--no-cache", "--jobs", "2", "--no-progress", str(site)]) == 1
    out = capsys.readouterr().out
    assert f"{site}/chart0.png: W900 not examined: canary (the png reader did not find" in out
    assert "index.html" not in out
    assert [name for kind, name in proved_on if kind == "png"][0].startswith("withhold-canary")


def _pictures_site(tmp_path: Path, pictures: int) -> Path:
    from PIL import Image

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Opening hours</p></body></html>", encoding="utf-8")
    for index in range(pictures):
        Image.new("RGB", (200, 80), (40 * index, 90, 200)).save(site / f"chart{index}.png")
    return site


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_pictures_are_proved_ahead_in_a_child_and_a_failure_there_still_fails(jobs, tmp_path, list_path, capsys,
                                                                                  monkeypatch):
    """The CLI proves every picture kind in a forked child while it prepares the list (canary.Ahead)."""
    import os

    site = _pictures_site(tmp_path, 2)
    where = tmp_path / "proved-in"
    prove = canary._prove

    def spy(key):
        with where.open("a", encoding="utf-8") as f:  # the child's memory is its own: it says so in a file
            f.write(f"{key[0]} {os.getpid()}\n")
        return prove(key)

    monkeypatch.setattr(canary, "_prove", spy)
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(spy))
    monkeypatch.setitem(EXTRACTORS, "png", _vacuous)
    assert main(["scan", "--list", str(list_path), "--no-cache", "--jobs", jobs, "--no-progress", str(site)]) == 1
    out = capsys.readouterr().out
    assert f"{site}/chart0.png: W900 not examined: canary (the png reader did not find" in out
    assert "index.html" not in out
    proved = [line.split() for line in where.read_text(encoding="utf-8").splitlines()]
    assert {kind for kind, pid in proved if pid != str(os.getpid())} >= {"png", "jpeg", "gif"}
    assert [kind for kind, pid in proved if pid == str(os.getpid())] == ["html"]  # only what no child proved


def test_a_run_that_reads_no_picture_ends_the_child_unheard(tmp_path, list_path, capsys, monkeypatch):
    """The proofs made ahead are kept only when the run read a kind they prove: else the child is ended."""
    site = _pictures_site(tmp_path, 0)
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    assert main(["scan", "--list", str(list_path), "--no-cache", "--no-progress", str(site)]) == 0
    assert capsys.readouterr().out.startswith("withhold: passed")
    assert sorted(kind for kind, _, _ in canary._PROVEN) == ["html"]


def test_a_picture_read_by_an_engine_that_failed_its_canary_is_read_again_once_it_is_mended(tmp_path, list_path,
                                                                                            capsys, monkeypatch):
    """The OCR cache: a run whose engine reads nothing keeps none of its readings for the next run.

    Kept, the broken engine's empty reading of the picture would be served to the mended engine's
    run (same engine version, same pixels), and the picture would pass without being read.
    """
    import pictures as P
    from people import PEOPLE
    from withhold.extract import ocr

    engine = ocr.engine("auto", han=False)  # as the run loads it: the list writes no Han
    if engine is None:
        pytest.skip("needs an OCR engine")
    person = PEOPLE[0]
    site = tmp_path / "site"
    site.mkdir()
    (site / "badge.png").write_bytes(P.line(person, (P.fonts() or [None])[0], 24))
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(tmp_path / "cache"))
    args = ["scan", "--list", str(list_path), "--jobs", "1", "--no-progress", str(site)]
    with monkeypatch.context() as broken:
        broken.setattr(engine, "read", lambda image: [])  # an engine that loads, and reads nothing
        broken.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
        assert main(args) == 1
        assert f"{site}/badge.png: W900 not examined: canary" in capsys.readouterr().out
    assert not list((tmp_path / "cache" / "ocr").glob("*.json"))
    monkeypatch.setattr(canary, "_PROVEN", canary.Memo(canary._prove))
    assert main(args) == 1
    out = capsys.readouterr().out
    assert f"{site}/badge.png#box=" in out and f"record {person.id}" in out
