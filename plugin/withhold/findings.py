"""Typed records of a scan: findings, the coverage ledger and the result, with their stable codes.

The lowest layer that needs them: the scan makes them, waivers, reports and the doors read them.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    """A stable code, the words reports use for it, and its SARIF rule."""

    code: str
    label: str
    name: str
    description: str


# The one table of codes: reports, SARIF rules, the README's table (tests/readme_test.py) read it.
RULES = {
    "name": Rule("W001", "protected name", "ProtectedName", "A protected person's name is published."),
    "a_number": Rule("W002", "A-number", "ProtectedANumber", "A protected person's A-number is published."),
    "identifier": Rule("W003", "protected identifier", "ProtectedIdentifier",
                       "A protected person's identifier is published."),
    "not_examined": Rule("W900", "not examined", "NotExamined",
                         "A published file could not be fully examined (fail closed)."),
}
CODES = {kind: (rule.code, rule.label) for kind, rule in RULES.items()}
NOT_EXAMINED_CODE = RULES["not_examined"].code

# Coverage statuses. Only NOT_EXAMINED fails a run; EXCLUDED and WAIVED record a person's decision.
EXAMINED = "examined"
METADATA_ONLY = "metadata only"
# A site that accepts unread pixels (setting pixels = "unread-ok") gets this, never "examined".
PIXELS_NOT_READ = "pixels not read"
PIXELS_PARTLY_READ = "pixels partly read"  # some text regions read with low OCR confidence
NOT_EXAMINED = "not examined"
WAIVED = "waived"
EXCLUDED = "excluded"
LINKED = "link inside the tree"
PASSING = frozenset({EXAMINED, METADATA_ONLY, PIXELS_NOT_READ, PIXELS_PARTLY_READ, WAIVED, EXCLUDED, LINKED})


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
    severity: str  # "high"; "critical" when corroborated or a unique number; "medium" when its row says otherwise
    excerpt: str  # masked
    corroborated: bool
    fingerprint: str  # keyed digest of (records, kind, matched text, file), encrypted under the list's secret
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
    kind: str = ""  # the reader's kind (sniff.py) when one read it: the canary proves each reader used


class Shard(NamedTuple):
    """Which share of a tree a scan examined, and a keyed digest of the whole tree's file list."""

    part: int  # 1-based: this is share `part` of `parts`
    parts: int
    files: int  # files in the whole tree
    assigned: int  # files of this share
    tree: str


class ScanResult(NamedTuple):
    findings: list[Finding]
    coverage: list[Coverage]
    # Keyed digests (path and content, under this list and settings) of the files that came out
    # clean: the next scan may skip them while they stay the same. They hold no protected value.
    clean: frozenset[str] = frozenset()
    shard: Shard | None = None
    # "any": every finding fails the run; "critical": only corroborated ones (and unique numbers)
    # do, the others are reported below the bar. A file not examined always fails it.
    fail_on: str = "any"

    @property
    def failing(self) -> list[Finding]:
        """Return the findings that fail the run under fail_on."""
        return [f for f in self.findings if self.fail_on == "any" or f.severity == "critical"]

    @property
    def unread(self) -> list[Coverage]:
        """Return the files that could not be fully examined (and were not waived)."""
        return [c for c in self.coverage if c.status == NOT_EXAMINED]

    @property
    def failed(self) -> bool:
        """The verdict, judged here only: a failing finding or a file not examined."""
        return bool(self.failing) or bool(self.unread)


class RunInfo(NamedTuple):
    """What a report says about the run itself; nothing here derives from a protected value in clear."""

    version: str
    list_fingerprint: str
    records: int


def kind_label(kind: str) -> str:
    """Return the words a report uses for an identifier kind."""
    if kind in ("name", "a_number"):
        return RULES[kind].label
    return f"{RULES['identifier'].label} ({kind})"


def kind_code(kind: str) -> str:
    """Return the stable code of an identifier kind."""
    return RULES.get(kind, RULES["identifier"]).code
