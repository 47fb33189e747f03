"""Files already scanned clean: what makes a second scan of an unchanged site cheap.

Only keys of clean files are kept, never a finding: each key is a keyed hash (under the list's
secret) of the list's fingerprint, the file's path and its content's SHA-256, so the store holds
no protected value and means nothing without the list. A file with a finding, or one not fully
examined, is scanned again every time. Stored beside the prepared-list cache, owner-only.
"""

from __future__ import annotations

from pathlib import Path

from withhold.protected.hits import ProtectedList
from withhold.store.private import read_private, usable_folder, write_private

MAX_KEYS = 2_000_000  # a bound on the store: past it, start afresh rather than grow without end


def _name(protected: ProtectedList) -> str:
    return f"clean-{protected.keyed('clean store', protected.fingerprint)[:24]}.keys"


def load(folder: Path, protected: ProtectedList) -> frozenset[str]:
    """Return the keys of files known clean for this list and settings (empty if none or unusable)."""
    if not usable_folder(folder):
        return frozenset()
    blob = read_private(folder / _name(protected))
    if not blob:
        return frozenset()
    try:
        keys = blob.decode("ascii").split()
    except UnicodeDecodeError:
        return frozenset()
    return frozenset(k for k in keys if len(k) == 20)


def save(folder: Path, protected: ProtectedList, keys: frozenset[str]) -> None:
    """Store the keys of the files this scan found clean (a failure to store is not an error)."""
    if not keys or len(keys) > MAX_KEYS or not usable_folder(folder, create=True):
        return
    write_private(folder, _name(protected), "\n".join(sorted(keys)).encode("ascii"))
