"""One core run for the three doors: prepare the list, scan, apply the waivers, judge the verdict.

The CLI, the pre-commit hook and the MkDocs plugin each call prepare_run() and then
check(), and only render what comes back. What differs between them is a parameter here, never a
copy: a built tree or the sources a commit holds (committed), paths as given or relative to the
root (relative), the clean store (the CLI's), workers and shards.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from withhold.findings import RunInfo, ScanResult
from withhold.protected.plaintext import Steps, quiet
from withhold.run.prepare import Prepared, prepare, resolve
from withhold.run.waivers import Note, Waiver, apply_waivers, load_waivers, waivers_path
from withhold.scan import canary
from withhold.scan.entry import Results
from withhold.scan.file import scan_bytes
from withhold.scan.tree import Progress, scan_paths
from withhold.store import clean as clean_store
from withhold.store import ocr as ocr_store
from withhold.store.cache import cache_dir


class Ready(NamedTuple):
    """A prepared list with the waivers that apply to it: what every scan of a run needs."""

    prepared: Prepared
    waivers: tuple[Waiver, ...]
    waivers_file: Path | None = None  # where they were read from, if anywhere
    ahead: canary.Ahead | None = None  # the pictures' proofs, under way since the run began
    store: Callable[[], None] | None = None  # the prepared list's new cache entry, written by check()


class Outcome(NamedTuple):
    """What a door renders: the result (waivers applied, verdict under fail_on), what the waivers did, the run."""

    result: ScanResult
    notes: list[Note]
    info: RunInfo

    @property
    def failed(self) -> bool:
        return self.result.failed


def prepare_run(
    list_arg: str | None,
    config_arg: str | None,
    overrides: dict[str, Any],
    roots: Sequence[Path],
    waivers: str | None = None,
    start: Path | None = None,
    cache: bool = True,
    steps: Steps = quiet,
    lazy: bool = False,
    background: bool = False,
) -> Ready:
    """Return the prepared list and its waivers for a scan of roots; ConfigError on any problem.

    The waiver file is waivers, else .withhold-waivers.toml beside the config file (or in start,
    or the current folder) when there is one. steps hears how far preparing the list has come.
    lazy: the run scans a few files (the hook), so parts of the list are loaded only when needed.
    background: the run works beside itself, for a door whose process runs no other thread (the
    CLI, the hook): the pictures' readers are proved in a child meanwhile (canary.Ahead), and a new
    cache entry of the list is left to check(), which writes it while its workers scan.
    """
    resolved = resolve(list_arg, config_arg, overrides, start)
    proofs = canary.Ahead.start(resolved[0]) if background else None
    stores: list[Callable[[], None]] = []
    try:
        prepared = prepare(list_arg, config_arg, overrides, roots, start=start, cache=cache, steps=steps, lazy=lazy,
                           resolved=resolved, later=stores.append if background else None)
        path = waivers_path(waivers, prepared.config, start or Path.cwd())
        return Ready(prepared, tuple(load_waivers(path, prepared.protected)), path, proofs, stores[0] if stores else None)
    except BaseException as exc:
        if proofs is not None:
            proofs.close()
        if stores and isinstance(exc, Exception):  # a bad waiver file: the list was prepared all the same
            stores[0]()
        raise


def check(
    ready: Ready,
    roots: Sequence[Path],
    *,
    committed: bool = False,
    relative: bool = False,
    jobs: int = 1,
    shard: tuple[int, int] = (1, 1),
    progress: Progress | None = None,
    clean: bool = False,
    today: dt.date | None = None,
    memo: Results | None = None,
) -> Outcome:
    """Scan roots with a ready list, apply its waivers and return what the door renders.

    committed: roots are the files a commit holds, each scanned as committed (a symbolic link as the
    path it stores, which is what git records). clean: skip files the user's clean store knows
    clean under this list, and remember the ones found clean now. memo: each file's results from
    earlier scans of the same tree in this process (`mkdocs serve`): reused while a file is unchanged.
    """
    started = time.time()  # what this run stores from here on is dropped if a reader failed its canary
    prepared = ready.prepared
    protected, settings = prepared.protected, prepared.settings
    # With workers, this process waits meanwhile: it proves the pictures' readers as it learns they
    # were used (their proofs read pictures, seconds where the others take milliseconds), save for
    # those proved ahead in a child.
    early = canary.Early(settings, ready.ahead) if jobs > 1 and hasattr(os, "fork") and not committed else None
    store = _Store(ready.store)
    try:
        if committed:
            result = _scan_committed(roots, prepared)
        else:
            known = clean_store.load(cache_dir(), protected) if clean else frozenset()
            result = scan_paths(roots, protected, settings, progress=progress, forbidden=prepared.list_path,
                                relative=relative, jobs=jobs, clean=known, shard=shard, memo=memo,
                                seen=early.seen if early else None, forked=store.start)
        store.finish()
    except BaseException as exc:  # an interrupted scan waits for no proof; a failed one keeps the list prepared
        store.finish(begun_only=not isinstance(exc, Exception))
        if early:
            early.stop()
        if ready.ahead:
            ready.ahead.close()
        raise
    if early:
        early.wait()
    if ready.ahead:
        ready.ahead.settle(result, settings)
    result, notes = apply_waivers(result, ready.waivers, today or dt.date.today(), protected)
    result = canary.apply(result, settings)  # after the waivers: no waiver hides a reader that reads nothing
    # What a reader read counts only if that reader found its canary: kept otherwise, a file stored
    # clean would be skipped by the next run, and a picture's reading taken as what it holds.
    if canary.failed(result):
        ocr_store.forget_since(settings.pixel_cache, started)
    elif clean:
        clean_store.save(cache_dir(), protected, result.clean)
    return Outcome(result._replace(fail_on=settings.fail_on), notes, prepared.info)


def _scan_committed(files: Sequence[Path], prepared: Prepared) -> ScanResult:
    """Return the findings and coverage of the files a commit holds, file by file, in the order given."""
    result = ScanResult([], [])
    for path in files:
        if path.is_symlink():  # git stores a link as its target's path: that is what is committed
            one = scan_bytes(path.as_posix(), os.readlink(path).encode("utf-8", "surrogateescape"),
                             prepared.protected, prepared.settings)
        else:
            one = scan_paths([path], prepared.protected, prepared.settings, forbidden=prepared.list_path)
        result.findings.extend(one.findings)
        result.coverage.extend(one.coverage)
    return result


class _Store:
    """The prepared list's new cache entry: written on a thread once the workers are forked (a fork
    copies no thread), while they scan and this process waits; else at once when asked to finish.

    Until then nothing in this process changes the prepared list: its scan is the workers' own.
    """

    def __init__(self, write: Callable[[], None] | None) -> None:
        self._write = write
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._write is not None and self._thread is None:
            self._thread = threading.Thread(target=self._write, name="withhold-cache")
            self._thread.start()

    def finish(self, begun_only: bool = False) -> None:
        """Return once the entry is written: waiting for the thread, or writing it here (unless begun_only)."""
        if self._thread is not None:
            self._thread.join()
        elif self._write is not None and not begun_only:
            self._write()
        self._write = self._thread = None
