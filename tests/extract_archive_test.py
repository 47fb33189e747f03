"""tar, gzip, bzip2, xz and 7z: members scanned in memory; bombs, damage and passwords reported."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile

import pytest

import attachments as A


def _tar() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        data = A.csv_lines("Ana Paz")
        info = tarfile.TarInfo("inner/list.csv")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _7z(password: str | None = None, data: bytes | None = None) -> bytes:
    import py7zr

    out = io.BytesIO()
    with py7zr.SevenZipFile(out, "w", password=password) as archive:
        archive.writestr(data or A.csv_lines("Ana Paz"), "inner/list.csv")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "locator"),
    [
        ("data.tar", _tar, "data.tar!inner/list.csv:12:5"),
        ("data.tar.gz", lambda: gzip.compress(_tar()), "data.tar.gz!data.tar!inner/list.csv:12:5"),
        ("data.tgz", lambda: gzip.compress(_tar()), "data.tgz!data!inner/list.csv:12:5"),
        ("list.csv.gz", lambda: gzip.compress(A.csv_lines("Ana Paz")), "list.csv.gz!list.csv:12:5"),
        ("data.tar.bz2", lambda: bz2.compress(_tar()), "data.tar.bz2!data.tar!inner/list.csv:12:5"),
        ("data.tar.xz", lambda: lzma.compress(_tar()), "data.tar.xz!data.tar!inner/list.csv:12:5"),
        ("data.7z", _7z, "data.7z!inner/list.csv:12:5"),
    ],
)
def test_members_are_read_and_located(protected, name, make, locator):
    assert A.places(A.scan(name, make(), protected)) == {(locator, "P00002")}


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("zeros.bz2", lambda: bz2.compress(b"\x00" * (64 << 20)), "bomb"),
        ("zeros.xz", lambda: lzma.compress(b"\x00" * (64 << 20)), "bomb"),
        ("zeros.gz", lambda: gzip.compress(b"\x00" * (64 << 20)), "bomb"),
        ("zeros.7z", lambda: _7z(data=b"\x00" * (16 << 20)), "bomb"),
        ("cut.bz2", lambda: bz2.compress(A.csv_lines("x") * 50)[:-20], "corrupt"),
        ("cut.xz", lambda: lzma.compress(A.csv_lines("x") * 50)[:-20], "corrupt"),
        ("cut.7z", lambda: _7z()[:-40], "corrupt"),
        ("locked.7z", lambda: _7z(password="secret"), "encrypted"),
    ],
)
def test_bombs_damage_and_passwords_are_reported(protected, name, make, reason):
    result = A.scan(name, make(), protected)
    assert A.statuses(result)[name] == ("not examined", reason)
    assert result.failed
