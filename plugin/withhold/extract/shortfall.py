"""What a reader could not read of what its file declares, reported once everything else is read.

A container says what it holds (content types and relationships, a manifest, a directory of
streams, record counts, MIME boundaries). A reader counts what it declared but could not find or
read, goes on reading the rest, and only then fails the file: the findings of the parts it did
read are reported, and the file is "not examined" all the same (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item

# Names that say "a document": a file so named that holds none is not examined, never examined.
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".dot", ".docx", ".docm", ".dotx", ".dotm", ".xls", ".xlt", ".xlsx", ".xlsm",
                     ".xltx", ".xltm", ".xlsb", ".ppt", ".pot", ".pps", ".pptx", ".pptm", ".potx", ".ppsx", ".odt",
                     ".ods", ".odp", ".odg", ".ott", ".ots", ".otp", ".rtf", ".msg", ".eml", ".epub")
# Reasons that stop the whole file at once: going on would not read more.
_STOP = frozenset({"timeout", "encrypted", "bomb", "too large", "too deep"})


class Shortfall:
    """Counts what is missing or unreadable while a reader goes on; check() raises at the end."""

    def __init__(self, what: str) -> None:
        self.what = what  # "parts", "streams", "records": what the counts are of
        self.missing = 0
        self.failed: list[NotExamined] = []

    def miss(self, count: int = 1) -> None:
        self.missing += count

    def guard(self, items: Iterable[Item]) -> Iterator[Item]:
        """Yield items; a part that fails to read is counted, and reading goes on with the next."""
        try:
            yield from items
        except NotExamined as exc:
            if exc.reason in _STOP:
                raise
            self.failed.append(exc)

    def check(self) -> None:
        """Raise NotExamined when anything declared was missing or could not be read."""
        if self.failed:
            first = self.failed[0]
            more = len(self.failed) - 1 + self.missing
            rest = f"; {more} other {self.what} missing or unreadable" if more else ""
            raise NotExamined(first.reason, first.detail + rest)
        if self.missing:
            raise NotExamined("incomplete", f"{self.missing} {self.what} the file declares are missing or unreadable")


def missing(declared: Iterable[str], present: Iterable[str]) -> int:
    """Return how many declared names are not present (compared without case, as OPC and ODF do)."""
    have = {name.lower() for name in present}
    return sum(1 for name in set(declared) if name.lower() not in have)


def extract_empty(data: bytes, ctx: Context) -> Iterator[Item]:
    """The reader of a file named as a document that holds nothing (sniff.py's "empty"): never examined."""
    raise NotExamined("empty", "named as a document, the file holds nothing")
    yield  # a generator, as every reader is
