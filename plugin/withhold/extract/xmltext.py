"""Text of any XML part: every text node, comment and attribute value, with a label for each piece.

Office formats hide text in many places (deleted runs, cached chart values, pivot items held in
attributes, properties). Rather than list the places, this walker reads them all: each part is
parsed with a parser that fetches nothing and expands no entity, streamed chunk by chunk so a
large part never lives whole in memory, and every element edge is a separator. Paragraph-like
elements separate with a line break and cells with a tab; any other edge is the soft separator of
html.py, so "Gar<r>cía</r>" reads as one word while "<a>Ana</a><b>Paz</b>" is also tried apart.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from typing import IO, NamedTuple

from lxml import etree

from withhold.errors import NotExamined
from withhold.extract.base import Context, Segment
from withhold.memo import Memo

SOFT = "\u2060"  # a format character: normalisation drops it, so text joins across it
_SOFT_BETWEEN_LETTERS = re.compile(rf"\w{SOFT}+\w")
SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
# Machine-made ids and revision stamps: never text a person wrote, and 8-digit ones look like
# A-numbers to the matcher.
NOISE_ATTRIBUTES = frozenset({"rsid", "rsidR", "rsidRPr", "rsidRDefault", "rsidP", "rsidDel", "rsidSect",
                              "rsidTr", "paraId", "textId", "durableId", "uri", "id", "space", "val"})
# Elements whose text is one flow cut into runs ("Gar<r>cía</r>"): inside them an element edge
# is soft. Anywhere else, two elements are two fields (a document's author and its editor).
PARAGRAPHS = frozenset({"p", "h", "si", "is", "text"})
# Paragraph-like edges (line break) and cell edges (tab), by local name across OOXML, ODF, XMP.
BLOCKS = frozenset({"p", "h", "tr", "br", "cr", "tbl", "txbxContent", "row", "si", "comment", "li", "line-break",
                    "table-row", "list-item", "note", "annotation", "title", "desc", "pt", "author", "table"})
CELLS = frozenset({"tc", "tab", "c", "table-cell", "covered-table-cell", "s"})
# Elements streamed one at a time: each is read and then dropped from the tree.
CHUNK_NAMES = frozenset({"p", "h", "row", "si", "comment", "pt", "table-row"})
# Between two attribute values: a line break and a letter token, so that separate values never
# read as one number ("1" "2" ... "8" as 12345678) nor as one name.
FIELD_BREAK = "\n\u02bc\n"
FLUSH_AT = 1 << 20  # characters held before a segment is handed on
_DONE = f"{{urn:withhold:{secrets.token_hex(8)}}}done"  # unguessable, so a document cannot forge it

def _tag(tag: str) -> tuple[str, str, bool]:
    """Return a tag's local name, the separator its edges make, and whether it is paragraph-like."""
    name = tag.rpartition("}")[2]
    return name, "\n" if name in BLOCKS else "\t" if name in CELLS else "", name in PARAGRAPHS


# Pure function of a tag: shared across files, bounded (a hostile part can make tags without end;
# a long `mkdocs serve` must not grow it).
_NAMES: Memo[str, tuple[str, str, bool]] = Memo(_tag)

Labeler = Callable[[str, "etree._Element", str], "str | None"]


