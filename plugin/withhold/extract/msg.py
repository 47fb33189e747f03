"""Outlook messages (.msg, MS-OXMSG): every property of the message, its recipients and attachments.

A message is an OLE storage: each variable-length property is a stream "__substg1.0_IIIITTTT"
(id, type), its recipients and attachments are storages of the same shape, and an attached
message is a storage inside its attachment (read by ole.py as a message of its own). Every string
property is read (subject, body, sender, recipients, headers, file names, and those nobody
listed); the HTML body and attached files are scanned as files; the RTF body, stored compressed
(MS-OXRTFCP), is decompressed and scanned as RTF; other binary properties (entry ids carry
display names) are read by their printable runs. The property streams declare each variable
property, and the header counts recipients and attachments: one declared but absent makes the
message incomplete.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member, labelled
from withhold.extract.cfb import Storage
from withhold.extract.printable import strings
from withhold.extract.shortfall import Shortfall

PROPERTIES = "__properties_version1.0"
LABELS = {0x0037: "#subject", 0x1000: "#body", 0x0C1A: "#sender", 0x0C1F: "#sender", 0x5D01: "#sender",
          0x0042: "#sender", 0x0065: "#sender", 0x0E04: "#to", 0x0E03: "#cc", 0x0E02: "#bcc",
          0x007D: "#headers", 0x0070: "#subject", 0x003D: "#subject", 0x0E1D: "#subject"}
STRING8, STRING, BINARY, OBJECT, MULTIPLE = 0x001E, 0x001F, 0x0102, 0x000D, 0x1000
HTML, RTF, ATTACH_DATA, LONG_NAME, SHORT_NAME, CODEPAGE = 0x1013, 0x1009, 0x3701, 0x3707, 0x3704, 0x3FFD
_PRESET = (b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
           b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
           b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")


def rtf_body(data: bytes, limit: int) -> bytes:
    """Return the RTF of a PidTagRtfCompressed value (LZFu or stored, MS-OXRTFCP 2.1.3.1)."""
    if len(data) < 16:
        raise NotExamined("incomplete", "the message's RTF body is cut short")
    size, raw_size, kind = struct.unpack_from("<III", data)
    if kind == 0x414C454D:  # "MELA": stored as it is
        return data[16 : 16 + raw_size]
    if kind != 0x75465A4C:  # "LZFu"
        raise NotExamined("corrupt", "the message's RTF body is compressed in an unknown way")
    window = bytearray(_PRESET.ljust(4096, b"\x00"))
    out, write, at, end = bytearray(), len(_PRESET), 16, min(len(data), size + 4)
    while at < end:
        control, at = data[at], at + 1
        for bit in range(8):
            if at >= end:
                break
            if not control >> bit & 1:
                out.append(data[at])
                window[write] = data[at]
                write, at = (write + 1) % 4096, at + 1
                continue
            if at + 2 > end:
                raise NotExamined("incomplete", "the message's RTF body is cut short")
            ref = data[at] << 8 | data[at + 1]
            at += 2
            offset, length = ref >> 4, (ref & 0x0F) + 2
            if offset == write:
                return bytes(out)
            for i in range(length):
                byte = window[(offset + i) % 4096]
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
            if len(out) > limit:
                raise NotExamined("bomb", f"the message's RTF body expands past {limit} bytes")
    return bytes(out)


def _declared(props: bytes, header: int) -> list[tuple[int, int]]:
    """Return (id, type) of every property the properties stream lists."""
    out = []
    for at in range(header, len(props) - 15, 16):
        tag = struct.unpack_from("<I", props, at)[0]
        out.append((tag >> 16, tag & 0xFFFF))
    return out


def _codepage(props: bytes, header: int) -> str:
    for at in range(header, len(props) - 15, 16):
        tag, _, value = struct.unpack_from("<III", props, at)
        if tag >> 16 == CODEPAGE and tag & 0xFFFF == 0x0003:
            name = "utf-8" if value == 65001 else f"cp{value}"
            try:
                "".encode(name)
                return name
            except LookupError:
                break
    return "cp1252"


def _object(store: Storage, header: int, label: str, ctx: Context, shortfall: Shortfall,
            texts: list[tuple[str, str]]) -> Iterator[Item]:
    """Read one message, recipient or attachment storage: its strings into texts, its files as members."""
    props = store.read(PROPERTIES)
    codepage = _codepage(props, header)
    for pid, kind in _declared(props, header):
        name = f"__substg1.0_{pid:04X}{kind:04X}"
        if kind == OBJECT:
            if not any(s.startswith(name + "/") for s in store.streams):
                shortfall.miss()
            continue
        if kind in (STRING8, STRING, BINARY) or kind & MULTIPLE and kind & 0xFFF in (STRING8, STRING, BINARY):
            if not store.has(name):
                shortfall.miss()  # a property the message declares, with no stream
    for name in sorted(s for s in store.streams if s.startswith("__substg1.0_") and "/" not in s):
        head = name[12:20]
        try:
            pid, kind = int(head[:4], 16), int(head[4:8], 16)
        except ValueError:
            continue
        if kind & MULTIPLE and "-" not in name:
            continue  # the lengths of a multi-valued property's values, each in a stream of its own
        data, base = store.read(name), kind & 0xFFF
        where = LABELS.get(pid, f"#property-{pid:04X}") if label == "" else label
        if base == STRING:
            texts.append((where, data.decode("utf-16-le", "replace")))
        elif base == STRING8:
            texts.append((where, data.decode(codepage, "replace")))
        elif kind == BINARY and pid == HTML:
            yield Member(f"{label.lstrip('#') or 'message'}-body.html", data)
        elif kind == BINARY and pid == RTF:
            yield Member(f"{label.lstrip('#') or 'message'}-body.rtf", rtf_body(data, ctx.settings.max_member_bytes))
        elif kind == BINARY and pid == ATTACH_DATA:
            yield Member(_filename(store, label), data)
        elif base == BINARY:
            texts.append((where, strings(data)))
        ctx.check_time()


def _filename(store: Storage, label: str) -> str:
    for pid in (LONG_NAME, SHORT_NAME):
        name = f"__substg1.0_{pid:04X}001F"
        if store.has(name):
            found = store.read(name).decode("utf-16-le", "replace").split("\x00", 1)[0].strip()
            if found:
                return found.replace("/", "_").replace("\\", "_").replace("!", "_")
    return label.lstrip("#")


def extract(store: Storage, ctx: Context, shortfall: Shortfall) -> Iterator[Item]:
    top = not store.path
    header = 32 if top else 24
    props = store.read(PROPERTIES)
    if len(props) < header:
        raise NotExamined("corrupt", "the message's property stream is cut short")
    texts: list[tuple[str, str]] = []
    yield from shortfall.guard(_object(store, header, "", ctx, shortfall, texts))
    recipients, attachments = struct.unpack_from("<II", props, 16)
    found = {"recip": 0, "attach": 0}
    for child in store.children():
        for kind in found:
            if child.startswith(f"__{kind}_version1.0_#"):
                found[kind] += 1
                inner = store.sub(child)
                label = f"#{'recipient' if kind == 'recip' else 'attachment'}-{found[kind]}"
                if inner.has(PROPERTIES):
                    yield from shortfall.guard(_object(inner, 8, label, ctx, shortfall, texts))
                    if kind == "attach":
                        inner.names["/".join((*inner.path, "__substg1.0_3701000D"))] = _filename(inner, label)
                else:
                    shortfall.miss()
    shortfall.miss(max(0, recipients - found["recip"]) + max(0, attachments - found["attach"]))
    parts = labelled((where, text.rstrip("\x00")) for where, text in texts if text.strip("\x00 \r\n\t"))
    if parts is not None:
        yield parts
