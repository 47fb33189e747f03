"""A quick reading of an XML part: every word of its text, comments and attribute values, split in C.

The precise walk (xmltext.py) does Python work for each element and runs at about 5 MB/s of XML.
Most parts of most files hold no protected identifier, and for them the only question is whether
they hold one. This reading answers it at 30-130 MB/s, the way html.py reads pages: no tree; the
part is split on tags by one regular expression and each distinct tag name is looked up once for
its stand-in, the precise walk's own separator (a line break for paragraph-like elements, a tab
for cells, inside a paragraph the soft joiner, outside one a line break); attribute values and
comments are gathered by findall. The core scans it as a Probe and walks the part precisely only
when it finds a hit, so every locator stays exactly what it was.

A part is read this way only when the reading is certain to hold every word of the precise one:
well-formed (libxml2 checks it with the walk's own safe options, building no tree), UTF-8, no
CDATA or DOCTYPE, no ">" inside an attribute value, and under QUICK_MAX. Any other part is
walked precisely, as before. Entities are decoded as the parser decodes them, so the core decodes
the quick reading around its escapes exactly as it decodes the walk's text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from withhold.extract.base import Context, Item, Probe
from withhold.extract.xmltext import BLOCKS, CELLS, PARAGRAPHS, SAFE, SOFT
from withhold.memo import Memo
from withhold.text.spans import word_start

QUICK_MAX = 64 << 20  # bytes of XML; a larger part is walked precisely, streamed
FEED = 1 << 20
BLOCK = 1 << 22  # characters of markup split at a time
PROBE_MAX = 1 << 22  # characters of a quick reading the core scans at a time
CARRY = 4096  # characters of one window repeated at the start of the next, so no name is cut
# Between fields (attribute values, comments) and views: a line break and a letter token, so a
# name across two fields is not taken for one (it would only cost a needless precise walk). ASCII,
# so that normalisation takes its fast path (the walk's FIELD_BREAK is not).
BREAK = "\nqxq\n"
# Tag names: one group, for parts with no paragraph; three (end, name, empty) for the others.
_NAME = re.compile(r"</?([^\s/>]+)[^>]*>")
_TAG = re.compile(r"<(/?)([^\s/>]+)[^>/]*+(?:/(?!>)[^>/]*+)*+(/?)>")
_AFTER_GT = re.compile(">")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_PI = re.compile(r"<\?(.*?)\?>", re.DOTALL)
# Every attribute value, machine ids included (the walk leaves those out; reading them here only
# risks a needless walk, and leaving them out by name costs a pass at a third of the speed).
_DOUBLE_QUOTED = re.compile(r'=\s*"([^"<]*)"')
_SINGLE_QUOTED = re.compile(r"=\s*'([^'<]*)'")
_GT_IN_VALUE = re.compile(r"""=\s*(?:"[^"<]*>|'[^'<]*>)""")
_DECLARED = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_SOFT_BETWEEN_LETTERS = re.compile(rf"\w{SOFT}+\w")


def _kind(name: str) -> tuple[str, int]:
    """Return a qualified tag name's separator (or "") and 1 if it is paragraph-like."""
    local = name.rpartition(":")[2]
    return ("\n" if local in BLOCKS else "\t" if local in CELLS else "", 1 if local in PARAGRAPHS else 0)


# Pure functions of a tag name: sharing them across files and processes is safe; bounded, since a
# hostile part can make names without end.
_KINDS: Memo[str, tuple[str, int]] = Memo(_kind)
_OUTSIDE: Memo[str, str] = Memo(lambda name: _KINDS[name][0] or "\n")  # where no paragraph is open


def well_formed(data: bytes) -> bool:
    """Return True when libxml2, with the precise walk's options, parses data without error."""
    parser = etree.XMLParser(target=_Null(), **SAFE)
    try:
        for start in range(0, len(data), FEED):  # in pieces, as the walk's parser is fed: one whole
            parser.feed(data[start : start + FEED])  # feed over 10 MB trips libxml2's buffer limit
        parser.close()
    except etree.XMLSyntaxError:
        return False
    return True


class _Null:
    """A parser target that keeps nothing: libxml2 checks the markup and no tree is built."""

    def close(self) -> None:
        return None


def source(data: bytes) -> str | None:
    """Return a part's text for the quick reading, or None when only the precise walk may read it."""
    if len(data) > QUICK_MAX:
        return None
    declared = _DECLARED.match(data)
    if declared and declared.group(1).lower().replace(b"-", b"") not in (b"utf8", b"usascii", b"ascii"):
        return None
    try:
        text = data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        return None
    if "<![CDATA[" in text or "<!DOCTYPE" in text or "<!ENTITY" in text or _GT_IN_VALUE.search(text):
        return None
    if not well_formed(data):
        return None  # the precise walk reports it as corrupt
    return text


