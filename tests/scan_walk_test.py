"""scan/walk.py: every entry once, in order; links and special files reported, never followed or read."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from withhold.scan.walk import Entry, open_regular, walk

OUTSIDE = ("link outside the tree", "a link to a file outside the scanned tree")
BROKEN = ("broken link", "the link's target does not exist")
TO_FOLDER = ("link to a folder", "its files are scanned where they are")
SPECIAL = ("special file", "a pipe, socket or device: never opened")


def _walked(root: Path) -> list[tuple[str, str, str, str]]:
    """Return the entries with paths below root written relative to it ("<outside>" for the rest)."""
    real = os.path.realpath(root)

    def short(path: str) -> str:
        for base in (str(root), real):
            if path == base or path.startswith(base + os.sep):
                return os.path.relpath(path, base)
        return "<outside>"

    return [(e.rel, short(e.path), e.problem, e.detail) for e in walk(root)]


def test_files_come_sorted_each_folder_before_its_subfolders(tmp_path):
    for rel in ("b.txt", "a.txt", "z/2.txt", "z/1.txt", "m/deep/x.txt", "m/y.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("fictional")
    assert _walked(tmp_path) == [
        ("a.txt", "a.txt", "", ""),
        ("b.txt", "b.txt", "", ""),
        ("m/y.txt", "m/y.txt", "", ""),
        ("m/deep/x.txt", "m/deep/x.txt", "", ""),
        ("z/1.txt", "z/1.txt", "", ""),
        ("z/2.txt", "z/2.txt", "", ""),
    ]


def test_a_single_file_is_its_own_tree(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>fictional</p>")
    assert list(walk(page)) == [Entry("page.html", str(page), "")]


def _outside_file(tmp_path: Path) -> Path:
    outside = tmp_path / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text("fictional")
    return outside


# (link name, target as written, what walk reports: (path to open relative to the site, problem, detail)).
# A link is opened at its in-tree target; one that cannot be read is reported at the link itself.
LINKS = {
    "to a file inside": ("alias.txt", "page.txt", ("page.txt", "", "")),
    "to a file inside, through ..": ("alias.txt", "sub/../page.txt", ("page.txt", "", "")),
    "to a folder inside": ("again", "sub", ("sub", *TO_FOLDER)),
    "to the tree's own root": ("up", ".", (".", *TO_FOLDER)),
    "to a folder above the root": ("above", "..", ("above", *OUTSIDE)),
    "to a file outside": ("leak.txt", "../outside/secret.txt", ("leak.txt", *OUTSIDE)),
    "absolute, to a file outside": ("leak.txt", "OUTSIDE", ("leak.txt", *OUTSIDE)),
    "to a device outside": ("null", "/dev/null", ("null", *OUTSIDE)),
    "broken": ("gone.txt", "missing.txt", ("gone.txt", *BROKEN)),
    "to itself": ("self", "self", ("self", *BROKEN)),
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_a_link_is_reported_and_never_followed(case, tmp_path):
    name, target, (path, problem, detail) = LINKS[case]
    outside = _outside_file(tmp_path)
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "page.txt").write_text("fictional")
    (site / "sub" / "inner.txt").write_text("fictional")
    os.symlink(str(outside) if target == "OUTSIDE" else target, site / name)
    entries = {rel: (where, p, d) for rel, where, p, d in _walked(site)}
    assert entries == {"page.txt": ("page.txt", "", ""), "sub/inner.txt": ("sub/inner.txt", "", ""),
                       name: (path, problem, detail)}


def test_a_loop_of_links_ends_as_two_broken_links(tmp_path):
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    assert _walked(tmp_path) == [("a", "a", *BROKEN), ("b", "b", *BROKEN)]


def test_links_between_folders_walk_each_file_once(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "x.txt").write_text("fictional")
    os.symlink("../one", tmp_path / "one" / "loop")  # a cycle, if it were followed
    os.symlink("one", tmp_path / "two")
    assert _walked(tmp_path) == [
        ("two", "one", *TO_FOLDER),
        ("one/loop", "one", *TO_FOLDER),
        ("one/x.txt", "one/x.txt", "", ""),
    ]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))


def _device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("creating a device node needs privileges")


# open_regular refuses each without blocking: a FIFO opens (non-blocking) and is refused, a socket
# cannot be opened at all.
@pytest.mark.parametrize(("make", "error"), [(_fifo, ValueError), (_socket, OSError), (_device, ValueError)],
                         ids=["fifo", "socket", "device"])
def test_a_special_file_is_reported_and_never_opened(make, error, tmp_path):
    make(tmp_path / "special")
    (tmp_path / "z.txt").write_text("fictional")
    # A FIFO opened for reading would block this test forever: walking it must not open it.
    assert _walked(tmp_path) == [("special", "special", *SPECIAL), ("z.txt", "z.txt", "", "")]
    with pytest.raises(error, match="^special file$" if error is ValueError else "No such device or address"):
        open_regular(str(tmp_path / "special"))


def test_a_root_that_cannot_be_listed_is_reported(tmp_path):
    missing = tmp_path / "missing"
    assert list(walk(missing)) == [
        Entry(".", str(missing), "unreadable", "cannot list the folder (No such file or directory)")
    ]


def test_a_root_that_is_a_link_to_a_file_is_not_followed(tmp_path):
    (tmp_path / "page.txt").write_text("fictional")
    os.symlink("page.txt", tmp_path / "alias.txt")
    assert list(walk(tmp_path / "alias.txt")) == [
        Entry(".", str(tmp_path / "alias.txt"), "unreadable", "cannot list the folder (Not a directory)")
    ]


def test_open_regular_gives_the_file_and_its_size(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"fictional text")
    handle, size = open_regular(str(page))
    with handle:
        assert (handle.read(), size) == (b"fictional text", 14)


@pytest.mark.parametrize(("make", "error"), [("folder", ValueError), ("link", OSError), ("missing", OSError)])
def test_open_regular_refuses_anything_else(make, error, tmp_path):
    path = tmp_path / "thing"
    if make == "folder":
        path.mkdir()
    elif make == "link":
        (tmp_path / "page.txt").write_text("fictional")
        os.symlink("page.txt", path)  # refused even inside the tree: walk gives the target instead
    with pytest.raises(error):
        open_regular(str(path))
