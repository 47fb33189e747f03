"""Work over forked processes that share what the parent prepared (a list of a million people) by fork's copy of memory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

# Set in forked workers only (by _start), never in the parent: the work and its state reach them
# through fork's copy of memory instead of being pickled once per process.
_WORK: tuple[Callable[[Any, Any], Any], Any] | None = None


def fork_map(work: Callable[[S, T], R], state: S, items: Sequence[T], jobs: int, chunksize: int = 1) -> Iterator[R]:
    """Yield work(state, item) for every item, in order: in jobs forked processes when jobs > 1 and fork exists."""
    if jobs <= 1 or len(items) < 2 or not hasattr(os, "fork"):
        for item in items:
            yield work(state, item)
        return
    import multiprocessing  # only here: a hook's run of a few files never forks, and need not load it

    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(items)), initializer=_start, initargs=(work, state)) as pool:
        yield from pool.imap(_run, items, chunksize)


def _start(work: Callable[[Any, Any], Any], state: object) -> None:
    global _WORK
    _WORK = (work, state)


def _run(item: object) -> object:
    assert _WORK is not None
    work, state = _WORK
    return work(state, item)
