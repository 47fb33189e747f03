"""The scan: files to extracted text to hits to findings, and a coverage status for every file.

Pure: it reads files and returns records. It never prints, logs or exits; the adapters do.
"""

from __future__ import annotations

import bisect
import codecs
import fnmatch
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

from withhold.decode import decoded_view, escapes, text_codec
from withhold.errors import ConfigError, NotExamined
from withhold.extract import EXTRACTORS
from withhold.extract.base import Context, Item, Member, Partial, Probe, Segment, windows
from withhold.findings import (
    EXAMINED,
    EXCLUDED,
    LINKED,
    METADATA_ONLY,
    NOT_EXAMINED,
    Coverage,
    Finding,
    Shard,
    kind_code,
)
from withhold.mask import mask, mask_spans
from withhold.protected import ProtectedList, TextHit
from withhold.settings import Settings
from withhold.sniff import sniff
from withhold.walk import Entry, open_regular, walk

Progress = Callable[[int, int], None]


class ScanResult(NamedTuple):
    findings: list[Finding]
    coverage: list[Coverage]
    # Keyed digests (path and content, under this list and settings) of the files that came out
    # clean: the next scan may skip them while they stay the same. They hold no protected value.
    clean: frozenset[str] = frozenset()
    shard: Shard | None = None

    @property
    def failed(self) -> bool:
        return bool(self.findings) or any(c.status == NOT_EXAMINED for c in self.coverage)


def refuse_list_inside(list_path: Path, roots: Iterable[Path]) -> None:
    """Raise ConfigError when the protected list lies inside a tree about to be scanned (or published)."""
    real = os.path.realpath(list_path)
    for root in roots:
        top = os.path.realpath(root)
        if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
            raise ConfigError(
                f"the protected list {list_path} is inside the scanned tree {root}: it would be published. "
                "Move it outside the site's sources and pass its new path with --list or WITHHOLD_LIST"
            )


