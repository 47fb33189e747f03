"""PowerPoint 97-2003 presentations (.ppt, .pps, .pot): every text atom of every record, wherever it stands.

The "PowerPoint Document" stream is a tree of records (MS-PPT 2.3.1): each container holds
records, and text is in three atoms: TextCharsAtom (UTF-16), TextBytesAtom (the low bytes of
UTF-16) and CString (names, comments, hyperlinks, titles). Walking the whole tree reads the text
of slides, notes, masters, handouts, comments and the outline alike; each is located by the
container it stands in. Embedded objects (ExOleObjStg, zlib-compressed or not) are scanned as
files. The "Current User" stream names who last saved the file and where the last edit is; the
persist directories of the edits say where every slide and object record starts. A record that
runs past its container, or an edit or persist offset that leads to no record, makes the file
incomplete.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member, labelled
from withhold.extract.cfb import Storage
from withhold.extract.shortfall import Shortfall

TEXT_CHARS, TEXT_BYTES, CSTRING, OLE_STORAGE = 0x0FA0, 0x0FA8, 0x0FBA, 0x1011
USER_EDIT, PERSIST_DIRECTORY, VBA_INFO = 0x0FF5, 0x1772, 0x03FF
ENCRYPTED_TOKEN = 0xF3D1C4DF
# Containers that name where a text stands; slides and notes are counted in the order stored.
PLACES = {0x03EE: "#slide", 0x03F0: "#notes", 0x03F8: "#master", 0x0FC9: "#handout", 0x2EE0: "#comment",
          0x0FD7: "#hyperlink", 0x03E8: "#document"}
COUNTED = frozenset({0x03EE})
NOTES, SLIDE_LIST, SLIDE_PERSIST = 0x03F0, 0x0FF0, 0x03F3


class _Walk:
    """The records of the document stream: their texts, embedded objects and top-level offsets."""

    def __init__(self, stream: bytes, ctx: Context) -> None:
        self.stream, self.ctx = stream, ctx
        self.texts: list[tuple[str, str]] = []
        self.objects: list[bytes] = []
        self.starts: set[int] = set()  # offsets of top-level records
        self.edits: dict[int, bytes] = {}  # UserEditAtom and PersistDirectoryAtom bodies by offset
        self.cut = 0
        self.counts = {k: 0 for k in COUNTED}
        self.slide_ids: list[int] = []  # in show order, from the slide list

    def walk(self, at: int, end: int, label: str, top: bool, in_vba: bool = False, slides: bool = False) -> None:
        stream = self.stream
        while at + 8 <= end:
            ver, kind, size = struct.unpack_from("<HHI", stream, at)
            body_at = at + 8
            if body_at + size > end:
                self.cut += 1  # a record that runs past its container or the stream
                return
            if top:
                self.starts.add(at)
            if kind in (USER_EDIT, PERSIST_DIRECTORY):
                self.edits[at] = stream[body_at : body_at + size]
            if ver & 0x0F == 0x0F:
                inner = label
                if kind in PLACES:
                    inner = PLACES[kind]
                    if kind == NOTES and stream[body_at + 2 : body_at + 4] == b"\xf1\x03" and size >= 12:
                        # A NotesAtom names its slide: the notes take the slide's number in show order.
                        slide = struct.unpack_from("<I", stream, body_at + 8)[0]
                        number = self.slide_ids.index(slide) + 1 if slide in self.slide_ids else None
                        inner = f"#notes-{number}" if number else "#notes-master" if not slide else "#notes"
                    elif kind in COUNTED:
                        self.counts[kind] += 1
                        inner = f"{inner}-{self.counts[kind]}"
                self.walk(body_at, body_at + size, inner, False, in_vba or kind == VBA_INFO,
                          kind == SLIDE_LIST and ver >> 4 == 0)
            elif kind == SLIDE_PERSIST and slides and size >= 16:
                self.slide_ids.append(struct.unpack_from("<I", stream, body_at + 12)[0])
            elif kind in (TEXT_CHARS, CSTRING):
                self.texts.append((label, stream[body_at : body_at + size].decode("utf-16-le", "replace")))
            elif kind == TEXT_BYTES:
                self.texts.append((label, stream[body_at : body_at + size].decode("latin-1")))
            elif kind == OLE_STORAGE and not in_vba:
                self.objects.append(self._object(stream[body_at : body_at + size], ver >> 4))
            at = body_at + size
            if len(self.texts) % 4096 == 4095:
                self.ctx.check_time()
        if at != end and top:
            self.cut += 1

    def _object(self, body: bytes, instance: int) -> bytes:
        if instance != 1:
            return body
        limit = self.ctx.settings.max_member_bytes
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(body[4:], limit + 1)
        except zlib.error:
            self.cut += 1
            return b""
        if len(data) > limit:
            raise NotExamined("too large", f"an embedded object is over the limit of {limit} bytes")
        return data


def _current_user(data: bytes, texts: list[tuple[str, str]]) -> int | None:
    """Read the Current User atom: raise when encrypted, keep the user's name, return the last edit's offset."""
    if len(data) < 28:
        return None
    size, token, offset, length = struct.unpack_from("<IIIH", data, 8)
    if token == ENCRYPTED_TOKEN:
        raise NotExamined("encrypted", "the presentation is password-protected")
    texts.append(("#current-user", data[28 : 28 + length].decode("cp1252", "replace")))
    wide_at = 28 + length + 4
    texts.append(("#current-user", data[wide_at : wide_at + 2 * length].decode("utf-16-le", "replace")))
    return int(offset)


def _check_edits(walk: _Walk, offset: int | None) -> int:
    """Return how many edits and persist offsets lead to no record of the stream."""
    if offset is None:
        return 0
    missing, seen = 0, set()
    while offset and offset not in seen:
        seen.add(offset)
        edit = walk.edits.get(offset)
        if edit is None or len(edit) < 16:
            return missing + 1
        last, directory = struct.unpack_from("<II", edit, 8)
        entries = walk.edits.get(directory)
        if entries is None:
            missing += 1
        else:
            at = 0
            while at + 4 <= len(entries):
                count = struct.unpack_from("<I", entries, at)[0] >> 20
                offsets = struct.unpack_from(f"<{min(count, (len(entries) - at - 4) // 4)}I", entries, at + 4)
                missing += sum(1 for o in offsets if o not in walk.starts) + (count - len(offsets))
                at += 4 + 4 * count
        offset = last
    return missing


def extract(store: Storage, ctx: Context, shortfall: Shortfall) -> Iterator[Item]:
    stream = store.read("PowerPoint Document")
    walk = _Walk(stream, ctx)
    offset = _current_user(store.read("Current User"), walk.texts) if store.has("Current User") else None
    try:
        walk.walk(0, len(stream), "#document", True)
    except RecursionError:
        raise NotExamined("too deep", "records nested too deep to read") from None
    shortfall.miss(walk.cut + _check_edits(walk, offset) + (0 if store.has("Current User") else 1))
    texts = labelled((label, text.replace("\r", "\n").replace("\x0b", "\n")) for label, text in walk.texts
                     if text.strip())
    if texts is not None:
        yield texts
    for number, data in enumerate(walk.objects, start=1):
        yield Member(f"object-{number}", data)
