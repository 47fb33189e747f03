"""HTML, XHTML and SVG: the text as a reader sees it, and everything a machine reads in the markup.

The reader's view is the source with each tag overwritten, same length, by a separator for block
elements (a logical line end; a lighter separator for table cells) and by an invisible joiner for
inline ones, so "Gar<b>cía</b>" reads "García" and "<td>Ana</td><td>Paz</td>" reads "Ana Paz".
Offsets stay those of the source, so every hit has an exact line:column. Scripts, styles,
comments and CDATA keep their text there (JSON-LD, JavaScript strings, notes left in comments);
text hidden by CSS, <noscript> and <template> stays: it is in the file.

CSS can lay out any inline element as a block (a flex row of <span>s), so wherever an inline
boundary falls between two letters, the text around it is also read with a separator there.
Attribute values (alt, title, aria-*, data-*, meta content, value, placeholder, href, src...) are
read as a segment of their own, located in the source only when they hold a hit. Entities and
percent-encoding are decoded by the core around where they stand.

No tree is built: a Python walk of a parsed tree ran at ~8 MB/s; splitting on tags in C and
looking each distinct tag up once runs at ~64 MB/s (bench/README.md). The split fails safe: a
stray "<" in text only makes a little more text look like markup, and a tag's own text is still
read through its attribute values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Segment
from withhold.text.decode import decode_bytes
from withhold.text.spans import LINE_END, NAME_BREAK, windows

# Elements a browser lays out as blocks by default (HTML and SVG): their edges separate words.
BLOCK = frozenset(
    """address article aside blockquote body br caption center col colgroup dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe
    legend li listing main menu nav noframes noscript ol optgroup option p plaintext pre search section select
    summary table tbody td template textarea tfoot th thead title tr ul xmp img input button meter progress video
    audio canvas object embed map area picture source track svg text desc foreignobject metadata meta link base
    g switch script style""".split()
)
CELLS = frozenset({"td", "th"})
# Joins the text on either side of an inline tag. A format character, so normalisation removes it.
SOFT = "\u2060"
CELL_END = "\x1f"  # separates words but, unlike LINE_END, keeps a table row one logical line

# Regions whose insides are text, not markup: only their delimiters are overwritten.
_RAW = re.compile(
    r"(<(?i:script|style|textarea|title|xmp)\b[^>]*>.*?(?:</(?i:script|style|textarea|title|xmp)\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z))",
    re.DOTALL,
)
_RAW_PARTS = re.compile(r"\A(<!--|<!\[CDATA\[|<[^>]*>)(.*?)(</[^>]*>|-->|\]\]>)?\Z", re.DOTALL)
_TAG = re.compile(r"(<[A-Za-z/!?][^>]*>?)")
_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9:_-]*)")
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9:_-]{0,40}(?:[\s/][^<>]{0,1024})?>")
_NOT_NEWLINE = re.compile(r"[^\n]")
_SOFT_RUN = re.compile(f"{SOFT}+")
# Attribute values, quoted either way or bare. Run over the whole source: a match in text or in
# a script only reads something twice.
_VALUES = (re.compile(r'=\s*"([^"]*)"'), re.compile(r"=\s*'([^']*)'"), re.compile(r"=\s*([^\s\"'=<>`]+)"))
_VALUE_SEP = "\x1e"
_CLASS_LIST = re.compile(r"""(\sclass\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)


def _split_classes(match: re.Match[str]) -> str:
    return match.group(1) + re.sub(r"[ \t\r\f]", NAME_BREAK, match.group(2))  # same length, lines kept
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_CACHEABLE = 96  # tags up to this length are remembered: most tags of a site repeat exactly


def _fill(tag: str, char: str) -> str:
    return _NOT_NEWLINE.sub(char, tag) if "\n" in tag else char * len(tag)


class _Fills(dict[str, str]):
    """Tag -> its same-length stand-in, computed once per distinct tag (dict lookups run in C)."""

    def __missing__(self, tag: str) -> str:
        match = _NAME.match(tag)
        name = match.group(1).lower() if match else ""
        char = CELL_END if name in CELLS else LINE_END if name in BLOCK or not match else SOFT
        out = _fill(tag, char)
        if len(tag) <= _CACHEABLE:
            if len(self) > 100_000:
                self.clear()
            self[tag] = out
        return out


# Pure: a function of the tag alone, so sharing it across files and processes is safe.
_FILLS = _Fills()


def _overwrite_markup(part: str) -> str:
    pieces = _TAG.split(part)
    pieces[1::2] = map(_FILLS.__getitem__, pieces[1::2])
    return "".join(pieces)


def _overwrite_raw(region: str) -> str:
    match = _RAW_PARTS.match(region)
    if match is None:  # cannot happen for what _RAW matched; never lose the text if it does
        return region
    opener, inside, closer = match.group(1), match.group(2), match.group(3) or ""
    return _fill(opener, LINE_END) + inside + _fill(closer, LINE_END)


def reader_view(source: str) -> str:
    """Return the text a reader sees, character for character in place of the source."""
    parts = _RAW.split(source)
    parts[0::2] = map(_overwrite_markup, parts[0::2])
    parts[1::2] = map(_overwrite_raw, parts[1::2])
    return "".join(parts)


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


def _line_column(source: str, offset: int) -> tuple[int, int]:
    return source.count("\n", 0, offset) + 1, offset - (source.rfind("\n", 0, offset) + 1) + 1


def _locator(source: str, pattern: re.Pattern[str], text: str) -> Callable[[int], tuple[int, int]]:
    """Return a function from an offset in the joined values of pattern to (line, column) in source."""

    def locate(offset: int) -> tuple[int, int]:
        index = text.count(_VALUE_SEP, 0, offset)
        within = offset - (text.rfind(_VALUE_SEP, 0, offset) + 1)
        for number, match in enumerate(pattern.finditer(source)):
            if number == index:
                return _line_column(source, match.start(1) + within)
        return 1, 1

    return locate


def junctions(text: str) -> list[tuple[int, int]]:
    """Return the spans of inline tag boundaries that fall between two letters or digits."""
    # str.find skips to each joiner in C; a regex over every letter ran at a third of the speed.
    spans = []
    i = text.find(SOFT)
    while i >= 0:
        end = _SOFT_RUN.match(text, i).end()  # type: ignore[union-attr]
        if i > 0 and end < len(text) and text[i - 1].isalnum() and text[end].isalnum():
            spans.append((i, end))
        i = text.find(SOFT, end)
    return spans


def holds_markup(text: str) -> bool:
    """Return True when text (a JSON string, an attribute, a script) holds HTML tags."""
    return "<" in text and _MARKUP.search(text) is not None


def markup_views(segment: Segment) -> Iterator[Segment]:
    """Yield the reader's view of the markup in segment, tags overwritten in place, then its inline joins.

    The views keep the segment's offsets, so a hit in them is located where it stands. What a
    machine reads in the tags (attribute values) stays in the segment's own text.
    """
    reader = segment._replace(text=reader_view(segment.text))
    yield reader
    for start, end in windows(reader.text, junctions(reader.text)):
        yield reader.window(start, end, reader.text[start:end].replace(SOFT, " "))


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    source = _decode(data)
    yield from markup_views(Segment(source))
    ctx.check_time()
    # A class list names classes, one identifier each: no name spans two of them ("fa fa-search").
    source = _CLASS_LIST.sub(_split_classes, source) if "class" in source else source
    for pattern in _VALUES:
        values = pattern.findall(source)
        if values:
            text = _VALUE_SEP.join(values)
            yield Segment(text, line=None, locate=_locator(source, pattern, text))