class _FileScan:
    """Scans one top-level file and its embedded members, collecting findings and coverage."""

    def __init__(self, protected: ProtectedList, settings: Settings, root: str = "") -> None:
        self.protected = protected
        self.settings = settings
        # The scanned root as shown ("site/"): reports show it, but fingerprints and clean keys
        # leave it out, so a waiver made from `withhold scan site/` holds wherever the site is
        # scanned from (the MkDocs plugin names files relative to site_dir).
        self.root = root
        self.findings: list[Finding] = []
        self.coverage: list[Coverage] = []

    def display(self, path: str) -> str:
        """Return path as it may be shown: masked, with a stable reference, if it holds an identifier."""
        hits = self.protected.find(path)
        if not hits:
            return path
        return f"{mask_spans(path, [(h.start, h.end) for h in hits])} [ref {self.protected.keyed('path', path)[:8]}]"

    def add_hits(self, path: str, display: str, segment: Segment, hits: list[TextHit]) -> None:
        text = segment.text
        offsets = [m[0] for m in segment.marks]
        for hit in hits:
            locator = segment.where
            line = column = None
            if offsets:
                i = bisect.bisect_right(offsets, hit.start) - 1
                if i >= 0:
                    locator += segment.marks[i][1]
            if segment.locate is not None:
                line, column = segment.locate(hit.start)
                locator += f":{line}:{column}"
            elif segment.line is not None:
                newlines = text.count("\n", 0, hit.start)
                line = segment.line + newlines
                column = hit.start - (text.rfind("\n", 0, hit.start) + 1) + (segment.column if newlines == 0 else 1)
                locator += f":{line}:{column}"
            # A locator can quote the file (a sheet, a bookmark, an embedded file's name): mask it too.
            hidden = self.protected.find(locator)
            if hidden:
                locator = mask_spans(locator, [(h.start, h.end) for h in hidden])
            records = tuple(self.protected.record_id(r) for r in hit.records)
            self.findings.append(
                Finding(
                    code=kind_code(hit.kind),
                    kind=hit.kind,
                    records=records,
                    path=path,
                    display=display,
                    locator=locator,
                    severity="critical" if hit.corroborated else "high",
                    excerpt=mask(text[hit.start : hit.end]),
                    corroborated=hit.corroborated and hit.kind == "name",
                    fingerprint=self.protected.finding_fingerprint(
                        hit.kind, hit.records, hit.matched, path.removeprefix(self.root)
                    ),
                    line=line,
                    column=column,
                )
            )

    def scan_segment(self, path: str, display: str, segment: Segment) -> None:
        hits = self.protected.find(segment.text)
        if hits:
            self.add_hits(path, display, segment, hits)
        # Escapes (entities, percent, JSON) and mojibake, decoded only around where they stand: a
        # hit far from every escape was already found in the text as it is.
        for start, end in windows(segment.text, escapes(segment.text)):
            part = segment.window(start, end)
            decoded = decoded_view(part.text)
            if decoded is not None:
                hits = self.protected.find(decoded)
                if hits:
                    self.add_hits(path, display, part._replace(text=decoded), hits)

    def scan_name(self, path: str, display: str) -> None:
        """Scan a file's own name (the last member name for an embedded file): URLs carry names."""
        self.scan_segment(path, display, Segment(path.rsplit("!", 1)[-1], where=" (file name)", line=None))

    def holds_hit(self, text: str) -> bool:
        """Return True when text, as it is or decoded around its escapes, holds a protected identifier."""
        if self.protected.find(text):
            return True
        for start, end in windows(text, escapes(text)):
            decoded = decoded_view(text[start:end])
            if decoded is not None and self.protected.find(decoded):
                return True
        return False

    def scan_item(self, path: str, display: str, item: Item, depth: int, deadline: float) -> str:
        """Scan one extracted item; return the note of a Partial ("" for any other item)."""
        if isinstance(item, Segment):
            self.scan_segment(path, display, item)
        elif isinstance(item, Probe):
            if self.holds_hit(item.text):
                before = len(self.findings)
                note = ""
                for precise in item.precise():
                    note = self.scan_item(path, display, precise, depth, deadline) or note
                if len(self.findings) == before:
                    # The precise reading lost what the quick one found: report the quick one's
                    # hit, less exactly located, rather than nothing (fail closed).
                    self.scan_segment(path, display, Segment(item.text, where="#quick-reading", line=None))
                return note
        elif isinstance(item, Member):
            if depth + 1 > self.settings.max_depth:
                raise NotExamined("too deep", f"embedded files nested deeper than {self.settings.max_depth}")
            self.scan_data(f"{path}!{item.name}", item.data, depth + 1, deadline)
        elif isinstance(item, Partial):
            return item.note
        return ""

    def scan_data(self, path: str, data: bytes, depth: int, deadline: float, sha: str = "") -> None:
        display = self.display(path)
        name = path.rsplit("!", 1)[-1]
        self.scan_name(path, display)
        kind = sniff(name, data)
        extractor = EXTRACTORS.get(kind)
        sha = sha or hashlib.sha256(data).hexdigest()
        if extractor is None:
            self.coverage.append(
                Coverage(path, display, NOT_EXAMINED, "unsupported", f"no reader for {kind} files", sha, member=depth > 0)
            )
            return
        ctx = Context(name, self.settings, depth, deadline)
        status, reason, detail = EXAMINED, "", ""
        try:
            for item in extractor(data, ctx):
                note = self.scan_item(path, display, item, depth, deadline)
                if note:
                    status, detail = METADATA_ONLY, note
                ctx.check_time()
        except NotExamined as exc:
            status, reason, detail = NOT_EXAMINED, exc.reason, exc.detail
        except RecursionError:
            status, reason, detail = NOT_EXAMINED, "too deep", "nesting too deep to read"
        except MemoryError:
            status, reason, detail = NOT_EXAMINED, "too large", "ran out of memory reading it"
        except Exception as exc:  # a reader's failure on hostile input is a finding, not a crash
            status, reason, detail = NOT_EXAMINED, "corrupt", f"the {kind} reader failed ({type(exc).__name__})"
        self.coverage.append(Coverage(path, display, status, reason, detail, sha, member=depth > 0))


