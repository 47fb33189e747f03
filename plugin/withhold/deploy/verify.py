"""Verify: does a folder hold exactly the files a passing scan recorded, with the same content?

Needs no protected list: paths kept in clear are matched by name, the others by recomputing their
salted digest. What is new is shown through the list's masking when a list is at hand, and
otherwise masked whole, since only the list could tell which of its words are a person's.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from withhold.deploy.manifest import Display, Manifest, content_digest, path_digest
from withhold.scan.walk import walk

ADDED = "added"
CHANGED = "changed"
REMOVED = "removed"


class Change(NamedTuple):
    what: str  # ADDED, CHANGED or REMOVED
    shown: str  # masked: the manifest's own form, or the display of a new path

    def line(self) -> str:
        return f"{self.shown}: {self.what} after the scan"


def verify(root: Path, manifest: Manifest, display: Display) -> list[Change]:
    """Return every difference between root and the manifest (none: root is what the scan passed)."""
    plain = {item.path: item for item in manifest.items if item.path is not None}
    hidden = {item.path_digest: item for item in manifest.items if item.path is None}
    left = {id(item) for item in manifest.items}
    changes: list[Change] = []
    for entry in walk(root):
        item = plain.get(entry.rel)
        if item is None and hidden:
            item = hidden.get(path_digest(entry.rel, manifest.salt))
        if item is None or id(item) not in left:
            changes.append(Change(ADDED, display(entry.rel)))
            continue
        left.discard(id(item))
        try:
            same = content_digest(root, entry) == item.sha256
        except (OSError, ValueError):
            same = False
        if not same:
            changes.append(Change(CHANGED, item.shown))
    changes += [Change(REMOVED, item.shown) for item in manifest.items if id(item) in left]
    return changes
