"""Word 97-2003 documents (.doc, .dot): every character of every piece, and the names the tables hold.

A Word binary keeps its text in the WordDocument stream, in pieces listed by the piece table
(the Clx in the 0Table or 1Table stream, MS-DOC 2.9.38): each piece is CP1252 or UTF-16. Reading
every piece reads every character the document holds, in document order: the body, footnotes,
headers and footers, comments, endnotes and text boxes, with tracked deletions and hidden text
(which are formatting, not places). The character counts of the File Information Block say how
long each of these stories is: the text is located by story, and text the counts declare but the
pieces do not hold makes the file incomplete. The table stream's string tables are read too:
comment authors, revision authors, who saved the file, bookmark names, captions, the template.
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Segment, labelled
from withhold.extract.cfb import Storage
from withhold.extract.printable import strings
from withhold.extract.shortfall import Shortfall
from withhold.extract.xmltext import SOFT, views

WORD97 = 0x00C1  # nFib of Word 97; Word 6 and 95 (nFib 101-105) keep text another way
STORIES = ("#body", "#footnote", "#header", "#macro", "#comment", "#endnote", "#text-box", "#header-text-box")
# FibRgFcLcb97 entries (index of the fc/lcb pair) holding string tables: (index, label, kind).
TABLES = ((21, "#bookmark", "sttb"), (32, "#properties", "sttb"), (36, "#comment-author", "xst"),
          (51, "#revision-author", "sttb"), (52, "#caption", "sttb"), (71, "#saved-by", "sttb"))
CLX, CHPX = 33, 12
# Control characters of the text stream as a reader sees them (MS-DOC 2.8.25), one for one so
# offsets stay put; the others (pictures, note marks, field marks) join what stands around them.
_CONTROL = {0x0D: "\n", 0x07: "\t", 0x09: "\t", 0x0B: "\n", 0x0C: "\n", 0x0E: "\n", 0x1E: "-"}
_SHOWN = str.maketrans({c: _CONTROL.get(c, SOFT) for c in range(0x20)})


def _fib(word: bytes) -> tuple[int, int, list[int], list[tuple[int, int]]]:
    """Return (nFib, flags, the FibRgLw counts, the FibRgFcLcb pairs) of a WordDocument stream."""
    if len(word) < 34 or word[:2] != b"\xec\xa5":
        raise NotExamined("corrupt", "the WordDocument stream does not start with a File Information Block")
    nfib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 10)[0]
    csw = struct.unpack_from("<H", word, 32)[0]
    at = 34 + 2 * csw
    cslw = struct.unpack_from("<H", word, at)[0]
    counts = list(struct.unpack_from(f"<{cslw}i", word, at + 2))
    at += 2 + 4 * cslw
    pairs_count = struct.unpack_from("<H", word, at)[0]
    pairs = [struct.unpack_from("<II", word, at + 2 + 8 * i) for i in range(pairs_count)]
    return nfib, flags, counts, pairs


def _pieces(table: bytes, fc: int, lcb: int) -> tuple[list[int], list[int]]:
    """Return the piece table's character positions and each piece's fc (MS-DOC Clx, Pcdt, PlcPcd)."""
    at, end = fc, fc + lcb
    while at < end:
        if table[at] == 0x01:  # a Prc (formatting of pieces): skipped
            at += 3 + struct.unpack_from("<H", table, at + 1)[0]
        elif table[at] == 0x02:
            size = struct.unpack_from("<I", table, at + 1)[0]
            count = (size - 4) // 12
            cps = list(struct.unpack_from(f"<{count + 1}I", table, at + 5))
            fcs = [struct.unpack_from("<I", table, at + 5 + 4 * (count + 1) + 8 * i + 2)[0] for i in range(count)]
            return cps, fcs
        else:
            break
    raise NotExamined("corrupt", "the piece table of the document is damaged")


def _text(word: bytes, cps: list[int], fcs: list[int], shortfall: Shortfall) -> str:
    out = []
    for i, fc in enumerate(fcs):
        count = max(cps[i + 1] - cps[i], 0)
        if fc & 0x40000000:
            start = (fc & 0x3FFFFFFF) // 2
            raw = word[start : start + count]
            text = raw.decode("cp1252", "replace")
        else:
            raw = word[fc : fc + 2 * count]
            text = raw[: len(raw) // 2 * 2].decode("utf-16-le", "replace")
        if len(text) < count:
            shortfall.miss()  # a piece that runs past the end of the stream
        out.append(text)
    return "".join(out)


def _edges(word: bytes, table: bytes, pair: tuple[int, int], cps: list[int], fcs: list[int]) -> list[int]:
    """Return the character positions where formatting runs meet (PlcBteChpx, ChpxFkp pages).

    A tracked deletion and the insertion that replaced it are two runs with no character between
    them ("GarcíaSøren"): the spaced view of the text puts a separator at every run edge.
    """
    fc, lcb = pair
    count = (lcb - 4) // 8
    if count <= 0:
        return []
    pages = struct.unpack_from(f"<{count}I", table, fc + 4 * (count + 1))
    starts: list[int] = []
    for page in pages:
        at = (page & 0x3FFFFF) * 512
        if at + 512 > len(word):
            continue
        runs = word[at + 511]
        starts.extend(struct.unpack_from(f"<{runs + 1}I", word, at))
    edges: set[int] = set()
    for i, piece in enumerate(fcs):
        width = 1 if piece & 0x40000000 else 2
        first = (piece & 0x3FFFFFFF) // 2 if width == 1 else piece
        end = first + (cps[i + 1] - cps[i]) * width
        edges.update(cps[i] + (f - first) // width for f in starts if first < f < end)
    return sorted(edges)


def _story_segment(text: str, counts: list[int], edges: list[int]) -> Segment:
    """Return the document's text, a soft separator at each run edge, a mark per body paragraph and story."""
    pieces, last = [], 0
    for edge in edges:
        if last < edge < len(text):
            pieces.append(text[last:edge])
            last = edge
    pieces.append(text[last:])
    shifted = [e for e in edges if 0 < e < len(text)]

    def where(cp: int) -> int:
        return cp + bisect.bisect_left(shifted, cp)

    lengths = counts[3:11] + [0] * max(0, 11 - len(counts))
    marks, at, paragraph = [], 0, 1
    for label, length in zip(STORIES, lengths):
        if length <= 0:
            continue
        if label == "#body":
            marks.append((0, "#paragraph-1"))
            end = min(length, len(text))
            cut = text.find("\r", 0, end)
            while cut >= 0 and cut + 1 < end:
                paragraph += 1
                marks.append((where(cut + 1), f"#paragraph-{paragraph}"))
                cut = text.find("\r", cut + 1, end)
        else:
            marks.append((where(at), label))
        at += length
    return Segment(SOFT.join(pieces).translate(_SHOWN), line=None, marks=tuple(marks))


