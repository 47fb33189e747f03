"""One file and the files inside it: extracted text to hits to findings, and a coverage status for each.

Pure: it reads bytes and returns records. It never prints, logs or exits; the adapters do.
"""

from __future__ import annotations

import hashlib
import time

from withhold.errors import NotExamined
from withhold.extract import EXTRACTORS
from withhold.extract.base import Context, Item, Member, Partial, Probe, Segment
from withhold.extract.html import SOFT, holds_markup, junctions, reader_view
from withhold.findings import (
    EXAMINED,
    METADATA_ONLY,
    NOT_EXAMINED,
    PIXELS_NOT_READ,
    PIXELS_PARTLY_READ,
    Coverage,
    Finding,
    ScanResult,
    kind_code,
)
from withhold.protected import misread
from withhold.protected.hits import ProtectedList, TextHit
from withhold.protected.mask import mask, mask_found
from withhold.scan.locator import Locators, place, places
from withhold.scan.sniff import sniff
from withhold.settings import Settings
from withhold.text.decode import decode_bytes, decoded_view, escapes
from withhold.text.layers import FILE_MAGIC, MEDIA_SUFFIX, TooLarge, held_file, layers
from withhold.text.normalize import normalize
from withhold.text.spans import windows


class FileScan:
    """Scans one top-level file and its embedded members, collecting findings and coverage."""

    def __init__(self, protected: ProtectedList, settings: Settings, root: str = "", quick: bool = True) -> None:
        self.protected = protected
        self.settings = settings
        self.quick = quick  # office parts: quick readings stand for the precise walk (extract/base.Context)
        # The scanned root as shown ("site/"): reports show it, but fingerprints and clean keys
        # leave it out, so a waiver made from `withhold scan site/` holds wherever the site is
        # scanned from (the MkDocs plugin names files relative to site_dir).
        self.root = root
        self.findings: list[Finding] = []
        self.coverage: list[Coverage] = []

    def display(self, path: str) -> str:
        """Return path as it may be shown: masked, with a stable reference, if it holds an identifier."""
        return display(self.protected, path)

    def add_hits(self, path: str, display: str, segment: Segment, hits: list[TextHit]) -> None:
        text = segment.text
        placed = [(hit, *where) for hit, where in zip(hits, places(segment, [hit.start for hit in hits]))]
        # A name found exactly in one reading of a box (the recogniser's other reading) is not found
        # again there as misread in another.
        exact = {(where + mark + position, hit.records) for hit, where, mark, position, _, _ in placed if not hit.misread}
        locators = Locators(self.protected)
        for hit, where, mark, position, line, column in placed:
            if hit.misread and (where + mark + position, hit.records) in exact:
                continue
            locator = locators.masked(where, mark) + position + (misread.NOTE if hit.misread else "")
            records = tuple(self.protected.record_id(r) for r in hit.records)
            self.findings.append(
                Finding(
                    code=kind_code(hit.kind),
                    kind=hit.kind,
                    records=records,
                    path=path,
                    display=display,
                    locator=locator,
                    severity=hit.severity,
                    excerpt=mask(text[hit.start : hit.end]),
                    corroborated=hit.corroborated and hit.kind == "name",
                    fingerprint=self.protected.finding_fingerprint(
                        hit.kind, hit.records, hit.matched, path.removeprefix(self.root)
                    ),
                    line=line,
                    column=column,
                )
            )

    def scan_segment(self, path: str, display: str, segment: Segment, depth: int = 0,
                     deadline: float | None = None) -> None:
        """Scan one segment: its text, the markup it holds read as HTML, and the layers encoded in it."""
        self.scan_text(path, display, segment)
        # Escapes (entities, percent, JSON) and mojibake, decoded only around where they stand: a
        # hit far from every escape was already found in the text as it is.
        for start, end in windows(segment.text, escapes(segment.text)):
            part = segment.window(start, end)
            decoded = decoded_view(part.text)
            if decoded is not None:
                self.scan_text(path, display, part._replace(text=decoded), normalize(part.text))
        self.scan_layers(path, display, segment, depth, deadline)

    def scan_text(self, path: str, display: str, segment: Segment, shown: str | None = None) -> None:
        """Scan a text as it is and, where it holds HTML, as HTML (a search index's JSON strings, a script).

        A view (decoded, or with its tags removed) reports only what it reveals: a hit whose words
        stood as plainly in the text it was read from (`shown`, normalised) was judged there, in
        full context (text/code.py), and is not reported again from a part seen out of context.
        """
        self.add_revealed(path, display, segment, self.protected.find(segment.text, segment.misread), shown)
        # HTML held in data is read as a reader sees it, tags removed; its tags' names never join
        # a word (text/code.py).
        if holds_markup(segment.text):
            text = segment.text
            reader = segment._replace(text=reader_view(text))
            hits = [h for h in self.protected.find(reader.text) if normalize(text[h.start : h.end]) != h.matched]
            self.add_revealed(path, display, reader, hits, shown)
            for start, end in windows(reader.text, junctions(reader.text)):
                view = reader.window(start, end, reader.text[start:end].replace(SOFT, " "))
                self.add_revealed(path, display, view, self.protected.find(view.text), normalize(text[start:end]))

    def add_revealed(self, path: str, display: str, segment: Segment, hits: list[TextHit], shown: str | None) -> None:
        if shown is not None:
            hits = [h for h in hits if f" {h.matched} " not in f" {shown} "]
        if hits:
            self.add_hits(path, display, segment, hits)

    def scan_layers(self, path: str, display: str, segment: Segment, depth: int, deadline: float | None) -> None:
        """Scan each base64 or quoted-printable layer of segment: as text, or as a file when it holds one.

        Each layer nests one level, as an embedded file does: past max-depth, or past
        max-member-bytes decoded, the file is not examined (fail closed).
        """
        try:
            found = list(layers(segment.text, self.settings.max_member_bytes))
        except TooLarge as exc:
            raise NotExamined("too large", f"an encoded layer of {exc} is over max-member-bytes") from None
        for layer in found:
            if depth + 1 > self.settings.max_depth:
                raise NotExamined("too deep", f"encoded layers nested deeper than {self.settings.max_depth}")
            where = "".join(place(segment, layer.start)[:3]) + f"#{layer.encoding}"
            text = None if held_file(layer) else decode_bytes(layer.data)
            if text is None and not layer.media_type and not layer.data.startswith(FILE_MAGIC):
                continue  # undeclared and no kind of file: noise that looked encoded
            if text is None:
                name = where.lstrip(":") + MEDIA_SUFFIX.get(layer.media_type, "")
                when = time.monotonic() + self.settings.file_seconds if deadline is None else deadline
                self.scan_item(path, display, Member(name.replace("!", "_"), layer.data), depth, when)
            else:
                self.scan_segment(path, display, Segment(text, where=where, line=None), depth + 1, deadline)

    def scan_name(self, path: str, display: str) -> None:
        """Scan a file's own name (the last member name for an embedded file): URLs carry names."""
        self.scan_segment(path, display, Segment(path.rsplit("!", 1)[-1], where=" (file name)", line=None))

    def holds_hit(self, text: str) -> bool:
        """Return True when text, as it is or decoded around its escapes, holds a protected identifier."""
        if self.protected.holds(text):
            return True
        for start, end in windows(text, escapes(text)):
            decoded = decoded_view(text[start:end])
            if decoded is not None and self.protected.holds(decoded):
                return True
        return False

    def scan_item(self, path: str, display: str, item: Item, depth: int, deadline: float) -> Partial | None:
        """Scan one extracted item; return it if it is a Partial (the most telling one, for a Probe)."""
        if isinstance(item, Segment):
            self.scan_segment(path, display, item, depth, deadline)
        elif isinstance(item, Probe):
            if self.holds_hit(item.text):
                before = len(self.findings)
                note = None
                for precise in item.precise():
                    note = _worse(note, self.scan_item(path, display, precise, depth, deadline))
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
            return item
        return None

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
        ctx = Context(name, self.settings, depth, deadline, self.quick)
        status, reason, detail = EXAMINED, "", ""
        partial: Partial | None = None
        try:
            for item in extractor(data, ctx):
                partial = _worse(partial, self.scan_item(path, display, item, depth, deadline))
                if partial is not None:
                    status, detail = partial.status, partial.note
                ctx.check_time()
        except NotExamined as exc:
            status, reason, detail = NOT_EXAMINED, exc.reason, exc.detail
        except RecursionError:
            status, reason, detail = NOT_EXAMINED, "too deep", "nesting too deep to read"
        except MemoryError:
            status, reason, detail = NOT_EXAMINED, "too large", "ran out of memory reading it"
        except Exception as exc:  # a reader's failure on hostile input is a finding, not a crash
            status, reason, detail = NOT_EXAMINED, "corrupt", f"the {kind} reader failed ({type(exc).__name__})"
        self.coverage.append(Coverage(path, display, status, reason, detail, sha, depth > 0, kind))


    def known_clean(self, rel: str, sha: str, clean: frozenset[str]) -> tuple[str, bool]:
        """Return a file's clean key, and whether a previous scan found it clean (then recorded as examined).

        The key holds no protected value: a keyed hash of list fingerprint, path below the root, content.
        """
        key = self.protected.keyed("clean", self.protected.fingerprint, rel.removeprefix(self.root), sha)
        known = key in clean
        if known:
            self.coverage.append(Coverage(rel, rel, EXAMINED, "", "unchanged since a clean scan", sha))
        return key, known