def scan_bytes(path: str, data: bytes, protected: ProtectedList, settings: Settings) -> ScanResult:
    """Return the findings and coverage of one file given as bytes (path is how it is named)."""
    scan = _FileScan(protected, settings)
    scan.scan_data(path, data, 0, time.monotonic() + settings.file_seconds)
    return ScanResult(_unique(scan.findings), scan.coverage)


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
) -> ScanResult:
    """Return the findings and coverage of every file under roots.

    Paths start with the root as given (as ripgrep prints them), or, with relative, are relative
    to it. forbidden is the protected list's path: a hard link to it found in the tree is refused
    like a copy of the list. jobs > 1 scans in that many forked processes, which share the
    prepared list. clean holds the keys (ScanResult.clean) of files a previous scan found clean:
    they are skipped while their path and content stay the same. shard (index, count) keeps the
    files of one deterministic share of the tree, so N machines can each scan one.
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
    state = _State(protected, settings, _identity(forbidden) if forbidden else None, clean)
    chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
    findings: list[Finding] = []
    coverage: list[Coverage] = []
    found_clean: set[str] = set()
    done = 0
    for chunk, (chunk_findings, chunk_coverage, chunk_clean) in zip(chunks, _map(state, chunks, jobs)):
        findings.extend(chunk_findings)
        coverage.extend(chunk_coverage)
        found_clean.update(chunk_clean)
        done += len(chunk)
        if progress is not None:
            progress(done, len(entries))
    return ScanResult(
        _unique(findings), coverage, frozenset(found_clean), Shard(index, count, len(names), len(entries), tree)
    )


def shard_of(rel: str, count: int) -> int:
    """Return the 1-based share a file belongs to: the same on every machine, spread evenly."""
    return int.from_bytes(hashlib.sha256(rel.encode("utf-8", "surrogatepass")).digest()[:8], "big") % count + 1


CHUNK = 16  # files per task: large enough to amortise the hand-over, small enough to balance


class _State(NamedTuple):
    protected: ProtectedList
    settings: Settings
    forbid: tuple[int, int] | None
    clean: frozenset[str]


ChunkResult = tuple[list[Finding], list[Coverage], list[str]]
# Set in forked workers only (by _start_worker), never in the parent: the prepared list reaches
# them through fork's copy of memory instead of being pickled once per process.
_WORKER: _State | None = None


def _start_worker(state: _State) -> None:
    global _WORKER
    _WORKER = state


def _worker_chunk(chunk: list[tuple[Entry, str]]) -> ChunkResult:
    assert _WORKER is not None
    return _scan_chunk(_WORKER, chunk)


def _map(state: _State, chunks: list[list[tuple[Entry, str]]], jobs: int) -> Iterator[ChunkResult]:
    """Yield each chunk's results in order, from forked workers when jobs > 1 and it pays."""
    if jobs <= 1 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield _scan_chunk(state, chunk)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(chunks)), initializer=_start_worker, initargs=(state,)) as pool:
        yield from pool.imap(_worker_chunk, chunks)


def _scan_chunk(state: _State, chunk: list[tuple[Entry, str]]) -> ChunkResult:
    findings: list[Finding] = []
    coverage: list[Coverage] = []
    clean: list[str] = []
    for entry, root in chunk:
        scan = _FileScan(state.protected, state.settings, root)
        if any(fnmatch.fnmatchcase(entry.rel, pattern) for pattern in state.settings.exclude):
            coverage.append(Coverage(entry.rel, scan.display(entry.rel), EXCLUDED, "", "by an exclude pattern"))
        elif entry.problem == "link to a folder":
            coverage.append(Coverage(entry.rel, scan.display(entry.rel), LINKED, "", entry.detail))
        elif entry.problem:
            scan.scan_name(entry.rel, scan.display(entry.rel))
            coverage.append(Coverage(entry.rel, scan.display(entry.rel), NOT_EXAMINED, entry.problem, entry.detail))
        else:
            key = _scan_entry(scan, entry.rel, entry.path, state)
            if key is not None:
                clean.append(key)
        findings.extend(scan.findings)
        coverage.extend(scan.coverage)
    return findings, coverage, clean


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _scan_entry(scan: _FileScan, rel: str, path: str, state: _State) -> str | None:
    """Scan one file into scan; return its clean key if it came out clean (or was already known clean)."""
    settings = state.settings
    if state.forbid is not None and _identity(Path(path)) == state.forbid:
        raise ConfigError(f"{scan.display(rel)} is the protected list itself (a link to it): it would be published")
    try:
        f, size = open_regular(path)
        with f:
            head = f.read(STREAM_HEAD)
            if size > STREAM_ABOVE and len(head) == STREAM_HEAD and sniff(rel, head) == "text":
                return _stream_text(scan, rel, f, state)
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
    key, known = _clean_key(scan, rel, sha, state)
    if known:
        return key
    scan.scan_data(rel, data, 0, time.monotonic() + settings.file_seconds, sha)
    if scan.findings or any(c.status not in (EXAMINED, METADATA_ONLY) for c in scan.coverage):
        return None
    return key


