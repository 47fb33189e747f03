"""Walking a published tree: every entry once, links and special files reported, never followed."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple


class Entry(NamedTuple):
    rel: str  # POSIX path relative to the root
    path: str  # what to open: the file itself, or the in-tree target of a link
    problem: str  # "" when it can be read; otherwise a not-examined reason
    detail: str = ""


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def walk(root: Path) -> Iterator[Entry]:
    """Yield the entries under root in sorted order (root may be a single file)."""
    real_root = os.path.realpath(root)
    if os.path.isfile(root) and not os.path.islink(root):
        yield Entry(Path(root).name, str(root), "")
        return
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Entry(prefix.rstrip("/") or ".", folder, "unreadable", f"cannot list the folder ({exc.strerror})")
            continue
        folders = []
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not os.path.exists(target):
                        yield Entry(rel, entry.path, "broken link", "the link's target does not exist")
                    elif not _inside(target, real_root):
                        yield Entry(rel, entry.path, "link outside the tree", "a link to a file outside the scanned tree")
                    elif os.path.isdir(target):
                        yield Entry(rel, target, "link to a folder", "its files are scanned where they are")
                    else:
                        yield Entry(rel, target, "")
                elif entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, rel + "/"))
                elif entry.is_file(follow_symlinks=False):
                    yield Entry(rel, entry.path, "")
                else:
                    yield Entry(rel, entry.path, "special file", "a pipe, socket or device: never opened")
            except OSError as exc:
                yield Entry(rel, entry.path, "unreadable", exc.strerror or "cannot stat")
        stack.extend(reversed(folders))


def open_regular(path: str) -> tuple[BinaryIO, int]:
    """Return a regular file open for reading and its size, refusing anything else without blocking.

    Raises OSError, or ValueError("special file").
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("special file")
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise
