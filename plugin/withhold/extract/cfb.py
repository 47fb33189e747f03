"""A storage of an OLE compound file (the root, or one inside it): its streams, read whole or not at all.

Every stream read is recorded, so the reader of the file can read by their printable runs the
streams no format reader took, and report as incomplete a stream shorter than the directory says.
"""

from __future__ import annotations

import struct

import olefile

from withhold.errors import NotExamined


class Storage:
    """The streams below one storage, named by their path from it ("1Table", "ObjectPool/_12/CONTENTS")."""

    def __init__(self, ole: olefile.OleFileIO, path: tuple[str, ...] = (), done: set[str] | None = None,
                 names: dict[str, str] | None = None) -> None:
        self.ole, self.path = ole, path
        self.done = set() if done is None else done  # full paths of the streams read, shared by every view
        self.names = {} if names is None else names  # full path of a storage -> the name a reader gave it
        depth = len(path)
        self.streams = {"/".join(p[depth:]) for p in ole.listdir(streams=True, storages=False)
                        if len(p) > depth and tuple(p[:depth]) == path}

    def full(self, name: str) -> str:
        return "/".join((*self.path, name))

    def has(self, name: str) -> bool:
        return name in self.streams

    def read(self, name: str) -> bytes:
        """Return a stream whole; raise incomplete when it is missing, damaged or shorter than declared."""
        full = self.full(name)
        self.done.add(full)
        try:
            data: bytes = self.ole.openstream(full).read()
            size = self.ole.get_size(full)
        except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError):
            raise NotExamined("incomplete", "a stream of the OLE file is missing, damaged or cut short") from None
        if len(data) < size:
            raise NotExamined("incomplete", "a stream of the OLE file is shorter than its directory says")
        return data

    def children(self) -> list[str]:
        """Return the storages directly below this one, in directory order."""
        return sorted({name.split("/", 1)[0] for name in self.streams if "/" in name})

    def sub(self, name: str) -> Storage:
        return Storage(self.ole, (*self.path, name), self.done, self.names)

    def unread(self) -> list[str]:
        """Return the streams of this storage (not below it) nobody has read."""
        return sorted(n for n in self.streams if "/" not in n and self.full(n) not in self.done)

    def touched(self) -> bool:
        """Return True when a reader has read any stream below this storage."""
        return any(self.full(n) in self.done for n in self.streams)
