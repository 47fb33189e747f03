"""What extractors give the core: text segments, embedded files, and notes on partial coverage."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, Union

from withhold.errors import NotExamined
from withhold.findings import METADATA_ONLY
from withhold.settings import Settings


class Segment(NamedTuple):
    """A run of text from a file, and how to say where an offset in it lies.

    The locator of an offset is `where`, then the label of the last mark at or before it, then,
    when `line` is set, ":LINE:COL" counted from `line` (1-based) within the segment's text;
    `column` is the column of the text's first character. `locate`, when set, gives the line and
    column instead.
    """

    text: str
    where: str = ""
    line: int | None = 1
    marks: tuple[tuple[int, str], ...] = ()
    column: int = 1
    # For text gathered from many places (attribute values): offset -> (line, column) in the
    # file, computed only for a hit. Takes precedence over line and column.
    locate: Callable[[int], tuple[int, int]] | None = None
    # Text read from pixels (OCR): a name in it may be written with one character wrong (protected/misread.py).
    misread: bool = False

    def window(self, start: int, end: int, text: str | None = None) -> Segment:
        """Return the part [start, end) of this segment, located as it is here.

        text replaces the part's text (a decoded or re-separated form of it): its locators then
        keep the part's line and starting column.
        """
        before = self.text.count("\n", 0, start)
        line_start = self.text.rfind("\n", 0, start) + 1
        column = start - line_start + (self.column if before == 0 else 1)
        marks = self.marks
        if marks:
            inside = [(o - start, label) for o, label in marks if start < o < end]
            last = [label for o, label in marks if o <= start][-1:]
            marks = tuple([(0, last[0])] if last else []) + tuple(inside)
        line = None if self.line is None else self.line + before
        parent = self.locate
        locate = None if parent is None else (lambda offset: parent(offset + start))
        return Segment(self.text[start:end] if text is None else text, self.where, line, marks, column, locate)


def labelled(parts: Iterable[tuple[str, str]], sep: str = "\n") -> Segment | None:
    """Return one Segment of texts joined by sep, each located by its label (None when there is no text)."""
    marks, texts, at = [], [], 0
    for label, text in parts:
        marks.append((at, label))
        texts.append(text)
        at += len(text) + len(sep)
    return Segment(sep.join(texts), line=None, marks=tuple(marks)) if texts else None


class Member(NamedTuple):
    """An embedded file (archive member, attachment, embedded object), scanned like any file.

    Its locator is the parent's, then "!" and the name.
    """

    name: str
    data: bytes


class Partial(NamedTuple):
    """The extractor read everything it reads of this kind of file, by design not all of it."""

    note: str  # e.g. "metadata only": what was not read
    status: str = METADATA_ONLY  # the file's coverage status (findings.py): "pixels not read", ...


class Probe(NamedTuple):
    """A quick reading of part of a file, standing for the precise items that part gives.

    text holds every word the precise items hold, with the same word edges (views may be joined
    by a break no name spans, and their order may differ). The core scans text, decoded around
    its escapes as any segment is, and only when it holds a hit scans precise() in its place: a
    clean part costs one pass in C, and a part with a hit is located as exactly as before.
    Nothing found in text itself is reported.
    """

    text: str
    precise: Callable[[], Iterable[Item]]


Item = Union[Segment, Member, Partial, Probe]


class Context(NamedTuple):
    """Per-file facts an extractor may need: the name (for hints), limits and the deadline."""

    name: str
    settings: Settings
    depth: int
    deadline: float
    # Office parts: a quick reading stands for the precise walk where it finds nothing. Off, every
    # part is walked: the tests hold the two readings to each other.
    quick: bool = True

    def check_time(self) -> None:
        """Raise NotExamined when the file has used up its time budget."""
        if time.monotonic() > self.deadline:
            raise NotExamined("timeout", f"over the limit of {self.settings.file_seconds:g} s per file")


# What every reader is: data and context in, extracted items out.
ExtractorFunc = Callable[[bytes, Context], Iterator[Item]]
