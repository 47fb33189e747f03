"""OLE compound files: Excel 97-2003 workbooks, embedded objects, and encrypted Office packages.

Which format an OLE file holds is read from its streams, never from its name. Property sets
(title, author, company, custom properties) are read for every kind, by their printable runs.
Kinds with no reader here (Word 97-2003, PowerPoint 97-2003, Outlook .msg, VBA projects) are
reported as not examined rather than half read.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import olefile
import xlrd

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member, Segment
from withhold.extract.printable import strings
from withhold.extract.xlsxview import header_text

PROPERTY_SETS = ("\x05SummaryInformation", "\x05DocumentSummaryInformation")
# Streams that name an OLE kind with no reader here: (stream, what it is).
UNREAD = (
    ("WordDocument", "Word 97-2003 documents"),
    ("PowerPoint Document", "PowerPoint 97-2003 presentations"),
    ("__properties_version1.0", "Outlook messages"),
    ("VBA/dir", "VBA macro projects"),
    ("PROJECT", "VBA macro projects"),
)
# BIFF records outside the cell grid that hold text: headers, footers, names, comment authors.
_HEADER, _FOOTER, _NAME, _NOTE, _TXO, _CONTINUE = 0x14, 0x15, 0x18, 0x1C, 0x1B6, 0x3C


def _open(data: bytes) -> olefile.OleFileIO:
    try:
        return olefile.OleFileIO(data)
    except (OSError, ValueError, struct.error, IndexError):
        raise NotExamined("corrupt", "not a readable OLE compound file (damaged or truncated)") from None


def _stream(ole: olefile.OleFileIO, name: str) -> bytes:
    try:
        return ole.openstream(name).read()
    except (OSError, ValueError, struct.error, IndexError):
        raise NotExamined("corrupt", "a stream of the OLE file is damaged or truncated") from None


def _xls_string(body: bytes) -> str:
    """Return an XLUnicodeString (count, flags, then Latin-1 or UTF-16 characters)."""
    if len(body) < 3:
        return ""
    (count,), wide = struct.unpack_from("<H", body), body[2] & 1
    raw = body[3 : 3 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _records(stream: bytes, ctx: Context) -> Iterator[Item]:
    """Yield the text of the records of a BIFF8 stream that lie outside the cell grid."""
    at, after_txo = 0, False
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4 : at + 4 + size]
        at += 4 + size
        if kind in (_HEADER, _FOOTER) and body:
            yield Segment(header_text(_xls_string(body)), where="#header" if kind == _HEADER else "#footer", line=None)
        elif kind in (_NAME, _NOTE):
            text = strings(body)
            if text.strip():
                yield Segment(text, where="#defined-name" if kind == _NAME else "#comment", line=None)
        elif kind == _CONTINUE and after_txo and body:
            text = body[1:].decode("utf-16-le" if body[0] & 1 else "latin-1", "replace")
            yield Segment(text, where="#comment", line=None)
        after_txo = kind == _TXO or (after_txo and kind == _CONTINUE and not body)
        if at % 65536 < 4 + size:
            ctx.check_time()


def _xls(data: bytes, ole: olefile.OleFileIO, stream: str, ctx: Context) -> Iterator[Item]:
    try:
        book = xlrd.open_workbook(file_contents=data, ragged_rows=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise NotExamined("encrypted", "the workbook is password-protected") from None
        raise NotExamined("corrupt", "not a readable Excel 97-2003 workbook") from None
    for sheet in book.sheets():
        parts, marks, size = [], [], 0
        for r in range(sheet.nrows):
            first = True
            for c, cell in enumerate(sheet.row(r)):
                value = _cell(cell, book.datemode)
                if not value:
                    continue
                piece = value if first else "\t" + value
                marks.append((size + (0 if first else 1), xlrd.cellname(r, c)))
                parts.append(piece)
                size += len(piece)
                first = False
            if not first:
                parts.append("\n")
                size += 1
            ctx.check_time()
        if parts:
            yield Segment("".join(parts), where=f"!{sheet.name}!", line=None, marks=tuple(marks))
    yield from _records(_stream(ole, stream), ctx)


def _cell(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode).date().isoformat()
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return str(int(cell.value))
    return str(cell.value)


def _native(stream: bytes) -> Member:
    """Return the file inside an Ole10Native stream (an object packaged by Windows' Packager)."""
    try:
        at = 6
        label_end = stream.index(b"\x00", at)
        name = stream[at:label_end].decode("latin-1") or "package"
        at = stream.index(b"\x00", label_end + 1) + 1 + 8  # source path, then two unknown words
        at = stream.index(b"\x00", at) + 1  # temporary path
        (size,) = struct.unpack_from("<I", stream, at)
        if at + 4 + size <= len(stream):
            return Member(name.replace("/", "_").replace("\\", "_"), stream[at + 4 : at + 4 + size])
    except (ValueError, struct.error):
        pass
    return Member("native", stream[4:])


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    ole = _open(data)
    streams = {"/".join(path) for path in ole.listdir(streams=True, storages=False)}
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise NotExamined("encrypted", "the Office file is password-protected")
    for name in PROPERTY_SETS:
        if name in streams:
            text = strings(_stream(ole, name))
            if text.strip():
                yield Segment(text, where="#properties", line=None)
    book = next((s for s in ("Workbook", "Book") if s in streams), None)
    if book is not None:
        yield from _xls(data, ole, book, ctx)
    elif "\x01Ole10Native" in streams:
        yield _native(_stream(ole, "\x01Ole10Native"))
    elif "Package" in streams or "CONTENTS" in streams:
        name = "Package" if "Package" in streams else "CONTENTS"
        yield Member(name.lower(), _stream(ole, name))
    else:
        what = next((w for s, w in UNREAD if s in streams or any(x.endswith("/" + s) for x in streams)), None)
        raise NotExamined("unsupported", f"no reader for {what or 'this kind of OLE file'}")
