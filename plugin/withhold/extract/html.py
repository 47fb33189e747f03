"""HTML, XHTML and SVG: text as a reader sees it, plus everything a machine can read in the markup.

Text is read from the whole tree, hidden or not (CSS, <noscript>, <template>). Inline elements join
their text the way a browser renders it ("Gar<b>cía</b>"); block elements, table cells and <br>
separate. Because CSS can lay out any inline element as a block (flex rows of <span>s), an
inline boundary between two letters is also tried as a separator: that second view is produced
only where such a boundary exists. Attributes, comments, scripts and styles are scanned as
separate segments, so they never join onto visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from withhold.decode import decode_bytes
from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Segment

# Elements a browser lays out as blocks by default (HTML and SVG): their edges separate words.
BLOCK = frozenset(
    """address article aside blockquote body br caption center col colgroup dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe
    legend li listing main menu nav noframes noscript ol optgroup option p plaintext pre search section select
    summary table tbody td template textarea tfoot th thead title tr ul xmp img input button meter progress video
    audio canvas object embed map area picture source track svg text desc foreignobject metadata""".split()
)
CELL = frozenset({"td", "th"})
RAW_TEXT = frozenset({"script", "style"})
# Marks an inline element boundary. A format character, so normalisation removes it (the reader's
# view joins across it); replaced by a space it gives the block view at the same offsets.
SOFT = "\u2060"
_SOFT_BETWEEN_LETTERS = re.compile(rf"\w{SOFT}+\w")
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


def _parse(text: str) -> etree._Element | None:
    parser = etree.HTMLParser(
        encoding="utf-8", recover=True, no_network=True, remove_comments=False, remove_pis=False,
        remove_blank_text=False, huge_tree=True, default_doctype=False,
    )
    try:
        return etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except etree.XMLSyntaxError:
        return None


class _Builder:
    """Collects text with marks: (offset, locator label) at each element that starts a piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.marks: list[tuple[int, str]] = []

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def mark(self, label: str) -> None:
        if self.marks and self.marks[-1][0] == self.size:
            self.marks[-1] = (self.size, label)
        elif not self.marks or self.marks[-1][1] != label:
            self.marks.append((self.size, label))

    def segment(self) -> Segment | None:
        text = "".join(self.parts)
        return Segment(text, line=None, marks=tuple(self.marks)) if text.strip() else None


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    root = _parse(_decode(data))
    if root is None:
        return
    flow, markup = _Builder(), _Builder()
    for event, el in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = el.tag
        line = f":{el.sourceline}" if el.sourceline else ""
        if event in ("comment", "pi"):  # its own piece; what follows it stays in the flow
            if el.text:
                markup.mark(f"{line} ({event})")
                markup.add(el.text + "\n")
            if el.tail:
                flow.add(el.tail)
            continue
        name = etree.QName(tag).localname.lower() if "}" in tag else tag.lower()
        if event == "start":
            for attr, value in el.attrib.items():
                if value.strip():
                    markup.mark(f"{line} [{etree.QName(attr).localname if '}' in attr else attr}]")
                    markup.add(value + "\n")
            if name in RAW_TEXT:
                if el.text:
                    markup.mark(f"{line} ({name})")
                    markup.add(el.text + "\n")
                continue
            flow.add("\t" if name in CELL else "\n" if name in BLOCK else SOFT)
            flow.mark(line)
            if el.text:
                flow.add(el.text)
        else:
            if name not in RAW_TEXT:
                flow.add("\t" if name in CELL else "\n" if name in BLOCK else SOFT)
            if el.tail:
                flow.add(el.tail)
        ctx.check_time()
    reader = flow.segment()
    if reader is not None:
        yield reader
        if _SOFT_BETWEEN_LETTERS.search(reader.text):
            yield reader._replace(text=reader.text.replace(SOFT, " "))
    rest = markup.segment()
    if rest is not None:
        yield rest
