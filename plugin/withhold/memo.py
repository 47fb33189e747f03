"""A bounded memo: a pure function's answers kept for reuse, never more than a fixed number of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """memo[key] is compute(key), remembered for the first `bound` keys.

    Safe to share across files and processes only for pure functions of the key (a tag name's
    kind): hostile input can make keys without end, and past the bound they are computed, not kept,
    so a long `mkdocs serve` never grows it.
    """

    def __init__(self, compute: Callable[[K], V], bound: int = 10_000) -> None:
        super().__init__()
        self.compute = compute
        self.bound = bound

    def __missing__(self, key: K) -> V:
        value = self.compute(key)
        if len(self) < self.bound:
            self[key] = value
        return value
