"""The prepared list's cache: reused while nothing changed, rebuilt otherwise, private, never trusted blindly."""

from __future__ import annotations

import json
import os
import pickle
import stat
from pathlib import Path

import pytest

from conftest import SETTINGS
from people import PEOPLE, write_list
from withhold.protected.lookup import AutomatonApart, Deferred
from withhold.protected.matcher import Automaton
from withhold.protected.plaintext import Protected
from withhold.run.prepare import prepare
from withhold.store import cache
from withhold.store.cache import MAGIC, cache_dir, cached, entry_name


class Builds:
    """A build function that counts its calls."""

    def __init__(self, path: Path, settings=SETTINGS) -> None:
        self.path, self.settings, self.calls = path, settings, 0

    def __call__(self):
        self.calls += 1
        return Protected.load(self.path, self.settings)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "withhold"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_warm_cache_skips_preparing_the_list(list_path, folder):
    build = Builds(list_path)
    cold, _ = cached(list_path, SETTINGS, build, folder)
    warm, report = cached(list_path, SETTINGS, build, folder)
    assert build.calls == 1
    assert report.records == len(PEOPLE)
    assert warm.fingerprint == cold.fingerprint
    text = "The mayor Ana Paz met María José García López (born 1985-03-12)."
    assert warm.find(text) == cold.find(text)


def test_the_cache_is_private(list_path, folder):
    cached(list_path, SETTINGS, Builds(list_path), folder)
    (entry,) = _entries(folder)
    assert _mode(folder) == 0o700
    assert _mode(entry) == 0o600
    assert entry.read_bytes().startswith(MAGIC)
    assert not list(folder.glob(".tmp-*"))


def test_a_shared_folder_of_ours_is_made_private(list_path, folder):
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    cached(list_path, SETTINGS, Builds(list_path), folder)
    assert _mode(folder) == 0o700


@pytest.mark.parametrize("change", ["list", "settings", "version"])
def test_a_change_rebuilds(list_path, folder, monkeypatch, change):
    build = Builds(list_path)
    cached(list_path, SETTINGS, build, folder)
    settings = SETTINGS
    if change == "list":
        write_list(list_path, PEOPLE[:3])
    elif change == "settings":
        settings = SETTINGS.replace(window=5)
    else:
        monkeypatch.setattr(cache, "__version__", "99.0")
    _, report = cached(list_path, settings, Builds(list_path, settings), folder)
    assert build.calls == 1
    assert report.records == (3 if change == "list" else len(PEOPLE))
    assert len(_entries(folder)) == 2


def _tamper(entry: Path, how: str) -> None:
    blob = entry.read_bytes()
    if how == "flip":
        blob = blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:]
    elif how == "truncate":
        blob = blob[: len(blob) // 2]
    elif how == "magic":
        blob = b"something else\n" + blob[len(MAGIC):]
    entry.write_bytes(blob)


@pytest.mark.parametrize("how", ["flip", "truncate", "magic"])
def test_a_corrupt_entry_is_rebuilt(list_path, folder, how):
    cached(list_path, SETTINGS, Builds(list_path), folder)
    (entry,) = _entries(folder)
    _tamper(entry, how)
    build = Builds(list_path)
    protected, _ = cached(list_path, SETTINGS, build, folder)
    assert build.calls == 1
    assert protected.find("Ana Paz")
    assert cached(list_path, SETTINGS, build, folder) and build.calls == 1  # the rewritten entry is good


def test_a_planted_entry_is_never_unpickled(list_path, folder, tmp_path):
    """Bytes whose HMAC does not check out under the list's key are not unpickled at all."""
    cached(list_path, SETTINGS, Builds(list_path), folder)
    (entry,) = _entries(folder)
    sentinel = tmp_path / "unpickled"
    payload = pickle.dumps(_Trap(str(sentinel)))
    entry.write_bytes(MAGIC + b"\x00" * 32 + payload)
    build = Builds(list_path)
    cached(list_path, SETTINGS, build, folder)
    assert build.calls == 1
    assert not sentinel.exists()


class _Trap:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_an_entry_others_can_read_is_not_used(list_path, folder):
    cached(list_path, SETTINGS, Builds(list_path), folder)
    (entry,) = _entries(folder)
    os.chmod(entry, 0o644)
    build = Builds(list_path)
    cached(list_path, SETTINGS, build, folder)
    assert build.calls == 1
    assert _mode(entry) == 0o600


def test_an_unusable_folder_still_scans(list_path, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    build = Builds(list_path)
    protected, _ = cached(list_path, SETTINGS, build, blocker / "withhold")
    assert protected.find("Ana Paz") and build.calls == 1


def test_old_entries_are_pruned(list_path, folder):
    for window in range(cache.KEEP + 3):
        settings = SETTINGS.replace(window=window + 1)
        cached(list_path, settings, Builds(list_path, settings), folder)
    assert len(_entries(folder)) == cache.KEEP
    assert (folder / entry_name(__import__("hashlib").sha256(list_path.read_bytes()).digest(),
                                SETTINGS.replace(window=cache.KEEP + 3))).exists()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"WITHHOLD_CACHE_DIR": "/x/c", "XDG_CACHE_HOME": "/x/xdg"}, "/x/c"),
        ({"XDG_CACHE_HOME": "/x/xdg"}, "/x/xdg/withhold"),
        ({}, os.path.join(os.path.expanduser("~"), ".cache", "withhold")),
    ],
)
def test_cache_dir(environ, expected):
    assert cache_dir(environ) == Path(expected)


