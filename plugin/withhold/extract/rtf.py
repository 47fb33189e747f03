"""RTF: the text of every group, body or not (properties, comments, notes, headers, hidden and deleted text).

A reader skips groups it does not understand; a scraper does not, so neither does this one. Only
groups that hold binary data are passed over; pictures (\\pict: PNG, JPEG, EMF, WMF, DIB and DDB
bitmaps, Mac PICT; rtfpict.py) and embedded objects (\\objdata) are decoded and scanned as files.
Code pages come from \\ansicpg and each font's \\fcharset.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract import rtfpict
from withhold.extract.base import Context, Item, Member, Segment
from withhold.extract.xmltext import SOFT, views

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.S)
# Groups of hex or binary data: never text.
BINARY = frozenset({b"pict", b"themedata", b"colorschememapping", b"datastore", b"blipuid", b"passwordhash",
                    b"fonttbl_panose", b"panose", b"objclass", b"bkmkstart", b"bkmkend", b"xmlnstbl"})
LABELS = {b"info": "#properties", b"header": "#header", b"headerl": "#header", b"headerr": "#header",
          b"headerf": "#header", b"footer": "#footer", b"footerl": "#footer", b"footerr": "#footer", b"footerf": "#footer"}
COUNTED = {b"annotation": "comment", b"footnote": "footnote"}
BREAKS = {b"par": "\n", b"line": "\n", b"row": "\n", b"sect": "\n", b"page": "\n", b"tab": "\t", b"cell": "\t"}
SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}"}
CHARSETS = {161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
            128: 932, 134: 936, 129: 949, 136: 950}


def _codec(name: str) -> str:
    """Return name if Python knows the code page, else CP1252 (a damaged or unknown \\ansicpg)."""
    try:
        codecs.lookup(name)
        return name
    except LookupError:
        return "cp1252"


class _State:
    __slots__ = ("label", "skip", "uc", "font", "objdata")

    def __init__(self, label: str, skip: bool = False, uc: int = 1, font: int = -1, objdata: bool = False) -> None:
        self.label, self.skip, self.uc, self.font, self.objdata = label, skip, uc, font, objdata

    def copy(self) -> _State:
        return _State(self.label, self.skip, self.uc, self.font, self.objdata)


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise NotExamined("corrupt", "not an RTF document")
    codepage, fonts = "cp1252", dict[int, str]()
    parts: list[str] = []
    marks: list[tuple[int, str]] = []
    size = 0
    state, stack = _State("#body"), []
    counts = {"comment": 0, "footnote": 0, "paragraph": 1}
    pending = bytearray()  # \'hh bytes, decoded together (double-byte code pages)
    objects: list[bytearray] = []
    pictures: dict[int, dict[bytes, int]] = {}  # indexes in objects of \pict groups -> their kind and size words
    skip_fallback = 0
    pos = number = 0

    def emit(text: str) -> None:
        nonlocal size
        if not text or state.skip:
            return
        label = f"#paragraph-{counts['paragraph']}" if state.label == "#body" else state.label
        if not marks or marks[-1][1] != label:
            marks.append((size, label))
        parts.append(text)
        size += len(text)

    def flush() -> None:
        if pending:
            cp = fonts.get(state.font, codepage)
            emit(bytes(pending).decode(cp, "replace"))
            pending.clear()

    while pos < len(data):
        m = _TOKEN.match(data, pos)
        if m is None:  # a lone backslash at the very end
            break
        pos, number = m.end(), number + 1
        word, param, hexbyte, symbol, brace, text = m.groups()
        if hexbyte is not None:
            if skip_fallback:
                skip_fallback -= 1
            elif state.objdata:
                objects[-1] += hexbyte
            else:
                pending.append(int(hexbyte, 16))
            continue
        flush()
        if brace == b"{":
            emit(SOFT)  # a group may split a word ("Gar{\b c}ía") or end a field: both views are read
            stack.append(state)
            state = state.copy()
            state.objdata = False  # a group inside an object or picture holds properties, not its bytes
        elif brace == b"}":
            if not stack:
                continue  # an unmatched brace: what follows is read all the same
            emit("\n" if state.label != stack[-1].label else SOFT)
            state = stack.pop()
        elif word is not None:
            if word == b"ansicpg" and param:
                codepage = _codec(f"cp{int(param)}")
            elif word == b"f" and param:
                state.font = int(param)
            elif word == b"fcharset" and param and int(param) in CHARSETS:
                fonts[state.font] = f"cp{CHARSETS[int(param)]}"
            elif word == b"uc" and param:
                state.uc = max(0, min(int(param), 8))
            elif word == b"u" and param:
                emit(chr(int(param) % 65536))
                skip_fallback = state.uc
                continue
            elif word == b"bin" and param:
                if state.objdata:  # an object's or a picture's bytes, given raw: kept as hex, as the rest
                    objects[-1] += binascii.hexlify(data[pos : pos + max(0, int(param))])
                pos += max(0, int(param))  # raw binary data: never text
            elif word == b"pict":
                state.skip, state.objdata = True, True
                pictures[len(objects)] = {}
                objects.append(bytearray())
            elif state.objdata and word in rtfpict.WORDS and len(objects) - 1 in pictures:
                pictures[len(objects) - 1][word] = int(param or 0)
            elif word in BINARY:
                state.skip = True
            elif word == b"objdata":
                state.skip, state.objdata = True, True
                objects.append(bytearray())
            elif word in LABELS:
                state.label = LABELS[word]
            elif word in COUNTED:
                counts[COUNTED[word]] += 1
                state.label = f"#{COUNTED[word]}-{counts[COUNTED[word]]}"
            elif stack and stack[-1].label == "#properties":
                emit("\n")  # each property (\author, \title) is a field of its own
            elif word in (b"deleted", b"v") and param != b"0":
                state.label = "#deleted-text" if word == b"deleted" else "#hidden-text"
            elif word in BREAKS:
                emit(BREAKS[word])
                if word == b"par" and state.label == "#body":
                    counts["paragraph"] += 1
            skip_fallback = 0
        elif symbol is not None:
            emit(SYMBOLS.get(symbol, "") if symbol != b"*" else "")
            skip_fallback = 0
        elif text is not None:
            if state.objdata:
                objects[-1] += re.sub(rb"[^0-9a-fA-F]", b"", text)  # decoded at the end: a pair may span lines
                continue
            if skip_fallback:
                drop = min(skip_fallback, len(text))
                text, skip_fallback = text[drop:], skip_fallback - drop
            emit(text.decode(fonts.get(state.font, codepage), "replace"))
        if number % 4096 == 0:
            ctx.check_time()
    flush()
    if not "".join(parts).replace(SOFT, "").strip() and not objects:
        raise NotExamined("empty", "the RTF file holds no text")
    if parts:
        yield from views(Segment("".join(parts), line=None, marks=tuple(marks)))
    unread: list[NotExamined] = []
    for index, digits in enumerate(objects, start=1):
        blob = binascii.unhexlify(bytes(digits[: len(digits) // 2 * 2]))
        start = blob.find(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        if index - 1 in pictures:
            try:  # read by its own reader; one with none is not examined
                yield rtfpict.member(f"picture-{index}", bytes(blob), pictures[index - 1])
            except NotExamined as exc:
                unread.append(NotExamined(exc.reason, f"picture-{index}: {exc.detail}"))
        elif start >= 0 or blob:
            yield Member(f"object-{index}", bytes(blob[max(start, 0):]))
    if unread:
        more = f"; and {len(unread) - 3} more" if len(unread) > 3 else ""
        raise NotExamined(unread[0].reason, "; ".join(e.detail for e in unread[:3]) + more)
    if stack:
        raise NotExamined("incomplete", f"the document is cut short: {len(stack)} groups are never closed")
