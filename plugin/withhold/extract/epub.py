"""EPUB books: every member read as a file, and the publication's manifest checked against them.

container.xml names the package documents (OPF); each lists in its manifest every resource of the
book. A resource listed but absent is a part of the book nobody read: the file is incomplete.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from urllib.parse import unquote

from lxml import etree

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member
from withhold.extract.package import Package
from withhold.extract.shortfall import Shortfall, missing
from withhold.extract.xmltext import SAFE, local

MIMETYPE = b"application/epub+zip"
CONTAINER = "META-INF/container.xml"


def _root(pkg: Package, name: str) -> etree._Element:
    try:
        return etree.fromstring(pkg.read(name), etree.XMLParser(**SAFE))
    except etree.XMLSyntaxError:
        raise NotExamined("corrupt", f"malformed XML in {name}") from None


def declared(pkg: Package) -> tuple[set[str], int]:
    """Return the members the book declares (package documents and their manifests), and how many
    package documents are named but absent."""
    if CONTAINER not in pkg.infos:
        return set(), 1
    names, absent = set(), 0
    for el in _root(pkg, CONTAINER).iter():
        if local(el.tag) != "rootfile" or not el.get("full-path"):
            continue
        opf = unquote(el.get("full-path", ""))
        names.add(opf)
        if opf not in pkg.infos:
            absent += 1
            continue
        folder = posixpath.dirname(opf)
        for item in _root(pkg, opf).iter():
            href = unquote(item.get("href", "")).partition("#")[0]
            if local(item.tag) == "item" and href and "://" not in href:
                names.add(posixpath.normpath(posixpath.join(folder, href)))
    return names, absent


def extract(pkg: Package, ctx: Context) -> Iterator[Item]:
    for name in pkg.names():
        if name != "mimetype":
            yield Member(name, pkg.read(name))
        ctx.check_time()
    shortfall = Shortfall("resources")
    names, absent = declared(pkg)
    shortfall.miss(absent + missing(names, pkg.names()))
    shortfall.check()
