"""A progress bar on stderr for long scans, shown only on a terminal. Counts only, never paths."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Bar:
    def __init__(self, stream: TextIO = sys.stderr, every: float = 0.2) -> None:
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < self.every:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        rate = done / max(now - self.started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files, {rate:.0f}/s ")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Steps:
    """The steps before a scan (preparing the list, loading its cache), one line each on stderr.

    Called as (what, done, total); total 0 for a step that cannot be counted. Counts only, never values.
    """

    def __init__(self, show: bool = True, stream: TextIO = sys.stderr, every: float = 0.2) -> None:
        self.show = show
        self.stream = stream
        self.every = every
        self.what = ""
        self.started = self.last = time.monotonic()

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.show:
            return
        now = time.monotonic()
        if what != self.what:
            self.end()
            self.what, self.started, self.last = what, now, 0.0
        elif total and done < total and now - self.last < self.every:
            return
        self.last = now
        if total:
            filled = 30 * done // total
            self.stream.write(f"\r{what} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} ")
        else:
            self.stream.write(f"\r{what} ...")
        self.stream.flush()

    def end(self) -> None:
        """Close the current step's line, with the time it took."""
        if self.what:
            self.stream.write(f" {time.monotonic() - self.started:.1f} s\n")
            self.stream.flush()
            self.what = ""
