"""Work over forked processes that share what the parent prepared (a list of a million people) by fork's copy of memory."""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

# Set in forked workers only (by _start), never in the parent: the work and its state reach them
# through fork's copy of memory instead of being pickled once per process.
_WORK: tuple[Callable[[Any, Any], Any], Any] | None = None


def fork_map(work: Callable[[S, T], R], state: S, items: Sequence[T], jobs: int, chunksize: int = 1,
             forked: Callable[[], None] | None = None) -> Iterator[R]:
    """Yield work(state, item) for every item, in order: in jobs forked processes when jobs > 1 and fork exists.

    forked hears when the processes exist, if they do: from then on this process may run threads.
    """
    if jobs <= 1 or len(items) < 2 or not hasattr(os, "fork"):
        for item in items:
            yield work(state, item)
        return
    import multiprocessing  # only here: a hook's run of a few files never forks, and need not load it

    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(items)), initializer=_start, initargs=(work, state)) as pool:
        if forked is not None:
            forked()
        yield from pool.imap(_run, items, chunksize)


def _start(work: Callable[[Any, Any], Any], state: object) -> None:
    global _WORK
    _WORK = (work, state)


def _run(item: object) -> object:
    assert _WORK is not None
    work, state = _WORK
    return work(state, item)


class Aside(Generic[R]):
    """compute() run in a forked child while this process goes on; result() gives back its value, pickled.

    The second core of a machine, for one large step beside another. Without fork, or when the child
    fails, result() computes the value here: it is the same either way, only slower.
    """

    def __init__(self, compute: Callable[[], R], fork: bool = True) -> None:
        self._compute = compute
        self._pid = 0
        self._fd = -1
        if not (fork and hasattr(os, "fork")):
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: computed here when asked for
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running any of the parent's cleanup
            os.close(read)
            status = 1
            try:
                with os.fdopen(write, "wb") as out:
                    pickle.dump(compute(), out, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> R:
        """Return compute()'s value: the child's, or computed here if there is none or it failed."""
        if not self._pid:
            return self._compute()
        value: R | None = None
        try:
            with os.fdopen(self._fd, "rb") as f:
                value = pickle.load(f)  # a stream: a large value is never whole in memory twice
        except Exception:  # noqa: BLE001  # the child died or sent less: compute it here
            value = None
        finally:
            self._fd = -1
            status = os.waitpid(self._pid, 0)[1]
            self._pid = 0
        return value if value is not None and status == 0 else self._compute()

    def close(self) -> None:
        """End a child whose value was never asked for."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._fd)
            self._pid, self._fd = 0, -1

    def __enter__(self) -> Aside[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