def test_prepare_uses_the_cache_unless_told_not_to(list_path, tmp_path, monkeypatch):
    folder = tmp_path / "prepare-cache"
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(folder))
    prepare(str(list_path), None, {}, [], cache=False)
    assert not folder.exists()
    first = prepare(str(list_path), None, {}, [])
    assert len(_entries(folder)) == 1
    second = prepare(str(list_path), None, {}, [])
    assert second.protected.fingerprint == first.protected.fingerprint
    assert second.report == first.report


def _section_bounds(entry: Path) -> dict[str, tuple[int, int]]:
    """Return where each section of an entry lies, read from its table (as the format doc says)."""
    blob = entry.read_bytes()
    offset = int.from_bytes(blob[len(MAGIC): len(MAGIC) + 8], "big")
    table = json.loads(blob[offset:-32])
    return {name: (where[0], where[1]) for name, where in table.items()}


def test_an_entry_is_sections_main_automaton_and_its_lookup(list_path, folder):
    cached(list_path, SETTINGS, Builds(list_path), folder, apart=AutomatonApart())
    (entry,) = _entries(folder)
    assert sorted(_section_bounds(entry)) == ["0.automaton", "0.lookup", "main"]


def _flip(entry: Path, section: str) -> None:
    offset, size = _section_bounds(entry)[section]
    blob = bytearray(entry.read_bytes())
    blob[offset + size // 2] ^= 1
    entry.write_bytes(bytes(blob))


@pytest.mark.parametrize("section", ["main", "0.automaton", "0.lookup"])
def test_a_damaged_section_is_never_unpickled_by_a_full_load(list_path, folder, section):
    cached(list_path, SETTINGS, Builds(list_path), folder, apart=AutomatonApart())
    (entry,) = _entries(folder)
    _flip(entry, section)
    build = Builds(list_path)
    protected, _ = cached(list_path, SETTINGS, build, folder, apart=AutomatonApart())
    # the full load reads main and the automaton: damage there means rebuilding; the lookup it never reads
    assert build.calls == (0 if section == "0.lookup" else 1)
    assert protected.find("Ana Paz")


@pytest.mark.parametrize(("section", "calls"), [("main", 1), ("0.lookup", 1), ("0.automaton", 0)])
def test_a_lazy_load_reads_no_automaton_and_survives_a_damaged_one(list_path, folder, section, calls):
    text = "The mayor Ana Paz met María José García López (born 1985-03-12)."
    cold, _ = cached(list_path, SETTINGS, Builds(list_path), folder, apart=AutomatonApart())
    (entry,) = _entries(folder)
    _flip(entry, section)
    build = Builds(list_path)
    lazy, _ = cached(list_path, SETTINGS, build, folder, apart=AutomatonApart(), lazy=True)
    assert build.calls == calls
    assert isinstance(lazy.automaton, Deferred if calls == 0 else Automaton)
    assert lazy.find(text) == cold.find(text)
    lazy.automaton._left = -1  # as if the run had scanned enough: the damaged automaton is refused, the trie goes on
    assert lazy.find(text * 3) == cold.find(text * 3)
    if calls == 0:
        assert not lazy.automaton.loaded


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_writes_a_new_entry_while_its_workers_scan(jobs, list_path, tmp_path, monkeypatch, capsys):
    """withhold scan leaves a new entry to the core run, which writes it on a thread once its workers are forked.

    With one process there is no thread to spare: the entry is written at once. Either way it is
    whole when the run returns, and the next run loads it.
    """
    import threading

    from withhold.cli import main
    from withhold.scan import tree

    site = tmp_path / "site"
    site.mkdir()
    for index in range(2 * tree.CHUNK):  # two chunks: work for two workers
        (site / f"page{index}.html").write_text(f"<p>Opening hours {index}</p>", encoding="utf-8")
    folder = tmp_path / "scan-cache"
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(folder))
    written_on: list[str] = []
    write = cache.write_private

    def spy(where, name, content):  # type: ignore[no-untyped-def]
        if name.endswith(".pickle"):
            written_on.append(threading.current_thread().name)
        return write(where, name, content)

    monkeypatch.setattr(cache, "write_private", spy)
    args = ["scan", "--list", str(list_path), "--jobs", jobs, "--no-progress", str(site)]
    assert main(args) == 0
    assert written_on == (["withhold-cache"] if jobs == "2" else ["MainThread"])
    assert len(_entries(folder)) == 1 and not list(folder.glob(".tmp-*"))
    monkeypatch.setattr(Protected, "load", classmethod(lambda cls, *a, **k: pytest.fail("prepared again")))
    assert main(args) == 0
    assert written_on == (["withhold-cache"] if jobs == "2" else ["MainThread"])  # loaded, not written again
    capsys.readouterr()


def test_a_bad_waiver_file_still_leaves_the_list_prepared_for_next_time(list_path, tmp_path, monkeypatch, capsys):
    from withhold.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Opening hours</p>", encoding="utf-8")
    waivers = tmp_path / "waivers.toml"
    waivers.write_text("this is [not toml", encoding="utf-8")
    folder = tmp_path / "scan-cache"
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(folder))
    assert main(["scan", "--list", str(list_path), "--waivers", str(waivers), str(site)]) == 2
    assert len(_entries(folder)) == 1
    capsys.readouterr()