def _strings(table: bytes, pairs: list[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    """Yield (label, text) of every string of the table stream's string tables (STTB, and Xst runs)."""
    for index, label, kind in TABLES:
        if index >= len(pairs) or not pairs[index][1]:
            continue
        fc, lcb = pairs[index]
        block = table[fc : fc + lcb]
        try:
            yield from ((label, s) for s in (_sttb(block) if kind == "sttb" else _xsts(block)))
        except (struct.error, IndexError):
            yield label, strings(block)


def _sttb(block: bytes) -> Iterator[str]:
    wide = block[:2] == b"\xff\xff"
    at = 2 if wide else 0
    count = struct.unpack_from("<H", block, at)[0]
    extra = struct.unpack_from("<H", block, at + 2)[0]
    at += 4
    for _ in range(count):
        if wide:
            size = struct.unpack_from("<H", block, at)[0]
            yield block[at + 2 : at + 2 + 2 * size].decode("utf-16-le", "replace")
            at += 2 + 2 * size + extra
        else:
            size = block[at]
            yield block[at + 1 : at + 1 + size].decode("cp1252", "replace")
            at += 1 + size + extra


def _xsts(block: bytes) -> Iterator[str]:
    at = 0
    while at + 2 <= len(block):
        size = struct.unpack_from("<H", block, at)[0]
        yield block[at + 2 : at + 2 + 2 * size].decode("utf-16-le", "replace")
        at += 2 + 2 * size


def extract(store: Storage, ctx: Context, shortfall: Shortfall) -> Iterator[Item]:
    word = store.read("WordDocument")
    try:
        nfib, flags, counts, pairs = _fib(word)
    except struct.error:
        raise NotExamined("corrupt", "the File Information Block of the document is cut short") from None
    if flags & 0x0100:
        raise NotExamined("encrypted", "the Word document is password-protected")
    if nfib < WORD97 or len(pairs) <= CLX:
        yield Segment(strings(word), where="#text", line=None)
        raise NotExamined("unsupported", "Word 6 and Word 95 documents have no reader here (their printable runs were read)")
    table_name = "1Table" if flags & 0x0200 else "0Table"
    if not store.has(table_name):
        yield Segment(strings(word), where="#text", line=None)
        shortfall.miss()  # the table stream the document names is not in the file
        return
    table = store.read(table_name)
    try:
        cps, fcs = _pieces(table, *pairs[CLX])
    except (struct.error, IndexError):
        raise NotExamined("corrupt", "the piece table of the document is damaged or cut short") from None
    text = _text(word, cps, fcs, shortfall)
    declared = sum(max(c, 0) for c in counts[3:11])
    if len(text) < declared:
        shortfall.miss()  # the stories declare more characters than the pieces hold
    ctx.check_time()
    try:
        edges = _edges(word, table, pairs[CHPX], cps, fcs)
    except struct.error:
        edges = []  # the runs' formatting is damaged; the text is read whole all the same
    yield from views(_story_segment(text, counts, edges))
    tables = labelled((label, s) for label, s in _strings(table, pairs) if s.strip())
    if tables is not None:
        yield tables
