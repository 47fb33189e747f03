"""OpenDocument packages (.odt .ods .odp and the rest): every XML part read, other parts as embedded files.

As for OOXML, the rule is general (every text node and attribute of every part, so hidden sheets,
hidden sections, tracked deletions and metadata are all read); only the locators are specific:
cells as Sheet!B7, paragraphs, comments (office:annotation), notes, slides and speaker notes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from lxml import etree

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member, Segment
from withhold.extract.package import Package
from withhold.extract.shortfall import DOCUMENT_SUFFIXES, Shortfall, missing
from withhold.extract.xlsx import BATCH, _ref
from withhold.extract.xmltext import SAFE, Rules, local, read_xml
from withhold.extract.xmlview import QUICK_MAX, probe, reading

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MANIFEST = "META-INF/manifest.xml"
MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
# LibreOffice's cache of line breaks: binary, holds no text. Reading it as an unknown file would
# fail every document LibreOffice saves.
INERT = frozenset({"layout-cache"})
SPACES_MAX = 1 << 10  # spaces written for one <text:s text:c="N">
_VALUES = ("string-value", "value", "date-value", "time-value", "boolean-value")


def _text(el: etree._Element) -> str:
    """Return the text of an element as shown: spaces and tabs from their elements, notes left out."""
    out = [el.text or ""]
    for child in el:
        name = local(child.tag)
        if name == "s":
            count = child.get(f"{{{TEXT}}}c") or "1"  # spaces: bounded, since any run of them reads as one
            out.append(" " * min(int(count), SPACES_MAX) if count.isdecimal() else " ")
        elif name in ("tab", "line-break"):
            out.append("\t" if name == "tab" else " ")
        elif name not in ("annotation", "note"):
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _paragraphs(cell: etree._Element) -> list[etree._Element]:
    """Return a cell's outermost paragraphs, wherever they stand (in a list, a section, a frame),
    leaving out those of annotations and notes, which are read as comments."""
    out = []
    for el in cell.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
        node = el.getparent()
        while node is not None and node is not cell and local(node.tag) not in ("p", "h", "annotation", "note"):
            node = node.getparent()
        if node is cell:
            out.append(el)
    return out


class _Table:
    """Reads spreadsheet rows into tab-separated lines with a Sheet!B7 mark per cell."""

    def __init__(self) -> None:
        self.name = ""
        self.row = 0
        self.parts: list[str] = []
        self.marks: list[tuple[int, str]] = []
        self.size = 0
        self.comments: list[tuple[str, str]] = []

    def read_row(self, row: etree._Element) -> Iterator[Segment]:
        table = next(row.iterancestors(f"{{{TABLE}}}table"), None)
        name = table.get(f"{{{TABLE}}}name", "?") if table is not None else "?"
        if name != self.name:
            yield from self.flush()
            self.name, self.row = name, 0
        self.row += 1
        col, first = 0, True
        for cell in row:
            if local(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            col += 1
            ref = _ref(col, self.row)
            value = " ".join(_text(p) for p in _paragraphs(cell)).replace("\n", " ")
            if not value.strip():
                value = next((v for k, v in cell.attrib.items() if local(k) in _VALUES), "")
            for note in cell.iter("{*}annotation"):
                self.comments.append((ref, " ".join(_text(p) for p in note.iter("{*}p", "{*}creator"))))
            if value.strip():
                self.parts.append(value if first else "\t" + value)
                self.marks.append((self.size + (0 if first else 1), ref))
                self.size += len(self.parts[-1])
                first = False
            repeat = cell.get(f"{{{TABLE}}}number-columns-repeated", "1")
            col += min(int(repeat), 1 << 20) - 1 if repeat.isdecimal() else 0
        if not first:
            self.parts.append("\n")
            self.size += 1
        repeat = row.get(f"{{{TABLE}}}number-rows-repeated", "1")
        self.row += min(int(repeat), 1 << 24) - 1 if repeat.isdecimal() else 0
        if self.size > BATCH:
            yield from self.flush()

    def flush(self) -> Iterator[Segment]:
        if self.parts:
            yield Segment("".join(self.parts), where=f"!{self.name}!", line=None, marks=tuple(self.marks))
        for ref, comment in self.comments:
            yield Segment(comment, where=f"#comment!{self.name}!{ref}", line=None)
        self.parts, self.marks, self.size, self.comments = [], [], 0, []


def _rules(part: str) -> Rules:
    count = {"paragraph": 0, "comment": 0, "slide": 0}

    def label(name: str, el: etree._Element, enclosing: str) -> str | None:
        if name in ("p", "h") and enclosing.startswith(("#paragraph", "#body")) and part.endswith("content.xml"):
            count["paragraph"] += 1
            return f"#paragraph-{count['paragraph']}"
        if name == "annotation":
            count["comment"] += 1
            return f"#comment-{count['comment']}"
        if name == "deletion":
            return "#deleted-text"
        if name == "note":
            return f"#{el.get(f'{{{TEXT}}}note-class', 'footnote')}"
        if name in ("hidden-text", "hidden-paragraph") or (name == "section" and el.get(f"{{{TEXT}}}display") == "none"):
            return "#hidden-text"
        if name == "text-box" and enclosing.startswith(("#paragraph", "#body")):
            return "#text-box"  # in a text document; on a slide every text is in a box
        if name == "page":
            count["slide"] += 1
            return f"#slide-{count['slide']}"
        if name == "notes" and enclosing.startswith("#slide-"):
            return "#notes-" + enclosing[len("#slide-"):]
        return None

    base = "#body" if part.endswith("content.xml") else f"#{part}"
    names = frozenset({"p", "h", "annotation", "deletion", "note", "hidden-text", "hidden-paragraph", "section",
                       "text-box", "page", "notes"})
    return Rules(base, label, frozenset({"page"}), names)


def _read_part(pkg: Package, name: str, ctx: Context) -> Iterator[Item]:
    """Yield the precise reading of one XML part: spreadsheet rows lined up, everything else walked."""
    table = _Table()
    yield from read_xml(pkg.open(name), ctx, _rules(name), handlers={"table-row": table.read_row})
    yield from table.flush()


def extract(pkg: Package, ctx: Context) -> Iterator[Item]:
    """Yield every part; a file the manifest lists but the package lacks fails the file once the rest is read."""
    manifest = pkg.read(MANIFEST) if MANIFEST in pkg.infos else b""
    if b"encryption-data" in manifest:
        raise NotExamined("encrypted", "the OpenDocument file is password-protected")
    shortfall = Shortfall("parts")
    for name in pkg.names():
        base = name.rpartition("/")[2]
        if base in INERT or name == "mimetype":
            continue
        yield from shortfall.guard(_part(pkg, name, ctx))
        ctx.check_time()
    shortfall.miss(missing(_listed(manifest), pkg.names()) if manifest else 1)
    if "content.xml" not in pkg.infos and ctx.name.lower().endswith(DOCUMENT_SUFFIXES):
        raise NotExamined("empty", "the package holds no document: it has no content.xml")
    shortfall.check()


def _listed(manifest: bytes) -> set[str]:
    """Return the files META-INF/manifest.xml lists (folders, which may hold nothing, left out)."""
    try:
        root = etree.fromstring(manifest, etree.XMLParser(**SAFE))
    except etree.XMLSyntaxError:
        raise NotExamined("corrupt", f"malformed XML in part {MANIFEST}") from None
    paths = (el.get(f"{{{MANIFEST_NS}}}full-path", "") for el in root.iter(f"{{{MANIFEST_NS}}}file-entry"))
    return {path for path in paths if path and not path.endswith("/")}


def _part(pkg: Package, name: str, ctx: Context) -> Iterator[Item]:
    if name.rpartition("/")[2].endswith((".xml", ".rdf")):
        precise = functools.partial(_read_part, pkg, name, ctx)
        data = pkg.read(name) if ctx.quick and pkg.infos[name].file_size <= QUICK_MAX else b""
        # Table rows are lined up by _Table, cell by cell, which the quick reading does not do.
        yield from probe(reading(data) if data and b"table-row" not in data else None, precise)
    else:
        yield Member(name, pkg.read(name))
