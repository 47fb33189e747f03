"""Open Packaging Conventions: the content types and relationships every OOXML package declares."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from lxml import etree

from withhold.errors import NotExamined
from withhold.extract.package import Package
from withhold.extract.xmltext import SAFE, local

WORKBOOKS = frozenset({
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml",
})


def parse_small(pkg: Package, name: str) -> etree._Element | None:
    """Return the root of a small XML part (content types, relationships, workbook), or None."""
    if name not in pkg.infos:
        return None
    try:
        return etree.fromstring(pkg.read(name), etree.XMLParser(**SAFE))
    except etree.XMLSyntaxError:
        raise NotExamined("corrupt", f"malformed XML in part {name}") from None


def content_types(pkg: Package) -> dict[str, str]:
    """Return the content type of every part, from [Content_Types].xml."""
    root = parse_small(pkg, "[Content_Types].xml")
    if root is None:
        return {}
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "") for el in root if local(el.tag) == "Default"}
    overrides = {el.get("PartName", "").lstrip("/"): el.get("ContentType", "") for el in root if local(el.tag) == "Override"}
    return {n: overrides.get(n) or defaults.get(n.rpartition(".")[2].lower(), "") for n in pkg.names()}


def relations(pkg: Package, part: str) -> dict[str, tuple[str, str]]:
    """Return a part's relationships: id -> (type's last word, target part name)."""
    folder, name = posixpath.split(part)
    root = parse_small(pkg, posixpath.join(folder, "_rels", name + ".rels"))
    out = {}
    for el in root if root is not None else ():
        target = el.get("Target", "")
        if el.get("TargetMode") != "External":
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = (el.get("Type", "").rpartition("/")[2], target)
    return out


def declared(pkg: Package) -> set[str]:
    """Return every part the package declares: content-type overrides and internal relationship targets.

    The package relationships are declared by OPC itself: a package without them has no main part.
    """
    root = parse_small(pkg, "[Content_Types].xml")
    names = {"_rels/.rels"}
    for el in root if root is not None else ():
        if local(el.tag) == "Override":
            names.add(unquote(el.get("PartName", "")).lstrip("/"))
    for rels in pkg.names():
        folder, _, base = rels.rpartition("/")
        if not base.endswith(".rels") or posixpath.basename(folder) != "_rels":
            continue
        source = posixpath.dirname(folder)
        try:
            links = parse_small(pkg, rels)
        except NotExamined:
            continue  # read as a part too, and counted there as unreadable
        for el in links if links is not None else ():
            target = unquote(el.get("Target", "")).partition("#")[0]
            if el.get("TargetMode") == "External" or not target:
                continue
            names.add(target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(source, target)))
    return names
