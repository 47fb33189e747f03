"""Zip files: office packages (OOXML, OpenDocument) told apart by content, other zips as archives.

The limits are checked when the package is opened (package.py). Members are read in memory only.
"""

from __future__ import annotations

from collections.abc import Iterator

from withhold.extract import odf, ooxml
from withhold.extract.base import Context, Item, Member
from withhold.extract.package import Package


def kind(pkg: Package) -> str:
    """Return "ooxml", "odf" or "archive" from the package's own declarations, not its name."""
    if "[Content_Types].xml" in pkg.infos:
        return "ooxml"
    if "mimetype" in pkg.infos and pkg.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
        return "odf"
    return "archive"


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    pkg = Package(data, ctx)
    found = kind(pkg)
    if found == "ooxml":
        yield from ooxml.extract(pkg, ctx)
    elif found == "odf":
        yield from odf.extract(pkg, ctx)
    else:
        for name in pkg.names():
            yield Member(name, pkg.read(name))
            ctx.check_time()
