"""A whole tree: walked, split into a deterministic share (shards), scanned in chunks over worker processes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from withhold.findings import Coverage, Finding, ScanResult, Shard
from withhold.pool import fork_map
from withhold.protected.hits import ProtectedList
from withhold.scan.entry import Job, Results, identity, scan_chunk
from withhold.scan.file import unique
from withhold.scan.walk import Entry, walk
from withhold.settings import Settings

Progress = Callable[[int, int], None]


def scan_paths(
    roots: Sequence[Path],
    protected: ProtectedList,
    settings: Settings,
    progress: Progress | None = None,
    forbidden: Path | None = None,
    relative: bool = False,
    jobs: int = 1,
    clean: frozenset[str] = frozenset(),
    shard: tuple[int, int] = (1, 1),
    memo: Results | None = None,
) -> ScanResult:
    """Return the findings and coverage of every file under roots.

    Paths start with the root as given (as ripgrep prints them), or, with relative, are relative
    to it. forbidden is the protected list's path: a hard link to it found in the tree is refused
    like a copy of the list. jobs > 1 scans in that many forked processes, which share the
    prepared list. clean holds the keys (ScanResult.clean) of files a previous scan found clean:
    they are skipped while their path and content stay the same. shard (index, count) keeps the
    files of one deterministic share of the tree, so N machines can each scan one. memo keeps each
    file's findings and coverage by path and content, in this process, so a later scan of the same
    tree (`mkdocs serve`) rescans only the files that changed.
    """
    entries: list[tuple[Entry, str]] = []
    for root in roots:
        prefix = "" if relative or root.is_file() else f"{root.as_posix().rstrip('/')}/"
        for entry in walk(root):
            if not relative and root.is_file():
                entry = entry._replace(rel=root.as_posix())
            entries.append((entry._replace(rel=prefix + entry.rel), prefix))
    names = sorted(e.rel.removeprefix(root) for e, root in entries)
    tree = protected.keyed("tree", *names)
    index, count = shard
    if count > 1:
        entries = [(e, root) for e, root in entries if shard_of(e.rel.removeprefix(root), count) == index]
    state = Job(protected, settings, identity(forbidden) if forbidden else None, clean, memo)
    chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
    findings: list[Finding] = []
    coverage: list[Coverage] = []
    found_clean: set[str] = set()
    done = 0
    for chunk, (chunk_findings, chunk_coverage, chunk_clean) in zip(chunks, fork_map(scan_chunk, state, chunks, jobs)):
        findings.extend(chunk_findings)
        coverage.extend(chunk_coverage)
        found_clean.update(chunk_clean)
        done += len(chunk)
        if progress is not None:
            progress(done, len(entries))
    while memo and len(memo) > len(entries):  # what this scan neither used nor added: files gone or changed
        del memo[next(iter(memo))]
    return ScanResult(
        unique(findings), coverage, frozenset(found_clean), Shard(index, count, len(names), len(entries), tree)
    )


def shard_of(rel: str, count: int) -> int:
    """Return the 1-based share a file belongs to: the same on every machine, spread evenly."""
    return int.from_bytes(hashlib.sha256(rel.encode("utf-8", "surrogatepass")).digest()[:8], "big") % count + 1


CHUNK = 16  # files per task: large enough to amortise the hand-over, small enough to balance
