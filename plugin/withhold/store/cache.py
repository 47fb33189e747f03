"""The prepared list's cache: the pickled prepared list, reused while the list and the settings stay the same.

Preparing a large list (normalising every variant, building the automaton) costs seconds; a
pre-commit hook runs on every commit. The prepared object is pickled into the user's cache folder,
keyed by the list's content hash, the settings, withhold's version and the normalisation version.

An entry is a file of sections (store/sections.py), so a run reads only what it needs (a hook's
few files need no automaton): "main", "0.automaton", "0.lookup", then the table of where they lie.

"main" is the pickle of the prepared object, in which each part Apart keeps apart (the automaton)
stands as a persistent id ("0"); that part's own sections follow (protected/lookup.py: the
automaton's pickle and a compact trie of its patterns).

The cache holds every protected value (the automaton is built from them), so it is kept like the
list itself: a folder only its owner can open (0700), files only its owner can read (0600),
written whole through a temporary file. Every HMAC is under a key derived from the list's own
content; a section is unpickled only after its HMAC checks out over all of it, and the table's
before any section is read: a corrupt, truncated, planted or other-version entry is never
unpickled, only rebuilt. Any problem with the cache falls back to preparing the list afresh.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TypeVar

from withhold import __version__
from withhold.settings import Settings
from withhold.store import sections
from withhold.store.private import usable_folder, write_private
from withhold.text.normalize import VERSION as NORMALIZATION_VERSION

CACHE_ENV = "WITHHOLD_CACHE_DIR"
MAGIC = b"withhold-cache-2\n"
MAIN = "main"  # the section of the prepared object itself; its large parts (Apart) have their own
KEEP = 4  # entries kept: a few lists or settings in turn, without growing without bound

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


class Apart(Protocol):
    """How the large parts of a prepared object are kept beside it, to be loaded only when a run needs them."""

    def parts(self, obj: object) -> dict[str, Callable[[BinaryIO], None]] | None:
        """Return the writers of the sections obj is kept in; None to pickle it in place."""

    def join(self, read: Callable[[str], bytes | None], size: Callable[[str], int], lazy: bool) -> object:
        """Return the object from its sections: read(name) gives a section's checked bytes, or None."""


def cached(list_path: Path, settings: Settings, build: Callable[[], T], folder: Path,
           loading: Callable[[], None] = lambda: None, apart: Apart | None = None, lazy: bool = False,
           later: Callable[[Callable[[], None]], None] | None = None) -> T:
    """Return the object build() prepares from the list at list_path: from the cache if valid, else built.

    What build() returns is stored for next time, unless the list changed while it was being built.
    apart says which of its parts are kept in sections of their own; lazy lets it load them only when
    used. Errors reading the list are left to build(), which reports them. later: given the write
    of a new entry, to run when there is time (the caller must not change the object until then);
    else it is written at once. A write that fails leaves no entry and raises nothing.
    """
    digest = _digest(list_path)
    if digest is None:
        return build()
    name = entry_name(digest, settings)
    mac_key = hmac.new(digest, b"withhold cache mac|" + name.encode(), hashlib.sha256).digest()
    if usable_folder(folder):
        if (folder / name).is_file():
            loading()
        value = _load(folder / name, mac_key, apart, lazy)
        if value is not None:
            return value  # type: ignore[return-value]  # what build() made and stored earlier
    value = build()
    if _digest(list_path) == digest and usable_folder(folder, create=True):

        def store() -> None:
            try:
                write_private(folder, name, lambda f: _dump(value, f, mac_key, apart))
                _prune(folder, keep=name)
            except Exception:  # noqa: BLE001  # a cache that cannot be written is only a slower next run
                pass

        if later is not None:
            later(store)
        else:
            store()
    return value


def _dump(value: object, f: BinaryIO, mac_key: bytes, apart: Apart | None) -> None:
    """Write the entry: the pickle of value, streamed, then the sections of each part apart keeps apart.

    At a million people the pickle is about a gigabyte: built as one bytes object beside the
    prepared list, it took peak memory past 4 GB.
    """
    kept: list[dict[str, Callable[[BinaryIO], None]]] = []

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj: object) -> str | None:
            parts = apart.parts(obj) if apart is not None else None
            if parts is None:
                return None
            kept.append(parts)
            return str(len(kept) - 1)

    def parts() -> Iterator[tuple[str, Callable[[BinaryIO], None]]]:
        yield MAIN, lambda sink: Pickler(sink, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        for number, found in enumerate(kept):  # filled while MAIN was written
            for part, write in found.items():
                yield f"{number}.{part}", write

    sections.write(f, MAGIC, mac_key, parts())


def _load(path: Path, mac_key: bytes, apart: Apart | None, lazy: bool) -> object | None:
    """Return the object of a valid entry, or None. Each section's HMAC is checked over the whole
    section before a single byte of it is unpickled; a section a lazy run never needs is never read."""
    table = sections.table(path, MAGIC, mac_key)
    main = sections.read(path, mac_key, MAIN, table) if table is not None else None
    if table is None or main is None:
        return None

    def read(name: str) -> bytes | None:
        return sections.read(path, mac_key, name, table)

    def size(name: str) -> int:
        return int(table[name][1]) if name in table else 0

    class Unpickler(pickle.Unpickler):
        def persistent_load(self, pid: Any) -> object:
            if apart is None or not isinstance(pid, str):
                raise pickle.UnpicklingError("a section this build does not know")
            return apart.join(lambda part: read(f"{pid}.{part}"), lambda part: size(f"{pid}.{part}"), lazy)

    try:
        return Unpickler(io.BytesIO(main)).load()  # authenticated above
    except Exception:  # noqa: BLE001  # a library that changed its pickle format, a damaged part: rebuild
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
    """Return a hash of the modules that shape the prepared object, so a changed checkout never reuses it.

    Every module of protected/ and text/ and the settings: a rule is not left out because the list
    of files to hash forgot it (parttables.py and partial.py once were).
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in [package / "settings.py", *sorted((package / "protected").glob("*.py")),
                 *sorted((package / "text").glob("*.py"))]:
        digest.update(path.name.encode() + b"\x00")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def _library_version() -> str:
    """Return what identifies the installed compiled libraries the entry's pickles come from.

    Their files' paths, sizes and modification times: any reinstall rebuilds the entry, and it costs
    two stat() calls (importlib.metadata's version lookup cost a warm hook ~0.1 s of CPU).
    """
    import ahocorasick
    import marisa_trie

    out = []
    for module in (ahocorasick, marisa_trie):
        try:
            info = os.stat(str(module.__file__))
            out.append(f"{module.__file__}:{info.st_size}:{info.st_mtime_ns}")
        except (OSError, TypeError):
            out.append("?")  # the HMAC and the unpickling checks still guard
    return "|".join(out)


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