# Partial statuses, least to most telling: a file's status is the most telling of its Partials.
_PARTIAL_RANK = {EXAMINED: -1, METADATA_ONLY: 0, PIXELS_PARTLY_READ: 1, PIXELS_NOT_READ: 2}


def _worse(a: Partial | None, b: Partial | None) -> Partial | None:
    if a is None or b is None:
        return a or b
    return b if _PARTIAL_RANK.get(b.status, 0) >= _PARTIAL_RANK.get(a.status, 0) else a


def display(protected: ProtectedList, path: str) -> str:
    """Return path as it may be shown: masked, with a stable reference, if it holds an identifier."""
    shown = mask_found(protected, path)
    return path if shown == path else f"{shown} [ref {protected.keyed('path', path)[:8]}]"


def scan_bytes(path: str, data: bytes, protected: ProtectedList, settings: Settings, quick: bool = True) -> ScanResult:
    """Return the findings and coverage of one file given as bytes (path is how it is named)."""
    scan = FileScan(protected, settings, quick=quick)
    scan.scan_data(path, data, 0, time.monotonic() + settings.file_seconds)
    return ScanResult(unique(scan.findings), scan.coverage)


def unique(findings: list[Finding]) -> list[Finding]:
    """Return findings without repeats (one hit seen in two views of the same text), in order."""
    seen = set()
    out = []
    for finding in sorted(findings, key=lambda f: (f.path, f.locator, f.code, f.records)):
        key = (finding.path, finding.locator, finding.kind, finding.records, finding.fingerprint)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
