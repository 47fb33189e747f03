"""Office Open XML packages (.docx .docm .xlsx .xlsm .pptx .pptm and templates): every part read.

The rule is general: every XML part is read whole (text, comments and attribute values), every
other part is scanned as an embedded file (images for their metadata, embedded workbooks and OLE
objects recursively). Only the labels are specific: the places a reader knows (paragraphs,
comments, tracked changes, slides, notes, cells) get precise locators; any other part is named
by its path in the package.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator

from lxml import etree

from withhold.errors import NotExamined
from withhold.extract import xlsx
from withhold.extract.base import Context, Item, Member, Segment
from withhold.extract.opc import WORKBOOKS, content_types, declared, parse_small, relations
from withhold.extract.package import Package
from withhold.extract.shortfall import DOCUMENT_SUFFIXES, Shortfall, missing
from withhold.extract.xmltext import Rules, local, read_xml
from withhold.extract.xmlview import QUICK_MAX, quick

XML_SUFFIXES = (".xml", ".rels", ".vml")
PRINTER = "printerSettings"
_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"


def _word_labels(part: str) -> Rules:
    stem = posixpath.basename(part).rpartition(".")[0]
    count = [0]

    def label(name: str, el: etree._Element, enclosing: str) -> str | None:
        if name == "p" and part.endswith("document.xml") and enclosing.startswith(("#paragraph", "#body")):
            count[0] += 1
            return f"#paragraph-{count[0]}"
        if name in ("del", "moveFrom"):
            return "#deleted-text"
        if name in ("ins", "moveTo"):
            return "#inserted-text"
        if name == "txbxContent":
            return "#text-box"
        if name == "r" and any(local(c.tag) == "vanish" for p in el if local(p.tag) == "rPr" for c in p):
            return "#hidden-text"
        if name in ("comment", "footnote", "endnote"):
            count[0] += 1
            return f"#{name}-{count[0]}" if name == "comment" else f"#{name}-{el.get(_W_ID, count[0])}"
        return None

    base = f"#{stem}" if stem.startswith(("header", "footer")) else "#body" if stem == "document" else f"#{part}"
    names = frozenset({"p", "del", "moveFrom", "ins", "moveTo", "txbxContent", "r", "comment", "footnote", "endnote"})
    return Rules(base, label, frozenset({"comment", "footnote", "endnote"}), names)


_W_ID = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id"


def _slide_rules(base: str) -> Rules:
    count = [0]

    def label(name: str, el: etree._Element, enclosing: str) -> str | None:
        if name == "cm":
            count[0] += 1
            return f"{base}#comment-{count[0]}"
        return None

    return Rules(base, label, frozenset({"cm"}), frozenset({"cm"}))


def _slide_bases(pkg: Package, types: dict[str, str]) -> dict[str, str]:
    """Return the locator base of each slide, notes page and comment part, numbered in show order."""
    main = next((n for n, t in types.items() if "presentationml.presentation.main" in t or "slideshow.main" in t), None)
    if main is None:
        return {}
    rels = relations(pkg, main)
    root = parse_small(pkg, main)
    order = [el.get(f"{{{_R}}}id") for el in root.iter() if local(el.tag) == "sldId"] if root is not None else []
    bases = {}
    for number, rid in enumerate(order, start=1):
        slide = rels.get(rid or "", ("", ""))[1]
        bases[slide] = f"#slide-{number}"
        for kind, target in relations(pkg, slide).values():
            if kind == "notesSlide":
                bases[target] = f"#notes-{number}"
            elif kind in ("comments", "comment", "modernComment") or "comments" in target:
                bases[target] = f"#slide-{number}"
    return bases


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _printer(data: bytes) -> Iterator[Item]:
    """Yield the device name of printer settings (a DEVMODE: the rest is driver-private binary)."""
    name = data[:64].decode("utf-16-le", "replace").split("\x00", 1)[0]
    if name.strip():
        yield Segment(name, where="#printer-settings", line=None)


def _read_part(pkg: Package, name: str, slide: str | None, ctx: Context) -> Iterator[Item]:
    """Yield the precise reading of one XML part, labelled by what the part is."""
    if name.startswith("word/"):
        rules = _word_labels(name)
    elif slide is not None:
        rules = _slide_rules(slide)
    else:  # pivot cache records: one <r> per source row, streamed
        rules = Rules(f"#{name}", chunks=frozenset({"r"}) if "pivotCacheRecords" in name else frozenset())
    yield from read_xml(pkg.open(name), ctx, rules, recover=name.lower().endswith(".vml"))


def extract(pkg: Package, ctx: Context) -> Iterator[Item]:
    """Yield every part; a part declared but missing or unreadable fails the file once the rest is read."""
    shortfall = Shortfall("parts")
    types = content_types(pkg)
    done: set[str] = set()
    workbook = next((name for name, kind in types.items() if kind in WORKBOOKS), None)
    if workbook is not None:
        yield from shortfall.guard(xlsx.extract(pkg, workbook, ctx, done, shortfall))
    slides = _slide_bases(pkg, types)
    for name in pkg.names():
        if name in done:
            continue
        yield from shortfall.guard(_part(pkg, name, types.get(name, ""), slides.get(name), ctx))
        ctx.check_time()
    shortfall.miss(missing(declared(pkg), pkg.names()))
    if ctx.name.lower().endswith(DOCUMENT_SUFFIXES) and "officeDocument" not in {k for k, _ in relations(pkg, "").values()}:
        raise NotExamined("empty", "the package holds no document: it declares no main part")
    shortfall.check()


def _part(pkg: Package, name: str, kind: str, slide: str | None, ctx: Context) -> Iterator[Item]:
    if PRINTER in kind or PRINTER in name:
        yield from _printer(pkg.read(name))
    elif name.lower().endswith(XML_SUFFIXES) or kind.endswith("xml"):
        precise = functools.partial(_read_part, pkg, name, slide, ctx)
        if name.lower().endswith(".vml") or pkg.infos[name].file_size > QUICK_MAX:
            yield from precise()  # legacy VML is read leniently; a huge part is streamed
        else:
            yield from quick(functools.partial(pkg.read, name), precise, ctx)
    else:
        yield Member(name, pkg.read(name))
