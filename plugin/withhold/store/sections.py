"""A file of named sections, each under its own HMAC, so that a reader checks and reads only the ones it needs.

    magic | offset of the table (8 bytes, big-endian) | section | section | ...
          | table (JSON: name -> [offset, size, HMAC]) | HMAC of the table

Sections are streamed to the file as they are made, never whole in memory (a million people's
automaton is half a gigabyte); the table, written last, says where each lies. A reader checks the
table's HMAC before trusting an offset in it, and a section's over all of its bytes before handing
them over. Every HMAC is under the caller's key: bytes that check out are bytes the key's holder wrote.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from withhold.store.private import open_private

Writer = Callable[[BinaryIO], None]
Table = dict[str, list[Any]]  # name -> [offset, size, HMAC in hex]
MAX_TABLE = 1 << 20
_MAC_SIZE = hashlib.sha256().digest_size


class _MacWriter:
    """A file-like sink that writes through to f and feeds an HMAC: a pickle streams into it."""

    def __init__(self, f: BinaryIO, mac: hmac.HMAC) -> None:
        self.f = f
        self.mac = mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.f.write(data)


def _section_mac(key: bytes, name: str) -> hmac.HMAC:
    return hmac.new(key, b"section|" + name.encode() + b"|", hashlib.sha256)


def _table_mac(key: bytes, blob: bytes) -> bytes:
    return hmac.new(key, b"table|" + blob, hashlib.sha256).digest()


def write(f: BinaryIO, magic: bytes, key: bytes, sections: Iterable[tuple[str, Writer]]) -> None:
    """Write magic, then each (name, writer) as a section, in order, then the table (sections may be
    a generator that learns of later sections while writing earlier ones)."""
    f.write(magic + bytes(8))
    table: Table = {}
    for name, writer in sections:
        offset = f.tell()
        mac = _section_mac(key, name)
        writer(_MacWriter(f, mac))  # type: ignore[arg-type]  # write() is all a writer uses
        table[name] = [offset, f.tell() - offset, mac.hexdigest()]
    offset = f.tell()
    blob = json.dumps(table, sort_keys=True).encode("ascii")
    f.write(blob + _table_mac(key, blob))
    f.seek(len(magic))
    f.write(offset.to_bytes(8, "big"))


def table(path: Path, magic: bytes, key: bytes) -> Table | None:
    """Return where each section of the file lies, if it starts with magic and its table checks out."""
    f = open_private(path)
    if f is None:
        return None
    try:
        with f:
            if f.read(len(magic)) != magic:
                return None
            f.seek(int.from_bytes(f.read(8), "big"))
            rest = f.read(MAX_TABLE + _MAC_SIZE + 1)
    except (OSError, ValueError):
        return None
    blob, expected = rest[:-_MAC_SIZE], rest[-_MAC_SIZE:]
    if not blob or len(rest) > MAX_TABLE + _MAC_SIZE or not hmac.compare_digest(expected, _table_mac(key, blob)):
        return None
    try:
        found = json.loads(blob)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def read(path: Path, key: bytes, name: str, where: Table) -> bytes | None:
    """Return a section's bytes if they are all there and its HMAC checks out; None otherwise.

    The file is opened afresh: a lazy reader may come back for a section long after the table.
    """
    try:
        offset, size, expected = where[name]
    except (KeyError, ValueError, TypeError):
        return None
    f = open_private(path)
    if f is None:
        return None
    try:
        with f:
            f.seek(offset)
            data = f.read(size)
    except (OSError, ValueError, TypeError, OverflowError):
        return None
    mac = _section_mac(key, name)
    mac.update(data)
    if len(data) != size or not hmac.compare_digest(mac.hexdigest(), str(expected)):
        return None
    return data
