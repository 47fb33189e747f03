"""OLE compound files: Office 97-2003 files, Outlook messages, embedded objects, encrypted Office packages.

Which format an OLE storage holds is read from its streams, never from its name: a workbook
(xls.py), a Word document (doc.py), a presentation (ppt.py), a message (msg.py), a packaged file.
Property sets are read for every storage (propset.py). Storages inside (embedded objects,
attachments) are read the same way, and every stream no reader took is read by its printable
runs, so nothing in the file is passed over. A stream the directory declares but the file does
not hold whole makes the file incomplete, once the rest is read.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator

import olefile

from withhold.errors import NotExamined
from withhold.extract import doc, msg, officeart, ppt, propset, xls
from withhold.extract.base import Context, Item, Member, Segment
from withhold.extract.cfb import Storage
from withhold.extract.printable import strings
from withhold.extract.shortfall import Shortfall

PROPERTY_SETS = ("\x05SummaryInformation", "\x05DocumentSummaryInformation")
Reader = Callable[[Storage, Context, Shortfall], Iterator[Item]]
# The stream that says what a storage holds, and its reader.
KINDS: tuple[tuple[str, Reader], ...] = (
    ("Workbook", xls.extract),
    ("Book", xls.extract),
    ("WordDocument", doc.extract),
    ("PowerPoint Document", ppt.extract),
    ("__properties_version1.0", msg.extract),
)
# Storages with no reader here, by the stream that names them: (stream, what it is).
UNREAD = (
    ("VBA/dir", "VBA macro projects"),
    ("PROJECT", "VBA macro projects"),
)
# olefile's notes on a directory or sector chain it could not follow: part of the file is not there.
_DAMAGE = ("stream", "sector", "FAT", "DirEntry", "MiniStream", "DIFAT", "storage")


def _open(data: bytes) -> olefile.OleFileIO:
    try:
        return olefile.OleFileIO(data)
    except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError, RecursionError):
        raise NotExamined("corrupt", "not a readable OLE compound file (damaged or truncated)") from None


def _reader(store: Storage) -> Reader | None:
    return next((reader for stream, reader in KINDS if store.has(stream)), None)


def _packaged(store: Storage) -> Iterator[Item]:
    """Yield the file an object packages: an Ole10Native stream, or an OOXML or other file stored whole."""
    if store.has("\x01Ole10Native"):
        yield _native(store.read("\x01Ole10Native"))
    for name in ("Package", "CONTENTS"):
        if store.has(name):
            yield Member(name.lower(), store.read(name))


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


def read(store: Storage, ctx: Context, shortfall: Shortfall) -> Iterator[Item]:
    """Yield everything a storage holds: its format, property sets, storages inside, other streams."""
    reader = _reader(store)
    if reader is not None and not store.touched():
        yield from shortfall.guard(reader(store, ctx, shortfall))
    yield from shortfall.guard(_packaged(store))
    for name in PROPERTY_SETS:
        if store.has(name) and store.full(name) not in store.done:
            yield from shortfall.guard(propset.extract(store.read(name)))
    for child in store.children():
        inner = store.sub(child)
        if _reader(inner) is not None and not inner.touched():
            path = "/".join(inner.path)
            label = store.names.get(path, path)
            yield from _within(read(inner, ctx, shortfall), label)
        else:
            yield from read(inner, ctx, shortfall)
        ctx.check_time()
    for name in store.unread():
        yield from shortfall.guard(_runs(store, name, ctx))


def _runs(store: Storage, name: str, ctx: Context) -> Iterator[Item]:
    text = strings(store.read(name))
    if text.strip():
        yield Segment(text, where=f"#{store.full(name)}".replace("\x01", "").replace("\x05", ""), line=None)
    yield from officeart.pictures(store.read(name), store.full(name).replace("\x01", "_"), ctx)  # Pictures, Data


def _within(items: Iterator[Item], label: str) -> Iterator[Item]:
    """Yield the items of an embedded storage, located inside it (file.xls!ObjectPool/_12!Sheet1!A1)."""
    for item in items:
        if isinstance(item, Segment):
            yield item._replace(where=f"!{label}{item.where}")
        elif isinstance(item, Member):
            yield Member(f"{label}/{item.name}", item.data)
        else:
            yield item


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    ole = _open(data)
    root = Storage(ole)
    if root.has("EncryptionInfo") or root.has("EncryptedPackage"):
        raise NotExamined("encrypted", "the Office file is password-protected")
    if not root.streams:
        raise NotExamined("empty", "the OLE file holds no stream")
    if _reader(root) is None and not any(root.has(s) for s in ("\x01Ole10Native", "Package", "CONTENTS")):
        what = next((w for s, w in UNREAD if root.has(s) or any(x.endswith("/" + s) for x in root.streams)), None)
        raise NotExamined("unsupported", f"no reader for {what or 'this kind of OLE file'}")
    shortfall = Shortfall("parts")
    yield from read(root, ctx, shortfall)
    issues = getattr(ole, "parsing_issues", [])
    shortfall.miss(sum(1 for _, message in issues if any(word in str(message) for word in _DAMAGE)))
    shortfall.check()
