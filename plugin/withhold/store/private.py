"""Files only their owner can read, in a folder only its owner can open: how withhold keeps anything on disk.

Whatever is kept (the prepared list, the keys of clean files) is written whole through a temporary
file (0600) in a folder of mode 0700, and read only if it is a regular file of ours that no one
else can read. Any problem is "nothing kept": the caller prepares afresh.
"""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def usable_folder(folder: Path, create: bool = False) -> bool:
    """Return True if folder is ours and private (0700), creating or tightening it when asked."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return False
        if stat.S_IMODE(info.st_mode) & 0o077:
            if not create:
                return False
            os.chmod(folder, 0o700)
        return True
    except OSError:
        return False


def open_private(path: Path) -> BinaryIO | None:
    """Return an entry open for reading if it is a regular file of ours that no one else can read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if stat.S_ISREG(info.st_mode) and mine and not stat.S_IMODE(info.st_mode) & 0o077:
            return os.fdopen(fd, "rb")
    except OSError:
        pass
    os.close(fd)
    return None


def read_private(path: Path) -> bytes | None:
    """Return the bytes of an entry if it is a regular file of ours that no one else can read."""
    f = open_private(path)
    if f is None:
        return None
    try:
        with f:
            return f.read()
    except OSError:
        return None


def write_private(folder: Path, name: str, content: bytes | Callable[[BinaryIO], None]) -> None:
    """Write an entry atomically (0600 temporary file, then rename); a failure leaves no entry.

    content is the bytes, or a function that writes them to the open file.
    """
    import tempfile  # only here: a warm run reads the cache and need not load it (nor random, which it imports)

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")  # mode 0600
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(content, bytes):
                f.write(content)
            else:
                content(f)
        os.chmod(tmp, 0o600)
        os.replace(tmp, folder / name)
    except (OSError, pickle.PicklingError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
