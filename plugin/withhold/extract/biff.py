"""The records of an Excel 97-2003 workbook stream (BIFF8): every string it holds, and what it lacks.

xlrd reads the cell grid; this walk reads every record that holds text, whether or not xlrd can
read the workbook: the shared string table (across its CONTINUE records), string cells (LABEL,
RSTRING, formula results), sheet names, defined names, comments (NOTE and the text of TXO),
headers and footers, the name of who saved it, number formats, and by their printable runs data
validations, hyperlinks and external references. It also counts what the stream declares and
lacks: a record cut short, strings the table promises but does not hold, a sheet whose offset
leads to no sheet, a sheet with no end.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import NamedTuple

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item
from withhold.extract.base import labelled as joined
from withhold.extract.printable import strings
from withhold.extract.xlsxview import header_text

BOF, EOF, CONTINUE, FILEPASS, BOUNDSHEET, SST, LABELSST = 0x0809, 0x000A, 0x003C, 0x002F, 0x0085, 0x00FC, 0x00FD
LABEL, RSTRING, STRING, NAME, NOTE, TXO = 0x0204, 0x00D6, 0x0207, 0x0018, 0x001C, 0x01B6
HEADER, FOOTER, WRITEACCESS, FORMAT, CODENAME = 0x0014, 0x0015, 0x005C, 0x041E, 0x01BA
# Records whose text has a layout of its own: read by their printable runs, labelled.
BY_RUNS = {0x01BE: "#data-validation", 0x01B8: "#hyperlink", 0x01AE: "#external-link", 0x0023: "#external-link",
           0x005A: "#external-link", 0x005B: "#file-sharing", 0x01A9: "#user-view", 0x089C: "#header",
           0x00CD: "#pivot-cache", 0x0052: "#data-connection"}
TEXT_RECORDS = frozenset({LABEL, RSTRING, STRING, NAME, NOTE, HEADER, FOOTER, WRITEACCESS, FORMAT, CODENAME,
                          BOUNDSHEET, SST, TXO}) | frozenset(BY_RUNS)
MSODRAWINGGROUP = 0x00EB  # the workbook's pictures, as OfficeArt BLIP records (officeart.py)
KEPT = TEXT_RECORDS | {BOF, EOF, FILEPASS, MSODRAWINGGROUP}  # records the walk keeps; the cell grid's are passed over


class _Record(NamedTuple):
    at: int
    kind: int
    body: bytes
    more: list[bytes]  # the CONTINUE records that follow it


class _Chunks:
    """Bytes across a record and its CONTINUE records; characters restate their width at each edge."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks, self.i, self.at = chunks, 0, 0

    def take(self, count: int) -> bytes:
        out = bytearray()
        while count:
            if self.i < len(self.chunks) and self.at >= len(self.chunks[self.i]):
                self.i, self.at = self.i + 1, 0  # bytes other than characters go on with no flag byte
            if self.i >= len(self.chunks):
                raise EOFError
            part = self.chunks[self.i][self.at : self.at + count]
            out += part
            self.at += len(part)
            count -= len(part)
        return bytes(out)

    def chars(self, count: int, wide: bool) -> str:
        out = []
        while count:
            if self.i >= len(self.chunks):
                raise EOFError
            chunk = self.chunks[self.i]
            if self.at >= len(chunk):  # the characters go on in the next record, which restates their width
                self.i, self.at = self.i + 1, 1
                if self.i >= len(self.chunks) or not self.chunks[self.i]:
                    raise EOFError
                wide = bool(self.chunks[self.i][0] & 1)
                continue
            width = 2 if wide else 1
            n = min(count, (len(chunk) - self.at) // width)
            if n == 0:
                raise EOFError  # half a character at the end of a record
            out.append(chunk[self.at : self.at + n * width].decode("utf-16-le" if wide else "latin-1", "replace"))
            self.at += n * width
            count -= n
        return "".join(out)

    def string(self, count_size: int = 2) -> str:
        """Read an XLUnicodeRichExtendedString (count, flags, runs and phonetics skipped)."""
        chunk = self.chunks[self.i] if self.i < len(self.chunks) else b""
        at = self.at
        if count_size == 2 and at + 3 <= len(chunk):  # the usual case, a string inside one record: at once
            count, flags = struct.unpack_from("<HB", chunk, at)
            head = 3 + (2 if flags & 0x08 else 0) + (4 if flags & 0x04 else 0)
            if at + head <= len(chunk):
                runs = struct.unpack_from("<H", chunk, at + 3)[0] if flags & 0x08 else 0
                extra = struct.unpack_from("<I", chunk, at + 3 + (2 if flags & 0x08 else 0))[0] if flags & 0x04 else 0
                size = count * (2 if flags & 1 else 1)
                if at + head + size + 4 * runs + extra <= len(chunk):
                    self.at = at + head + size + 4 * runs + extra
                    return chunk[at + head : at + head + size].decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        (count,) = struct.unpack("<H" if count_size == 2 else "<B", self.take(count_size))
        flags = self.take(1)[0]
        runs = struct.unpack("<H", self.take(2))[0] if flags & 0x08 else 0
        extra = struct.unpack("<I", self.take(4))[0] if flags & 0x04 else 0
        text = self.chars(count, bool(flags & 1))
        self.take(4 * runs + extra)
        return text


def _string(body: bytes, at: int, count_size: int = 2) -> str:
    try:
        return _Chunks([body[at:]]).string(count_size)
    except (EOFError, struct.error):
        return strings(body[at:])


class Walk:
    """What the records of a workbook stream hold: texts with labels, the string table, what is lacking."""

    def __init__(self, stream: bytes, ctx: Context) -> None:
        self.texts: list[tuple[str, str]] = []  # (label, text) outside the cell grid
        self.cells: list[tuple[str, str]] = []  # string cells, for when xlrd cannot read the grid
        self.shared: list[str] = []
        self.used: set[int] = set()
        self.missing = 0
        self.drawing = bytearray()  # the drawing group across its CONTINUE records
        records = self._records(stream, ctx)
        biff8 = bool(records) and records[0].kind == BOF and records[0].body[:2] == b"\x00\x06"
        if not records or records[0].kind != BOF:
            raise NotExamined("corrupt", "the workbook stream does not start with a BOF record")
        sheets: dict[int, str] = {}
        starts: set[int] = set()
        depth, sheet = 0, ""
        for record in records:
            kind, body = record.kind, record.body
            if kind == FILEPASS:
                raise NotExamined("encrypted", "the workbook is password-protected")
            if kind == BOF:
                starts.add(record.at)
                depth += 1
                sheet = sheets.get(record.at, sheet)
            elif kind == EOF:
                depth -= 1
            elif not biff8:
                if kind in TEXT_RECORDS:
                    self.texts.append(("#record", strings(body)))
            elif kind == BOUNDSHEET and len(body) >= 8:
                name = _string(body, 6, 1)
                sheets[struct.unpack_from("<I", body)[0]] = name
                self.texts.append(("#sheet-name", name))
            elif kind == SST:
                self._sst(record)
            elif kind in (LABEL, RSTRING) and len(body) >= 8:
                row, col = struct.unpack_from("<HH", body)
                self.cells.append((f"!{sheet}!{_cell(row, col)}", _string(body, 6)))
            elif kind == STRING:
                self.cells.append((f"!{sheet}!", _string(body, 0)))
            elif kind == NAME and len(body) >= 15:
                self.texts.append(("#defined-name", _name(body, body[3])))
            elif kind == NOTE and len(body) >= 10:
                self.texts.append(("#comment", _string(body, 8)))
            elif kind == TXO:
                self._txo(record)
            elif kind in (HEADER, FOOTER) and body:
                self.texts.append(("#header" if kind == HEADER else "#footer", header_text(_string(body, 0))))
            elif kind in (WRITEACCESS, CODENAME) and body:
                self.texts.append(("#saved-by" if kind == WRITEACCESS else "#code-name", _string(body, 0).rstrip()))
            elif kind == FORMAT and len(body) > 2:
                self.texts.append(("#number-format", _string(body, 2)))
            elif kind in BY_RUNS:
                self.texts.append((BY_RUNS[kind], strings(b"".join([body, *record.more]))))
            elif kind == MSODRAWINGGROUP:
                self.drawing += b"".join([body, *record.more])
        self.missing += max(depth, 0) + sum(1 for offset in sheets if offset not in starts)

    def _records(self, stream: bytes, ctx: Context) -> list[_Record]:
        records: list[_Record] = []
        at = count = 0
        kept = False
        while at + 4 <= len(stream):
            kind, size = struct.unpack_from("<HH", stream, at)
            if at + 4 + size > len(stream):
                self.missing += 1  # a record cut short: the stream ends inside it
                break
            if kind == CONTINUE:
                if kept:  # a continuation of the record kept last
                    records[-1].more.append(stream[at + 4 : at + 4 + size])
            elif kind in KEPT:
                records.append(_Record(at, kind, stream[at + 4 : at + 4 + size], []))
                kept = True
            else:
                kept = False
                if kind == LABELSST and size >= 10:
                    self.used.add(struct.unpack_from("<I", stream, at + 10)[0])
            at += 4 + size
            count += 1
            if count % 65536 == 0:
                ctx.check_time()
        if stream[at:].strip(b"\x00") and at + 4 > len(stream):
            self.missing += 1
        return records

    def _sst(self, record: _Record) -> None:
        chunks = _Chunks([record.body[8:], *record.more])
        unique = struct.unpack_from("<I", record.body, 4)[0] if len(record.body) >= 8 else 0
        try:
            for _ in range(unique):
                self.shared.append(chunks.string())
        except (EOFError, struct.error):
            self.missing += 1  # the table declares more strings than it holds

    def _txo(self, record: _Record) -> None:
        count = struct.unpack_from("<H", record.body, 10)[0] if len(record.body) >= 12 else 0
        if not count:
            return
        if not record.more:
            self.missing += 1
            return
        try:
            chunks = _Chunks(record.more)
            chunks.i, chunks.at = 0, 1
            self.texts.append(("#comment", chunks.chars(count, bool(record.more[0][0] & 1))))
        except EOFError:
            self.missing += 1

    def items(self, grid_read: bool) -> Iterator[Item]:
        """Yield the texts outside the grid, shared strings no cell shows, and (grid unread) string cells."""
        labelled = list(self.texts)
        for index, text in enumerate(self.shared):
            if not grid_read or index not in self.used:
                labelled.append((f"#shared-string-{index}", text))
        if not grid_read:
            labelled.extend(self.cells)
        segment = joined((label, text) for label, text in labelled if text.strip())
        if segment is not None:
            yield segment


def _name(body: bytes, count: int) -> str:
    """Return a defined name's own name (an XLUnicodeStringNoCch of `count` characters)."""
    wide = bool(body[14] & 1)
    raw = body[15 : 15 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _cell(row: int, col: int) -> str:
    letters, col = "", col + 1
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
