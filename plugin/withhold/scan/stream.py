"""Large text files, streamed in blocks: memory stays bounded however large one file is (a 1 GB CSV)."""

from __future__ import annotations

import codecs
import hashlib
import time
from typing import BinaryIO

from withhold.errors import NotExamined
from withhold.extract.base import Segment
from withhold.findings import EXAMINED, NOT_EXAMINED, Coverage
from withhold.scan.file import FileScan
from withhold.settings import Settings
from withhold.text.decode import text_codec
from withhold.text.spans import word_start

# Text files larger than this are streamed in blocks, so memory stays bounded however large one
# file is (a 1 GB CSV); smaller ones are read whole.
STREAM_ABOVE = 64 << 20
STREAM_BLOCK = 8 << 20
STREAM_HEAD = 64 << 10
STREAM_CARRY = 4096  # characters carried into the next block: a name cut by the block edge is read whole


def stream_text(scan: FileScan, rel: str, f: BinaryIO, settings: Settings, clean: frozenset[str]) -> str | None:
    """Scan a large text file block by block; return its clean key if it came out clean."""
    display = scan.display(rel)
    scan.scan_name(rel, display)
    digest = hashlib.sha256()
    f.seek(0)
    for block in iter(lambda: f.read(STREAM_BLOCK), b""):
        digest.update(block)
    sha = digest.hexdigest()
    key, known = scan.known_clean(rel, sha, clean)
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
                cut = word_start(text, max(len(text) - STREAM_CARRY, 0))
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
    scan.coverage.append(Coverage(rel, display, EXAMINED, "", "streamed", sha, kind="text"))
    return None if scan.findings else key
