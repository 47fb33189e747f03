"""Office 97-2003 and Outlook test files: built by hand after the specifications, or by LibreOffice.

No Python library writes .doc, .ppt or .msg. So these are written stream by stream, following
MS-DOC (File Information Block, piece table in 1Table), MS-PPT (record tree, persist directory,
Current User), MS-OXMSG (property streams, recipient and attachment storages) and MS-OLEPS, into a
compound file written by tests/cfb.py. Where LibreOffice is installed (the Makefile installs it
when root, as it does chromium), the same places are also checked in files LibreOffice writes.
Every person is fictional (tests/people.py).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import cfb
from people import PEOPLE

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE


def propset(values: dict[int, str], codepage: int = 1252) -> bytes:
    """Return a \\x05SummaryInformation stream: the code page, then each id's string (VT_LPSTR)."""
    props = [(1, struct.pack("<HHH2x", 2, 0, codepage))]
    for pid, text in values.items():
        raw = text.encode("utf-16-le" if codepage == 1200 else f"cp{codepage}") + b"\x00"
        props.append((pid, struct.pack("<HHI", 0x1E, 0, len(raw)) + raw.ljust((len(raw) + 3) // 4 * 4, b"\x00")))
    at, table, body = 8 + 8 * len(props), b"", b""
    for pid, value in props:
        table += struct.pack("<II", pid, at + len(body))
        body += value
    section = struct.pack("<II", 8 + len(table) + len(body), len(props)) + table + body
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    return struct.pack("<HHI16sI", 0xFFFE, 0, 0x20A, b"\x00" * 16, 1) + fmtid + struct.pack("<I", 48) + section


# ---- Word 97-2003 -------------------------------------------------------------------------

def doc(stories: dict[str, str] | None = None, wide: str = "", saved_by: str = "", flags: int = 0x0200,
        short: int = 0) -> bytes:
    """A Word 97 document: the body as a CP1252 piece, then `wide` as a UTF-16 piece, then the other
    stories ("footnote", "header", "comment") as a CP1252 piece, and SttbSavedBy in the table stream.

    short declares that many body characters more than the pieces hold.
    """
    stories = stories or {"body": f"Minutes\rCase of {ANA.full}\r"}
    body = stories.get("body", "") + (wide + "\r" if wide else "")
    rest = "".join(stories.get(s, "") for s in ("footnote", "header", "comment"))
    first, second = stories.get("body", "").encode("cp1252"), rest.encode("cp1252")
    utf16, at_text = (wide + "\r").encode("utf-16-le") if wide else b"", 0x800
    pieces = [(0, len(first), (at_text * 2) | 0x40000000)]
    if wide:
        pieces.append((len(first), len(body), at_text + len(first) + len(second)))
    if rest:
        pieces.append((len(body), len(body) + len(rest), ((at_text + len(first)) * 2) | 0x40000000))
    body_len = len(body)
    counts = [0] * 22
    counts[3] = body_len
    counts[4], counts[5], counts[7] = (len(stories.get(s, "")) for s in ("footnote", "header", "comment"))
    counts[3] += short
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    plc = b"".join(struct.pack("<I", c) for c in cps) + b"".join(struct.pack("<HIH", 0, p[2], 0) for p in pieces)
    table = b"\x02" + struct.pack("<I", len(plc)) + plc
    pairs = [(0, 0)] * 93
    pairs[33] = (0, len(table))
    if saved_by:
        names = [saved_by, "C:\\fictional\\memo.doc"]
        sttb = struct.pack("<HHH", 0xFFFF, len(names), 0) + b"".join(
            struct.pack("<H", len(n)) + n.encode("utf-16-le") for n in names)
        pairs[71] = (len(table), len(sttb))
        table += sttb
    fib = struct.pack("<HHHHHHHH", 0xA5EC, 0x00C1, 0, 0x0409, 0, flags, 0x00BF, 0).ljust(32, b"\x00")
    fib += struct.pack("<H", 14) + b"\x00" * 28 + struct.pack("<H", 22) + struct.pack("<22i", *counts)
    fib += struct.pack("<H", 93) + b"".join(struct.pack("<II", *p) for p in pairs) + struct.pack("<H", 0)
    word = fib.ljust(at_text, b"\x00") + first + second + utf16
    streams = {"WordDocument": word, "1Table" if flags & 0x0200 else "0Table": table}
    streams["\x05SummaryInformation"] = propset({2: "Minutes", 4: JEAN.full})
    return cfb.write(streams)


# ---- PowerPoint 97-2003 -------------------------------------------------------------------

def record(kind: int, body: bytes = b"", instance: int = 0) -> bytes:
    return struct.pack("<HHI", instance << 4, kind, len(body)) + body


def container(kind: int, *children: bytes, instance: int = 0) -> bytes:
    body = b"".join(children)
    return struct.pack("<HHI", (instance << 4) | 0xF, kind, len(body)) + body


def _drawing(atom: bytes) -> bytes:
    return container(0x040C, container(0xF002, container(0xF003, container(0xF004, container(0xF00D, atom)))))


def ppt(slide: str = "", notes: str = "", comment: str = "", user: str = "clerk", cut: int = 0,
        persist_offset: int | None = None) -> bytes:
    """A presentation: the slide list's text, one slide's drawing text, its notes and a comment.

    cut drops that many bytes from the end of the document stream; persist_offset points the
    persist directory somewhere else than the slide.
    """
    persist = record(0x03F3, struct.pack("<IIIII", 1, 0, 1, 256, 0))
    slide_list = container(0x0FF0, persist, record(0x0F9F, struct.pack("<I", 0)),
                           record(0x0FA0, "Agenda".encode("utf-16-le")))
    document = container(0x03E8, record(0x03E9, b"\x00" * 40), slide_list)
    one = container(0x03EE, record(0x03EF, b"\x00" * 24), _drawing(record(0x0FA8, slide.encode("latin-1"))),
                    container(0x2EE0, record(0x0FBA, comment.encode("utf-16-le"))))
    page = container(0x03F0, record(0x03F1, struct.pack("<IHH", 256, 0, 0)), _drawing(record(0x0FA0, notes.encode("utf-16-le"))))
    stream = document + one + page
    slide_at = len(document)
    directory = record(0x1772, struct.pack("<III", (2 << 20) | 1, 0, slide_at if persist_offset is None else persist_offset))
    directory_at = len(stream)
    stream += directory
    edit_at = len(stream)
    stream += record(0x0FF5, struct.pack("<IHBBIIIIHH", 256, 0, 0, 3, 0, directory_at, 1, 3, 1, 0))
    name = user.encode("cp1252")
    current = record(0x0FF6, struct.pack("<IIIHHBBH", 0x14, 0xE391C05F, edit_at, len(name), 0x03F4, 3, 0, 0) + name
                     + struct.pack("<I", 8) + user.encode("utf-16-le"))
    streams = {"PowerPoint Document": stream[: len(stream) - cut] if cut else stream, "Current User": current}
    streams["\x05SummaryInformation"] = propset({2: "Deck", 4: OLU.full})
    return cfb.write(streams)


# ---- Outlook ------------------------------------------------------------------------------

def lzfu(rtf: bytes) -> bytes:
    """Compress RTF as MS-OXRTFCP does, with literals only (valid, if not small), and the end reference."""
    out = bytearray()
    for at in range(0, len(rtf), 8):
        chunk = rtf[at : at + 8]
        out += b"\x00" + chunk
    end = (207 + len(rtf)) % 4096
    if len(rtf) % 8 == 0:
        out += b"\x01" + struct.pack(">H", end << 4)
    else:
        control_at = len(out) - (len(rtf) % 8) - 1
        out[control_at] |= 1 << (len(rtf) % 8)
        out += struct.pack(">H", end << 4)
    return struct.pack("<IIII", len(out) + 12, len(rtf), 0x75465A4C, 0) + bytes(out)


def _props(header: bytes, tags: list[tuple[int, int]]) -> bytes:
    return header + b"".join(struct.pack("<IIQ", (pid << 16) | kind, 6, 0) for pid, kind in tags)


def _strings(prefix: str, values: dict[int, str]) -> dict[str, bytes]:
    return {f"{prefix}__substg1.0_{pid:04X}001F": text.encode("utf-16-le") for pid, text in values.items()}


def msg(subject: str = "Case review", body: str = "", recipient: str = "", attachment: bytes = b"",
        rtf: str = "", inner_subject: str = "", drop: str = "", recipients: int | None = None) -> bytes:
    """A message: subject, body, one recipient, a CSV attachment, an RTF body and an attached message.

    drop leaves out the stream of that name (declared all the same); recipients overrides the
    header's recipient count.
    """
    top = {0x0037: subject, 0x0C1A: "Case Clerk"}
    if body:
        top[0x1000] = body
    streams = _strings("", top)
    tags = [(pid, 0x001F) for pid in top]
    if rtf:
        streams["__substg1.0_10090102"] = lzfu(rtf.encode("cp1252"))
        tags.append((0x1009, 0x0102))
    recips = 1 if recipient else 0
    attachments = (1 if attachment else 0) + (1 if inner_subject else 0)
    header = struct.pack("<8xIIII8x", recips, attachments, recips if recipients is None else recipients, attachments)
    streams["__properties_version1.0"] = _props(header, tags)
    if recipient:
        prefix = "__recip_version1.0_#00000000/"
        streams.update(_strings(prefix, {0x3001: recipient, 0x3003: "clerk@example.invalid"}))
        streams[prefix + "__properties_version1.0"] = _props(b"\x00" * 8, [(0x3001, 0x1F), (0x3003, 0x1F)])
    number = 0
    if attachment:
        prefix = f"__attach_version1.0_#{number:08X}/"
        streams.update(_strings(prefix, {0x3707: "list.csv"}))
        streams[prefix + "__substg1.0_37010102"] = attachment
        streams[prefix + "__properties_version1.0"] = _props(b"\x00" * 8, [(0x3707, 0x1F), (0x3701, 0x0102)])
        number += 1
    if inner_subject:
        prefix = f"__attach_version1.0_#{number:08X}/"
        inner = prefix + "__substg1.0_3701000D/"
        streams.update(_strings(inner, {0x0037: inner_subject}))
        streams[inner + "__properties_version1.0"] = _props(b"\x00" * 24, [(0x0037, 0x1F)])
        streams.update(_strings(prefix, {0x3001: "forwarded.msg"}))
        streams[prefix + "__properties_version1.0"] = _props(b"\x00" * 8, [(0x3001, 0x1F), (0x3701, 0x000D)])
    streams.pop(drop, None)
    return cfb.write(streams)


# ---- LibreOffice --------------------------------------------------------------------------

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(sources: dict[str, bytes], target: str, folder: Path) -> dict[str, bytes]:
    """Return each source converted by LibreOffice to the format `target` ("doc", "ppt"), by its name."""
    for name, data in sources.items():
        (folder / name).write_bytes(data)
    subprocess.run([soffice() or "soffice", "--headless", "--convert-to", target, "--outdir", str(folder / "out"),
                    *(str(folder / n) for n in sources)], check=True, capture_output=True, timeout=180,
                   env={"HOME": str(folder), "PATH": "/usr/bin:/bin"})
    return {n: (folder / "out" / (n.rpartition(".")[0] + "." + target)).read_bytes() for n in sources}
