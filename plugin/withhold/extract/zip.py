"""Zip files: office packages (OOXML, OpenDocument) and EPUB books told apart by content, other zips as archives.

The limits are checked when the package is opened (package.py). Members are read in memory only.
"""

from __future__ import annotations

from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract import epub, odf, ooxml
from withhold.extract.base import Context, Item, Member
from withhold.extract.package import Package
from withhold.extract.shortfall import DOCUMENT_SUFFIXES


def kind(pkg: Package) -> str:
    """Return "ooxml", "odf", "epub" or "archive" from the package's own declarations, not its name."""
    if "[Content_Types].xml" in pkg.infos:
        return "ooxml"
    mimetype = pkg.read("mimetype").strip() if "mimetype" in pkg.infos else b""
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "odf"
    return "epub" if mimetype == epub.MIMETYPE else "archive"


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    pkg = Package(data, ctx)
    found = kind(pkg)
    if found == "ooxml":
        yield from ooxml.extract(pkg, ctx)
    elif found == "odf":
        yield from odf.extract(pkg, ctx)
    elif found == "epub":
        yield from epub.extract(pkg, ctx)
    elif not pkg.names() and ctx.name.lower().endswith(DOCUMENT_SUFFIXES):
        raise NotExamined("empty", "named as a document, the file is an empty zip")
    else:
        for name in pkg.names():
            yield Member(name, pkg.read(name))
            ctx.check_time()
