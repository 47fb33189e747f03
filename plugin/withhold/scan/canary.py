"""The canary: before a run may pass, each reader it used finds a planted identifier in a file of its kind.

A reader that silently returns nothing (a library upgrade that changed an API, a parser that
swallows a whole document) would make every file of its kind pass. So each kind of file a run
read is proved: a small file of that kind is built in memory (never on disk, never published),
holding a synthetic name, and scanned by the same sniffing, extractor, normaliser and matcher
against a list of synthetic records. A reader that misses it fails the run: every file it
read becomes "not examined: canary", like any other file that cannot count as read.

The files are built by scan/canaryfiles.py and scan/pixelcanary.py. A proof is kept for the life of the process (the first costs a few ms per kind,
see docs/deploy.md): it is a fact about the installed code, not about a run's list, save for how
the run reads pixels: a picture's canary is read by the OCR engine the run chose, loaded as the
run loads it (with or without Han).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from withhold.extract import ocr, scriptocr
from withhold.findings import NOT_EXAMINED, Coverage, ScanResult
from withhold.memo import Memo
from withhold.pool import Aside
from withhold.protected.canary import RECORD_ID, SCRIPT_RECORD_ID, canary_list
from withhold.scan.canaryfiles import CANARIES
from withhold.scan.file import scan_bytes
from withhold.scan.pixelcanary import MORE_PIXELS, PIXEL_FORMATS, SCRIPT_PIXELS, pixels
from withhold.settings import Settings

REASON = "canary"


def _pictured(kind: str) -> bool:
    """Return True when files of kind also have canaries drawn in pixels (their proof reads pictures by OCR)."""
    return kind in PIXEL_FORMATS or kind in MORE_PIXELS


def _key(kind: str, settings: Settings) -> tuple[str, str, bool]:
    return kind, settings.ocr_engine, settings.ocr_han


def _builders(kind: str, settings: Settings) -> tuple[tuple[str, Callable[[], bytes]], ...] | None:
    builders = CANARIES.get(kind)
    if builders is None or not _pictured(kind) or ocr.engine(settings.ocr_engine, han=settings.ocr_han) is None:
        return builders
    drawn = ((f"canary-pixels.{kind}", pixels(PIXEL_FORMATS[kind])),) if kind in PIXEL_FORMATS else ()
    scripts = SCRIPT_PIXELS if kind == "png" and scriptocr.reader() is not None else ()
    return (*builders, *drawn, *MORE_PIXELS.get(kind, ()), *scripts)


def _prove(key: tuple[str, str, bool]) -> str:
    kind, choice, han = key
    # The OCR engine the run chose, as the run loaded it: the proof is about that reader, and it
    # costs no second engine (RapidOCR's models take about 2 s to load).
    settings = Settings(ocr_engine=choice, ocr_han=han)
    builders = _builders(kind, settings)
    if builders is None:
        return f"the {kind} reader has no canary"
    protected = canary_list()
    for name, build in builders:
        try:
            result = scan_bytes(name, build(), protected, settings)
        except Exception as exc:  # noqa: BLE001  a broken reader must fail the run, not crash it
            return f"the {kind} reader failed on its canary ({type(exc).__name__})"
        expected = (SCRIPT_RECORD_ID if (name, build) in SCRIPT_PIXELS else RECORD_ID,)
        if not any(f.kind == "name" and f.records == expected for f in result.findings):
            return f"the {kind} reader did not find the identifier planted in a {name.rpartition('.')[2]} file"
    return ""


# Per process: (kind, OCR engine chosen, Han read) -> "" when its reader found every canary, else what
# went wrong. A proof is about the installed code, the same for every run of the process that reads
# pixels the same way, so keeping it is what makes it cheap.
_PROVEN: Memo[tuple[str, str, bool], str] = Memo(_prove, bound=256)  # kinds are few


def prove(kind: str, settings: Settings | None = None) -> str:
    """Return "" when the reader of kind finds the canary in every canary file of its kind, else why not.

    settings: the run's, for the OCR engine its pictures were read with (the defaults when None).
    """
    return _PROVEN[_key(kind, settings or Settings())]


class Ahead:
    """Every picture kind's proof, made in a forked child from the start of a run (core.prepare_run).

    Preparing a list from scratch keeps this process busy for seconds with a core to spare; the
    pictures' proofs (an OCR engine loaded, a few pictures read: about 2 s of CPU for all of them)
    made later compete with the scan. Made ahead, they are there when the scan ends: settle() keeps
    them when the run read a kind they prove (waiting for the child if it is still at work), else
    ends the child unheard. They are made as the run makes them, save for Han, which only the list
    tells: a run that reads Han proves its kinds itself (Early, apply). The child writes nothing
    but its pipe, and a child that fails leaves the proofs to be made here.
    """

    def __init__(self, settings: Settings) -> None:
        no_han = settings.replace(ocr_han=False)  # as most lists are read: the list, not yet read, may say otherwise
        keys = [key for kind in sorted({*PIXEL_FORMATS, *MORE_PIXELS}) if (key := _key(kind, no_han)) not in _PROVEN]
        self.keys = frozenset(keys)
        self._aside: Aside[dict[tuple[str, str, bool], str]] | None = Aside(
            lambda: {key: _prove(key) for key in keys}) if keys else None

    @classmethod
    def start(cls, settings: Settings) -> Ahead | None:
        """Return the proofs under way in a child, or None where forking is unsafe (threads) or impossible."""
        import threading

        if not hasattr(os, "fork") or threading.active_count() > 1:  # a fork copies no other thread's state
            return None
        return cls(settings)

    def settle(self, result: ScanResult, settings: Settings) -> None:
        """Keep the child's proofs if result read a kind they prove, else end the child; then forget it."""
        aside, self._aside = self._aside, None
        if aside is None:
            return
        if any(_key(kind, settings) in self.keys for kind in _used(result)):
            for key, why in aside.result().items():
                _PROVEN.setdefault(key, why)
        else:
            aside.close()

    def close(self) -> None:
        """End the child, its proofs unheard (the run stopped before its scan ended)."""
        aside, self._aside = self._aside, None
        if aside is not None:
            aside.close()


