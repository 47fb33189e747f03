"""A whole tree: walked, split into a deterministic share (shards), scanned in chunks over worker processes."""

from __future__ import annotations

import hashlib
import os
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
    seen: Callable[[list[Coverage]], None] | None = None,
    forked: Callable[[], None] | None = None,
) -> ScanResult:
    """Return the findings and coverage of every file under roots.

    Paths start with the root as given (as ripgrep prints them), or, with relative, are relative
    to it. forbidden is the protected list's path: a hard link to it found in the tree is refused
    like a copy of the list. jobs > 1 scans in that many forked processes, which share the
    prepared list. clean holds the keys (ScanResult.clean) of files a previous scan found clean:
    they are skipped while their path and content stay the same. shard (index, count) keeps the
    files of one deterministic share of the tree, so N machines can each scan one. memo keeps each
    file's findings and coverage by path and content, in this process, so a later scan of the same
    tree (`mkdocs serve`) rescans only the files that changed. seen hears each chunk's coverage as
    it comes back, before the scan ends (the canary starts its slow proofs early). forked hears
    when the workers exist, if there are any (pool.fork_map).
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
    chunks = chunked(entries)
    order = sorted(range(len(chunks)), key=lambda i: _cost(chunks[i]), reverse=True)
    results: dict[int, tuple[list[Finding], list[Coverage], list[str]]] = {}
    done = 0
    work = fork_map(scan_chunk, state, [chunks[i] for i in order], jobs, forked=forked)
    for task, result in zip(order, work):
        results[task] = result
        if seen is not None:
            seen(result[1])
        done += len(chunks[task])
        if progress is not None:
            progress(done, len(entries))
    findings: list[Finding] = []
    coverage: list[Coverage] = []
    found_clean: set[str] = set()
    for task in range(len(chunks)):  # the ledger keeps the walk's order, whatever order the work ran in
        chunk_findings, chunk_coverage, chunk_clean = results[task]
        findings.extend(chunk_findings)
        coverage.extend(chunk_coverage)
        found_clean.update(chunk_clean)
    while memo and len(memo) > len(entries):  # what this scan neither used nor added: files gone or changed
        del memo[next(iter(memo))]
    return ScanResult(
        unique(findings), coverage, frozenset(found_clean), Shard(index, count, len(names), len(entries), tree)
    )


def shard_of(rel: str, count: int) -> int:
    """Return the 1-based share a file belongs to: the same on every machine, spread evenly."""
    return int.from_bytes(hashlib.sha256(rel.encode("utf-8", "surrogatepass")).digest()[:8], "big") % count + 1


CHUNK = 16  # files per task: large enough to amortise the hand-over, small enough to balance
# A picture is read by OCR: 0.5-7 s of CPU where a page takes milliseconds. Each is a task of its
# own, and the pictures go first, largest first, so the workers finish together: sixteen
# screenshots in one chunk left one core idle for a minute on the built mkdocs-material docs.
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp")


def chunked(entries: list[tuple[Entry, str]]) -> list[list[tuple[Entry, str]]]:
    """Return the entries in tasks: each picture alone, the other files CHUNK at a time, in the walk's order."""
    chunks: list[list[tuple[Entry, str]]] = []
    rest: list[tuple[Entry, str]] = []
    for item in entries:
        if item[0].rel.lower().endswith(PICTURE_SUFFIXES):
            chunks.append([item])
            continue
        rest.append(item)
        if len(rest) == CHUNK:
            chunks.append(rest)
            rest = []
    if rest:
        chunks.append(rest)
    return chunks


def _cost(chunk: list[tuple[Entry, str]]) -> int:
    """Return the order a task is handed out in: pictures by size, then the rest as walked."""
    entry = chunk[0][0]
    if len(chunk) > 1 or not entry.rel.lower().endswith(PICTURE_SUFFIXES) or entry.problem:
        return 0
    try:
        return os.stat(entry.path).st_size + 1
    except OSError:
        return 0
