"""One entry of a walked tree: excluded, a link, a special file, too large, known clean, streamed or read whole."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import time
from pathlib import Path
from typing import NamedTuple

from withhold.errors import ConfigError
from withhold.findings import EXAMINED, EXCLUDED, LINKED, METADATA_ONLY, NOT_EXAMINED, Coverage, Finding
from withhold.protected.hits import ProtectedList
from withhold.scan import stream
from withhold.scan.file import FileScan
from withhold.scan.sniff import sniff
from withhold.scan.walk import Entry, open_regular
from withhold.settings import Settings

# Results of files already scanned in this process, by (root, clean key), the latest used last:
# what lets `mkdocs serve` rescan only the files a rebuild changed. Only in memory: it holds findings.
Results = dict[tuple[str, str], tuple[tuple[Finding, ...], tuple[Coverage, ...]]]


class Job(NamedTuple):
    """What scanning a tree's files needs, shared by every worker."""

    protected: ProtectedList
    settings: Settings
    forbid: tuple[int, int] | None
    clean: frozenset[str]
    memo: Results | None = None  # filled in this process only: forked workers' additions are lost


ChunkResult = tuple[list[Finding], list[Coverage], list[str]]


def scan_chunk(state: Job, chunk: list[tuple[Entry, str]]) -> ChunkResult:
    findings: list[Finding] = []
    coverage: list[Coverage] = []
    clean: list[str] = []
    for entry, root in chunk:
        scan = FileScan(state.protected, state.settings, root)
        if any(fnmatch.fnmatchcase(entry.rel, pattern) for pattern in state.settings.exclude):
            coverage.append(Coverage(entry.rel, scan.display(entry.rel), EXCLUDED, "", "by an exclude pattern"))
        elif not included(entry.rel, root, state.settings.include):
            coverage.append(Coverage(entry.rel, scan.display(entry.rel), EXCLUDED, "", "matches no include pattern"))
        elif entry.problem == "link to a folder":
            coverage.append(Coverage(entry.rel, scan.display(entry.rel), LINKED, "", entry.detail))
        elif entry.problem:
            scan.scan_name(entry.rel, scan.display(entry.rel))
            coverage.append(Coverage(entry.rel, scan.display(entry.rel), NOT_EXAMINED, entry.problem, entry.detail))
        else:
            key = scan_entry(scan, entry.rel, entry.path, state)
            if key is not None:
                clean.append(key)
        findings.extend(scan.findings)
        coverage.extend(scan.coverage)
    return findings, coverage, clean


def included(rel: str, root: str, patterns: tuple[str, ...]) -> bool:
    """Return True when the path, as shown or below its root, matches one of the include patterns."""
    inner = rel.removeprefix(root)
    return any(fnmatch.fnmatchcase(inner, p) or fnmatch.fnmatchcase(rel, p) for p in patterns)


def identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def scan_entry(scan: FileScan, rel: str, path: str, state: Job) -> str | None:
    """Scan one file into scan; return its clean key if it came out clean (or was already known clean)."""
    settings = state.settings
    if state.forbid is not None and identity(Path(path)) == state.forbid:
        raise ConfigError(f"{scan.display(rel)} is the protected list itself (a link to it): it would be published")
    try:
        f, size = open_regular(path)
        with f:
            head = f.read(stream.STREAM_HEAD)
            if size > stream.STREAM_ABOVE and len(head) == stream.STREAM_HEAD and sniff(rel, head) == "text":
                return stream.stream_text(scan, rel, f, settings, state.clean)
            data = head + f.read(settings.max_file_bytes + 1 - len(head))
        if size > settings.max_file_bytes or len(data) > settings.max_file_bytes:
            raise ValueError("too large")
    except ValueError as exc:
        reason = str(exc)
        detail = f"over the limit of {settings.max_file_bytes} bytes" if reason == "too large" else "not a regular file"
        scan.scan_name(rel, scan.display(rel))
        scan.coverage.append(Coverage(rel, scan.display(rel), NOT_EXAMINED, reason, detail))
        return None
    except OSError as exc:
        scan.coverage.append(Coverage(rel, scan.display(rel), NOT_EXAMINED, "unreadable", exc.strerror or "cannot open"))
        return None
    sha = hashlib.sha256(data).hexdigest()
    key, known = scan.known_clean(rel, sha, state.clean)
    if known:
        return key
    memo = state.memo if state.memo is not None else {}
    remembered = memo.pop((scan.root, key), None)
    if remembered is not None:
        memo[scan.root, key] = remembered  # moved last: used by this scan
        scan.findings.extend(remembered[0])
        scan.coverage.extend(remembered[1])
    else:
        scan.scan_data(rel, data, 0, time.monotonic() + settings.file_seconds, sha)
        # A file not fully examined (a reader's time limit, a failure) is tried again next time.
        if state.memo is not None and all(c.status != NOT_EXAMINED for c in scan.coverage):
            memo[scan.root, key] = (tuple(scan.findings), tuple(scan.coverage))
    if scan.findings or any(c.status not in (EXAMINED, METADATA_ONLY) for c in scan.coverage):
        return None
    return key