def local(tag: object) -> str:
    """Return the local name of an lxml tag ("" for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


class Rules(NamedTuple):
    """How to label the text of one kind of part.

    label(name, element, enclosing label): gives a locator label for the text inside an element,
    or None to keep the enclosing one. chunks: local names of labelled elements that hold paragraphs (a comment, a footnote):
    they are streamed whole, so their label is known before their text is read.
    """

    base: str
    label: Labeler | None = None
    chunks: frozenset[str] = frozenset()
    labelled: frozenset[str] | None = None  # the names label() gives labels to (None: any)


def views(segment: Segment) -> Iterator[Segment]:
    """Yield a segment, then, if a soft separator stands between two letters, its spaced view."""
    yield segment
    if _SOFT_BETWEEN_LETTERS.search(segment.text):
        yield segment._replace(text=segment.text.replace(SOFT, " "))


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.marks: list[tuple[int, str]] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def mark(self, label: str) -> None:
        if self.marks and self.marks[-1][0] == self.size:
            self.marks[-1] = (self.size, label)
        elif not self.marks or self.marks[-1][1] != label:
            self.marks.append((self.size, label))

    def take(self) -> Iterator[Segment]:
        """Yield what was collected as a segment (and its spaced view), then start afresh."""
        text = "".join(self.parts)
        marks = tuple(self.marks)
        self.parts, self.size, self.marks = [], 0, ([(0, marks[-1][1])] if marks else [])
        if text.strip(SOFT + " \t\n"):
            yield from views(Segment(text, line=None, marks=marks))


class _Walk:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.flow = _Builder()
        self.attrs = _Builder()

    def element(self, el: etree._Element, inherited: str) -> None:
        """Add the text of el's subtree (not its tail) to the builders, in document order."""
        # The hot loop of every office format: names are looked up once per tag, and the label
        # function is called only for the names it labels.
        stack: list[str] = [inherited]
        label_of, labelled = self.rules.label, self.rules.labelled
        flow, attrs, names = self.flow, self.attrs, _NAMES
        inline = 1 if _in_paragraph(el) else 0  # open paragraph-like elements
        for event, node in etree.iterwalk(el, events=("start", "end", "comment", "pi")):
            tag = node.tag
            if not isinstance(tag, str):
                if node.text and node.text.strip():
                    attrs.mark(stack[-1] + " (comment)")
                    attrs.add(node.text + FIELD_BREAK)
                if node is not el:
                    flow.add(node.tail)
                continue
            name, sep, paragraph = names[tag]
            if event == "start":
                inline += paragraph
                label = None
                if label_of is not None and (labelled is None or name in labelled) and node.get(_DONE) is None:
                    label = label_of(name, node, stack[-1])
                top = label or stack[-1]
                stack.append(top)
                flow.add(sep or (SOFT if inline else "\n"))
                if flow.marks and flow.marks[-1][1] != top or not flow.marks:
                    flow.mark(top)
                if node.text:
                    flow.add(node.text)
                if len(node.attrib):
                    for key, value in node.attrib.items():
                        attr = key.rpartition("}")[2]
                        if attr not in NOISE_ATTRIBUTES and key != _DONE and value.strip():
                            attrs.mark(f"{top}[{attr}]")
                            attrs.add(value + FIELD_BREAK)
            else:
                stack.pop()
                flow.add(sep or (SOFT if inline else "\n"))
                inline -= paragraph
                if node is not el and node.tail:
                    flow.add(node.tail)


def read_xml(
    source: IO[bytes],
    ctx: Context,
    rules: Rules,
    handlers: dict[str, Callable[[etree._Element], Iterator[Segment]]] | None = None,
    recover: bool = False,
) -> Iterator[Segment]:
    """Yield the text of one XML part as labelled segments; attribute values come in their own segments.

    handlers: local names of elements the caller reads itself (a spreadsheet row), streamed too.
    recover: read past malformed markup (legacy VML, which Office writes loosely).
    """
    walk = _Walk(rules)
    handlers = handlers or {}
    names = {*CHUNK_NAMES, *rules.chunks, *handlers}
    parser = etree.iterparse(source, events=("end",), tag=[f"{{*}}{n}" for n in names], recover=recover, **SAFE)
    try:
        for _, el in parser:
            parent = el.getparent()
            if parent is None or _inside_chunk(parent, names):
                continue  # the root, or a chunk nested in one still open: read with it, in order
            previous = el.getprevious()
            if previous is not None and previous.get(_DONE) is not None:
                walk.flow.add(previous.tail)  # the text between two chunks; then drop the first
                parent.remove(previous)
            name = local(el.tag)
            if name in handlers:
                yield from handlers[name](el)
            else:
                walk.element(el, _label_above(parent, rules))
            el.clear(keep_tail=True)
            el.set(_DONE, "")
            if walk.flow.size > FLUSH_AT:
                yield from walk.flow.take()
            ctx.check_time()
        root = parser.root
    except etree.XMLSyntaxError:
        raise NotExamined("corrupt", "malformed XML in the document") from None
    if root is not None:
        walk.element(root, rules.base)
    yield from walk.flow.take()
    yield from walk.attrs.take()


def _in_paragraph(el: etree._Element) -> bool:
    return any(local(node.tag) in PARAGRAPHS for node in el.iterancestors())


def _inside_chunk(node: etree._Element, names: set[str]) -> bool:
    return any(local(n.tag) in names for n in (node, *node.iterancestors()))


def _label_above(parent: etree._Element, rules: Rules) -> str:
    """Return the label the ancestors of a chunk give its text (none of them is a chunk)."""
    if rules.label is None:
        return rules.base
    for node in (parent, *parent.iterancestors()):
        label = rules.label(local(node.tag), node, rules.base)
        if label:
            return label
    return rules.base