def blocks(text: str, end: re.Pattern[str]) -> Iterator[str]:
    """Yield text in consecutive pieces of about BLOCK characters, each ending where end matches."""
    start = 0
    while start < len(text):
        found = end.search(text, start + BLOCK) if len(text) - start > BLOCK else None
        stop = found.end() if found else len(text)
        yield text[start:stop]
        start = stop


def flow(text: str) -> str:
    """Return the text of markup (no comments or processing instructions), its tags as the walk separates them.

    A piece of markup at a time (cut after a ">", so never inside a tag), so that a large part is
    never split whole into a list of millions of pieces.
    """
    out = []
    inline = 0  # paragraphs open at the start of the piece
    for piece in blocks(text, _AFTER_GT):
        pieces = _NAME.split(piece)
        if not inline and not any(_KINDS[name][1] for name in set(pieces[1::2])):
            pieces[1::2] = map(_OUTSIDE.__getitem__, pieces[1::2])  # no paragraph: every edge separates, in C
        else:
            pieces, inline = _inside(piece, inline)
        out.append("".join(pieces))
    return "".join(out)


def _inside(piece: str, inline: int) -> tuple[list[str], int]:
    """Return the pieces of markup with paragraphs, tags replaced by their stand-ins, and the paragraphs left open."""
    pieces = _TAG.split(piece)
    kinds = _KINDS
    for i in range(2, len(pieces), 4):
        sep, paragraph = kinds[pieces[i]]
        if pieces[i - 1]:  # an end tag: its stand-in, then the paragraph closes
            pieces[i] = sep or (SOFT if inline else "\n")
            inline -= paragraph
        else:
            inline += paragraph
            pieces[i] = sep or (SOFT if inline else "\n")  # for <empty/>, its start and its end alike
            if pieces[i + 1]:
                inline -= paragraph
    count = len(pieces) // 4
    pieces[1::4] = [""] * count
    pieces[3::4] = [""] * count
    return pieces, inline


def values(text: str) -> list[str]:
    """Return every attribute value of markup."""
    found: list[str] = _DOUBLE_QUOTED.findall(text)
    if "'" in text:
        found += _SINGLE_QUOTED.findall(text)
    return found


def view(text: str) -> str:
    """Return the quick reading of a part's text: its flow, the flow spaced at soft edges, then
    comments, processing instructions and attribute values, one field each."""
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :]  # the declaration is no processing instruction
    fields = []
    if "<!--" in text or "<?" in text:
        fields = [*_COMMENT.findall(text), *_PI.findall(text)]
        text = _PI.sub("", _COMMENT.sub("", text))
    fields += values(text)
    words = flow(text)
    views = [words]
    if _SOFT_BETWEEN_LETTERS.search(words):
        views.append(words.replace(SOFT, " "))
    views += fields
    return unescape(BREAK.join(views))


def unescape(text: str) -> str:
    """Return text with character and entity references decoded, as the parser decodes them."""
    return html.unescape(text) if "&" in text else text


def probe(text: str | None, precise: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """Yield Probes of the quick reading text, or the precise items when there is none.

    A long reading comes in overlapping windows
    of PROBE_MAX characters, so the core's copies of it stay small; the first window with a hit
    has the part walked, and no window is scanned after it.
    """
    if text is None:
        yield from precise()
        return
    walked = False

    def once() -> Iterator[Item]:
        nonlocal walked
        walked = True
        yield from precise()

    for window in windows(text):
        if walked:
            return
        yield Probe(window, once)


def windows(text: str) -> Iterator[str]:
    """Yield text in windows of PROBE_MAX characters, each repeating the last CARRY or more of the one before.

    A window never starts inside a word, so the tail of a word cannot pose as a whole one.
    """
    start = 0
    while True:
        stop = min(len(text), start + PROBE_MAX)
        yield text[start:stop]
        if stop == len(text):
            return
        floor = start + 1  # every window starts after the one before: the loop ends
        start = word_start(text, max(stop - CARRY, floor), floor)


def reading(data: bytes) -> str | None:
    """Return the quick reading of an XML part, or None when only the precise walk may read it."""
    text = source(data)
    return None if text is None else view(text)


def quick(read: Callable[[], bytes], precise: Callable[[], Iterable[Item]], ctx: Context) -> Iterator[Item]:
    """Yield the quick reading of the XML part read() gives, as a Probe of its precise items (or those items).

    Only the precise items when ctx.quick is off (the tests hold both readings to each other).
    """
    yield from probe(reading(read()) if ctx.quick else None, precise)
