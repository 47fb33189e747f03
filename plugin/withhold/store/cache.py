"""The prepared list's cache: the pickled automaton, reused while the list and the settings stay the same.

Preparing a large list (normalising every variant, building the automaton) costs seconds; a
pre-commit hook runs on every commit. The prepared object is pickled into the user's cache folder,
keyed by the list's content hash, the settings, withhold's version and the normalisation version.

The cache holds every protected value (the automaton is built from them), so it is kept like the
list itself: a folder only its owner can open (0700), files only its owner can read (0600),
written whole through a temporary file. An entry is unpickled only after its HMAC checks out under
a key derived from the list's own content: a corrupt, truncated, planted or other-version entry is
never unpickled, only rebuilt. Any problem with the cache falls back to preparing the list afresh.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO, TypeVar

from withhold import __version__
from withhold.settings import Settings
from withhold.store.private import open_private, usable_folder, write_private
from withhold.text.normalize import VERSION as NORMALIZATION_VERSION

CACHE_ENV = "WITHHOLD_CACHE_DIR"
MAGIC = b"withhold-cache-1\n"
KEEP = 4  # entries kept: a few lists or settings in turn, without growing without bound
_MAC_SIZE = hashlib.sha256().digest_size

T = TypeVar("T")


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Return the cache folder: $WITHHOLD_CACHE_DIR, else $XDG_CACHE_HOME/withhold, else ~/.cache/withhold."""
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV]).expanduser()
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "withhold"


def entry_name(list_digest: bytes, settings: Settings) -> str:
    """Return the file name of the entry for a list (by content hash) under settings and this build.

    Only the settings a prepared list depends on name it (columns, window), so the CLI, the hook and
    the plugin share one entry whatever their excludes, limits or fail_on.
    """
    shaping = Settings(identifier_columns=settings.identifier_columns, context_columns=settings.context_columns,
                       window=settings.window)
    parts = (
        list_digest.hex(), repr(shaping), __version__, str(NORMALIZATION_VERSION),
        f"{sys.version_info.major}.{sys.version_info.minor}", str(pickle.HIGHEST_PROTOCOL), _library_version(),
        _code_digest(),
    )
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32] + ".pickle"


def cached(list_path: Path, settings: Settings, build: Callable[[], T], folder: Path,
           loading: Callable[[], None] = lambda: None) -> T:
    """Return the object build() prepares from the list at list_path: from the cache if valid, else built.

    What build() returns is stored for next time, unless the list changed while it was being built.
    Errors reading the list are left to build(), which reports them.
    """
    digest = _digest(list_path)
    if digest is None:
        return build()
    name = entry_name(digest, settings)
    mac_key = hmac.new(digest, b"withhold cache mac|" + name.encode(), hashlib.sha256).digest()
    if usable_folder(folder):
        if (folder / name).is_file():
            loading()
        value = _load(folder / name, mac_key)
        if value is not None:
            return value  # type: ignore[return-value]  # what build() made and stored earlier
    value = build()
    if _digest(list_path) == digest and usable_folder(folder, create=True):
        write_private(folder, name, lambda f: _dump(value, f, mac_key))
        _prune(folder, keep=name)
    return value


class _MacWriter:
    """A file-like sink that writes through to f and feeds an HMAC: pickle streams into it."""

    def __init__(self, f: BinaryIO, mac: hmac.HMAC) -> None:
        self.f = f
        self.mac = mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.f.write(data)


def _dump(value: object, f: BinaryIO, mac_key: bytes) -> None:
    """Write MAGIC, the HMAC of the pickle, the pickle: streamed, never whole in memory.

    At a million people the pickle is about a gigabyte: built as one bytes object beside the
    prepared list, it took peak memory past 4 GB.
    """
    f.write(MAGIC + bytes(_MAC_SIZE))
    mac = hmac.new(mac_key, digestmod=hashlib.sha256)
    pickle.dump(value, _MacWriter(f, mac), protocol=pickle.HIGHEST_PROTOCOL)
    f.seek(len(MAGIC))
    f.write(mac.digest())


def _load(path: Path, mac_key: bytes) -> object | None:
    """Return the object of a valid entry, or None. The HMAC is checked over the whole payload,
    streamed, before a single byte is unpickled."""
    f = open_private(path)
    if f is None:
        return None
    with f:
        if f.read(len(MAGIC)) != MAGIC:
            return None
        expected = f.read(_MAC_SIZE)
        mac = hmac.new(mac_key, digestmod=hashlib.sha256)
        size = 0
        for chunk in iter(lambda: f.read(8 << 20), b""):
            mac.update(chunk)
            size += len(chunk)
        if size == 0 or len(expected) != _MAC_SIZE or not hmac.compare_digest(expected, mac.digest()):
            return None
        f.seek(len(MAGIC) + _MAC_SIZE)
        try:
            return pickle.load(f)  # type: ignore[no-any-return]  # authenticated above
        except Exception:  # noqa: BLE001  # a library that changed its pickle format: rebuild
            return None


def _digest(path: Path) -> bytes | None:
    """Return the SHA-256 of a regular file's content, or None when it is anything else or unreadable."""
    try:
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return None


def _code_digest() -> str:
    """Return a hash of the modules that shape the prepared object, so a changed checkout never reuses it."""
    from withhold import settings
    from withhold.protected import matcher, variants, watchlist
    from withhold.protected import plaintext as protected
    from withhold.text import normalize

    digest = hashlib.sha256()
    for module in (matcher, normalize, protected, settings, variants, watchlist):
        try:
            digest.update(Path(str(module.__file__)).read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def _library_version() -> str:
    try:
        from importlib.metadata import version

        return version("pyahocorasick")
    except Exception:  # noqa: BLE001  # not installed as a distribution: the pickle check still guards
        return "?"


def _prune(folder: Path, keep: str) -> None:
    """Remove all but the KEEP most recently written entries (another process's .part is left alone)."""
    try:
        entries = sorted(
            (p for p in folder.iterdir() if p.suffix == ".pickle" and p.name != keep),
            key=lambda p: p.stat().st_mtime, reverse=True,
        )
        for old in entries[KEEP - 1 :]:
            old.unlink()
    except OSError:
        pass