def _clean_key(scan: _FileScan, rel: str, sha: str, state: _State) -> tuple[str, bool]:
    """Return a file's clean key, and whether a previous scan found it clean (then recorded as examined).

    The key holds no protected value: a keyed hash of list fingerprint, path below the root, content.
    """
    key = state.protected.keyed("clean", state.protected.fingerprint, rel.removeprefix(scan.root), sha)
    known = key in state.clean
    if known:
        scan.coverage.append(Coverage(rel, rel, EXAMINED, "", "unchanged since a clean scan", sha))
    return key, known


# Text files larger than this are streamed in blocks, so memory stays bounded however large one
# file is (a 1 GB CSV); smaller ones are read whole.
STREAM_ABOVE = 64 << 20
STREAM_BLOCK = 8 << 20
STREAM_HEAD = 64 << 10
STREAM_CARRY = 4096  # characters carried into the next block: a name cut by the block edge is read whole


def _stream_text(scan: _FileScan, rel: str, f: BinaryIO, state: _State) -> str | None:
    """Scan a large text file block by block; return its clean key if it came out clean."""
    settings = state.settings
    display = scan.display(rel)
    scan.scan_name(rel, display)
    digest = hashlib.sha256()
    f.seek(0)
    for block in iter(lambda: f.read(STREAM_BLOCK), b""):
        digest.update(block)
    sha = digest.hexdigest()
    key, known = _clean_key(scan, rel, sha, state)
    if known:
        return key
    f.seek(0)
    codec = text_codec(f.read(STREAM_HEAD))
    if codec is None:
        scan.coverage.append(Coverage(rel, display, NOT_EXAMINED, "unsupported", "binary content of no known format", sha))
        return None
    f.seek(codec[1])
    decoder = codecs.getincrementaldecoder(codec[0])(errors="replace")
    deadline = time.monotonic() + settings.file_seconds
    carry, line, column = "", 1, 1
    try:
        for block in iter(lambda: f.read(STREAM_BLOCK), b""):
            text = carry + decoder.decode(block)
            scan.scan_segment(rel, display, Segment(text, line=line, column=column))
            # The next block starts with the last lines of this one (at least STREAM_CARRY
            # characters), never inside a word: a word's tail must not pose as a whole word.
            cut = text.rfind("\n", 0, max(len(text) - STREAM_CARRY, 0)) + 1
            if cut == 0:  # one long line: cut inside it, at a word boundary
                cut = max(len(text) - STREAM_CARRY, 0)
                while cut > 0 and text[cut - 1].isalnum():
                    cut -= 1
            newlines = text.count("\n", 0, cut)
            column = cut - text.rfind("\n", 0, cut) if newlines else column + cut
            line += newlines
            carry = text[cut:]
            if time.monotonic() > deadline:
                raise NotExamined("timeout", f"over the limit of {settings.file_seconds:g} s per file")
        rest = decoder.decode(b"", final=True)
        if rest:
            scan.scan_segment(rel, display, Segment(carry + rest, line=line, column=column))
    except NotExamined as exc:
        scan.coverage.append(Coverage(rel, display, NOT_EXAMINED, exc.reason, exc.detail, sha))
        return None
    scan.coverage.append(Coverage(rel, display, EXAMINED, "", "streamed", sha))
    return None if scan.findings else key


def _unique(findings: list[Finding]) -> list[Finding]:
    """Return findings without repeats (one hit seen in two views of the same text), in order."""
    seen = set()
    out = []
    for finding in sorted(findings, key=lambda f: (f.path, f.locator, f.code, f.records)):
        key = (finding.path, finding.locator, finding.kind, finding.records, finding.fingerprint)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
