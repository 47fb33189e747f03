"""pool.py: Aside gives back what its function computes, in a forked child or, failing that, here."""

from __future__ import annotations

import os

import pytest

from withhold.pool import Aside


def _pid_and_square() -> tuple[int, list[int]]:
    return os.getpid(), [n * n for n in range(1000)]


@pytest.mark.parametrize("fork", [True, False])
def test_aside_gives_the_value_of_its_function(fork):
    with Aside(_pid_and_square, fork=fork) as aside:
        pid, squares = aside.result()
    assert squares == [n * n for n in range(1000)]
    assert (pid != os.getpid()) is (fork and hasattr(os, "fork"))


def test_a_child_that_fails_leaves_the_value_to_this_process():
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("fails in the child")
        return 7

    with Aside(only_here) as aside:
        assert aside.result() == 7


def test_a_value_never_asked_for_ends_its_child():
    aside = Aside(lambda: bytes(10**7))  # more than a pipe holds: the child waits to write until ended
    aside.close()
    aside.close()  # twice is harmless