class Early:
    """The pictures' proofs, started on a thread of this process while workers scan (core.check, jobs > 1).

    A picture kind's proof reads pictures by OCR (and loads an engine in this process): 1-3 s,
    where every other kind's takes milliseconds; run at the end, that was a serial tail of the
    scan. seen() hears each chunk's coverage as it comes back, and a picture kind read for the
    first time is proved on one thread, in turn; wait() before apply(), which then finds each
    proof made. Only this thread reads pictures in this process meanwhile: the workers read the site's.
    """

    def __init__(self, settings: Settings, ahead: Ahead | None = None) -> None:
        self._settings = settings
        self._ahead = ahead.keys if ahead is not None else frozenset()  # proved in a child already (Ahead)
        self._kinds: set[str] = set()
        self._pool: Any = None

    def seen(self, coverage: Iterable[Coverage]) -> None:
        for c in coverage:
            if _pictured(c.kind) and c.kind not in self._kinds and c.status != NOT_EXAMINED:
                self._kinds.add(c.kind)
                if _key(c.kind, self._settings) in self._ahead:
                    continue
                if self._pool is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="withhold-canary")
                self._pool.submit(prove, c.kind, self._settings)

    def wait(self) -> None:
        """Return once every proof started is made (a proof's failure is its result, never raised)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def stop(self) -> None:
        """Drop the proofs not yet started, without waiting for the one under way (the scan was interrupted)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def apply(result: ScanResult, settings: Settings | None = None) -> ScanResult:
    """Return result with every file read by a reader that failed its canary marked not examined.

    Called by the core run after waivers are applied, so no waiver can hide a reader that reads nothing.
    settings: the run's (prove()).
    """
    failed = {kind: why for kind in sorted(_used(result)) if (why := prove(kind, settings))}
    if not failed:
        return result
    coverage = [c._replace(status=NOT_EXAMINED, reason=REASON, detail=f"{failed[c.kind]}: its files cannot count as read")
                if c.kind in failed and c.status != NOT_EXAMINED else c for c in result.coverage]
    return result._replace(coverage=coverage)


def _used(result: ScanResult) -> set[str]:
    """Return the kinds of reader that read some file of result."""
    return {c.kind for c in result.coverage if c.kind and c.status != NOT_EXAMINED}


def failed(result: ScanResult) -> bool:
    """Return True when some file of result cannot count as read because its reader failed its canary."""
    return any(c.reason == REASON for c in result.coverage)
