"""What extractors give the core: text segments, embedded files, and notes on partial coverage."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import NamedTuple, Protocol, Union

from withhold.errors import NotExamined
from withhold.settings import Settings


class Segment(NamedTuple):
    """A run of text from a file, and how to say where an offset in it lies.

    The locator of an offset is `where`, then the label of the last mark at or before it, then,
    when `line` is set, ":LINE:COL" counted from `line` (1-based) within the segment's text.
    """

    text: str
    where: str = ""
    line: int | None = 1
    marks: tuple[tuple[int, str], ...] = ()


class Member(NamedTuple):
    """An embedded file (archive member, attachment, embedded object), scanned like any file.

    Its locator is the parent's, then "!" and the name.
    """

    name: str
    data: bytes


class Partial(NamedTuple):
    """The extractor read everything it reads of this kind of file, by design not all of it."""

    note: str  # e.g. "metadata only": what was not read


Item = Union[Segment, Member, Partial]


class Context(NamedTuple):
    """Per-file facts an extractor may need: the name (for hints), limits and the deadline."""

    name: str
    settings: Settings
    depth: int
    deadline: float

    def check_time(self) -> None:
        """Raise NotExamined when the file has used up its time budget."""
        if time.monotonic() > self.deadline:
            raise NotExamined("timeout", f"over the limit of {self.settings.file_seconds:g} s per file")


class Extractor(Protocol):
    def __call__(self, data: bytes, ctx: Context) -> Iterator[Item]: ...


ExtractorFunc = Callable[[bytes, Context], Iterator[Item]]
