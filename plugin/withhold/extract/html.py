"""HTML, XHTML and SVG: everything a machine can read in the markup, and the text as a reader sees it.

Two views of the same characters, so every hit has an exact line:column in the source:

- the source itself: every attribute (alt, title, aria-*, data-*, meta content, href and src...),
  comment, script, style and CDATA section, and all text not split by a tag;
- the reader's view: the source with each tag overwritten, same length, by a separator for block
  elements and by an invisible joiner for inline ones, so "Gar<b>cía</b>" reads "García" and
  "<td>Ana</td><td>Paz</td>" reads "Ana Paz" (blocks end a logical line, cells do not). Scripts, styles and comments are blanked there.
  Text hidden by CSS, <noscript> and <template> stays: it is in the file.

CSS can lay out any inline element as a block (a flex row of <span>s), so wherever an inline
boundary falls between two letters, the text around it is also read with the boundary as a
separator. Entities are decoded by the core around where they stand.

No tree is built: regular expressions over the source run in C, where a Python walk of a parsed
tree ran at a tenth of the speed (bench/README.md). Their errors fail safe: whatever they take
for a tag is still read in the source view.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from withhold.decode import decode_bytes
from withhold.errors import NotExamined
from withhold.extract.base import LINE_END, Context, Item, Segment, windows

# Elements a browser lays out as blocks by default (HTML and SVG): their edges separate words.
BLOCK = frozenset(
    """address article aside blockquote body br caption center col colgroup dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe
    legend li listing main menu nav noframes noscript ol optgroup option p plaintext pre search section select
    summary table tbody td template textarea tfoot th thead title tr ul xmp img input button meter progress video
    audio canvas object embed map area picture source track svg text desc foreignobject metadata meta link base
    g switch""".split()
)
CELLS = frozenset({"td", "th"})
# Joins the text on either side of an inline tag. A format character, so normalisation removes it.
SOFT = "\u2060"
# Separators that also end a logical line for corroboration (a block) or do not (a table cell):
# a birth date in the same row of a table corroborates a name, one in the next paragraph does not.
BLOCK_END = LINE_END
CELL_END = "\x1f"
_MARKUP = re.compile(
    r"<(?:"
    r"(?P<raw>(?i:script|style))\b[^>]*>.*?(?:</(?P=raw)\s*>|\Z)"  # raw text: blanked whole
    r"|!--.*?(?:-->|\Z)"  # comment
    r"|!\[CDATA\[|/?(?P<name>[A-Za-z][A-Za-z0-9:_-]*)[^>]*>?"  # CDATA opener, start or end tag
    r"|[!?][^>]*>?"  # doctype, processing instruction
    r")|\]\]>",
    re.DOTALL,
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_JUNCTION = re.compile(rf"[^\W_]{SOFT}+[^\W_]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _decode(data: bytes) -> str:
    match = _META_CHARSET.search(data[:2048])
    if match and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(match.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    text = decode_bytes(data)
    if text is None:
        raise NotExamined("unsupported", "binary content in a file named as HTML")
    return text


def _overwrite(match: re.Match[str]) -> str:
    """Return a same-length stand-in for a piece of markup, keeping its line breaks."""
    piece = match.group()
    name = match.group("name")
    if piece.startswith("<![CDATA[") or piece == "]]>":
        fill = SOFT  # the section's text is text
    elif name is None or match.group("raw") is not None:
        fill = " "
    elif (lowered := name.lower()) in CELLS:
        fill = CELL_END
    elif lowered in BLOCK:
        fill = BLOCK_END
    else:
        fill = SOFT
    if "\n" in piece:
        return _NOT_NEWLINE.sub(fill, piece)
    return fill * len(piece)


def reader_view(source: str) -> str:
    """Return the text a reader sees, character for character in place of the source."""
    return _MARKUP.sub(_overwrite, source)


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    source = _decode(data)
    yield Segment(source)
    ctx.check_time()
    reader = Segment(reader_view(source))
    yield reader
    junctions = [m.span() for m in _JUNCTION.finditer(reader.text)]
    for start, end in windows(reader.text, junctions):
        yield reader.window(start, end, reader.text[start:end].replace(SOFT, " "))
