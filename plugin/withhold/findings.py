"""Typed records of a scan: findings and the coverage ledger, with their stable codes."""

from __future__ import annotations

from typing import NamedTuple

CODES = {
    "name": ("W001", "protected name"),
    "a_number": ("W002", "A-number"),
    "identifier": ("W003", "protected identifier"),
    "not_examined": ("W900", "not examined"),
}

# Coverage statuses. Only NOT_EXAMINED fails a run; EXCLUDED and WAIVED record a person's decision.
EXAMINED = "examined"
METADATA_ONLY = "metadata only"
NOT_EXAMINED = "not examined"
WAIVED = "waived"
EXCLUDED = "excluded"
LINKED = "link inside the tree"
PASSING = frozenset({EXAMINED, METADATA_ONLY, WAIVED, EXCLUDED, LINKED})


class Finding(NamedTuple):
    """One protected identifier found in a published file.

    path is the real relative path, for adapters that map files back to sources: never render
    it. display is the path as shown (masked where the path itself holds an identifier).
    """

    code: str
    kind: str  # "name", "a_number", or the declared identifier column
    records: tuple[str, ...]  # record ids, never values
    path: str
    display: str
    locator: str  # appended to display: ":12:5", "!Sheet1!B7", "#page=3", " (file name)"
    severity: str  # "high", or "critical" when corroborated or a unique number
    excerpt: str  # masked
    corroborated: bool
    fingerprint: str  # keyed hash of (record, matched text, file): stable across edits
    line: int | None = None  # where the format has lines (also in locator), for SARIF regions
    column: int | None = None

    def records_text(self) -> str:
        head = self.records[0] if self.records else "?"
        more = len(self.records) - 1
        return f"record {head}" + (f" (+{more} more)" if more > 0 else "")


class Coverage(NamedTuple):
    """What happened to one file (or archive member): the ledger every report carries."""

    path: str  # real relative path: never render
    display: str
    status: str
    reason: str = ""
    detail: str = ""
    sha256: str = ""
    member: bool = False  # a file inside another (archive member, embedded file), not one of the tree's


class Shard(NamedTuple):
    """Which share of a tree a scan examined, and a keyed digest of the whole tree's file list."""

    part: int  # 1-based: this is share `part` of `parts`
    parts: int
    files: int  # files in the whole tree
    assigned: int  # files of this share
    tree: str


def kind_label(kind: str) -> str:
    """Return the words a report uses for an identifier kind."""
    if kind == "name":
        return "protected name"
    if kind == "a_number":
        return "A-number"
    return f"protected identifier ({kind})"


def kind_code(kind: str) -> str:
    """Return the stable code of an identifier kind."""
    return CODES.get(kind, CODES["identifier"])[0]
