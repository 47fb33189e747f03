"""The history scan: every blob a repository ever held, read by the readers the pre-commit hook uses.

A value committed and removed in the next commit is still published in the repository's history.
Each blob reachable from a branch or tag is read once, by id, streamed from `git cat-file --batch`
(never a checkout), and scanned as the file it was committed as. A finding is then placed: the
commits that wrote the blob, at which paths, and the branches whose tip still holds it. Blobs over
max-file-bytes are not read and fail the run, as any file not examined does.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from withhold.deploy import git
from withhold.findings import NOT_EXAMINED, Coverage, Finding, ScanResult
from withhold.protected.hits import ProtectedList
from withhold.scan.file import display, scan_bytes
from withhold.settings import Settings

Progress = Callable[[int, int], None]


class Place(NamedTuple):
    """Where a blob stands in the history; every path and branch name shown is masked."""

    commits: tuple[tuple[str, str], ...]  # (commit, shown path) of each commit that wrote it
    tips: tuple[str, ...]  # shown names of the branches whose tip still holds it


class Flagged(NamedTuple):
    """One blob with a finding or that could not be examined, and where it stands."""

    blob: str
    shown: str  # the path it was reached at, masked
    result: ScanResult  # this blob's findings and coverage
    place: Place


class History(NamedTuple):
    result: ScanResult  # the findings and coverage of every blob read
    flagged: list[Flagged]
    blobs: int  # blobs reachable
    read: int  # blobs read
    bytes: int  # bytes read
    seconds: float


def scan_history(repo: Path, protected: ProtectedList, settings: Settings, since: str | None = None,
                 progress: Progress | None = None) -> History:
    """Return the findings and coverage of every reachable blob of repo, each flagged blob placed in the history."""
    start = time.monotonic()
    git.check_repository(repo, since)
    every = git.blobs(repo, since)
    shown = functools.partial(display, protected)
    limit = settings.max_file_bytes
    small = [b for b in every if b.size <= limit]
    findings: list[Finding] = []
    coverage: list[Coverage] = []
    flagged: list[tuple[git.Blob, ScanResult]] = []
    for blob in every:
        if blob.size > limit:
            row = Coverage(blob.path, shown(blob.path), NOT_EXAMINED, "too large", f"over the limit of {limit} bytes")
            coverage.append(row)
            flagged.append((blob, ScanResult([], [row])))
    total = 0
    for done, (blob, data) in enumerate(git.contents(repo, small), 1):
        one = scan_bytes(blob.path, data, protected, settings)
        findings.extend(one.findings)
        coverage.extend(one.coverage)
        if one.failed:
            flagged.append((blob, one))
        total += len(data)
        if progress is not None:
            progress(done, len(small))
    places = _places(repo, {b.oid for b, _ in flagged}, since, shown)
    flagged.sort(key=lambda pair: (pair[0].path, pair[0].oid))
    return History(ScanResult(findings, coverage), [Flagged(b.oid, shown(b.path), r, places[b.oid]) for b, r in flagged],
                   len(every), len(small), total, time.monotonic() - start)


def _places(repo: Path, oids: set[str], since: str | None, shown: Callable[[str], str]) -> dict[str, Place]:
    """Return where each blob stands: the commits that wrote it and the branch tips that hold it."""
    if not oids:
        return {}
    written = git.introductions(repo, oids, since)
    held = git.tips(repo)
    return {oid: Place(tuple((commit, shown(where)) for commit, where in written.get(oid, [])),
                       tuple(shown(branch) for branch in held.get(oid, [])))
            for oid in oids}
