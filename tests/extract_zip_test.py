"""Zip archives: members scanned recursively, in memory, within every limit; office packages by content."""

from __future__ import annotations

import zipfile

import pytest

import attachments as A
from conftest import SETTINGS


def test_a_member_is_located_by_path_line_and_column(protected):
    data = A.zipped({"inner/list.csv": A.csv_lines("Ana Paz"), "readme.txt": b"nothing here\n"})
    result = A.scan("data.zip", data, protected)
    assert A.places(result) == {("data.zip!inner/list.csv:12:5", "P00002")}
    assert A.statuses(result) == {"data.zip": ("examined", ""), "data.zip!inner/list.csv": ("examined", ""),
                                  "data.zip!readme.txt": ("examined", "")}


def test_nested_archives_and_documents_are_read(protected):
    inner = A.zipped({"stats.xlsx": A.xlsx()})
    result = A.scan("data.zip", A.zipped({"inner.zip": inner}), protected)
    assert ("data.zip!inner.zip!stats.xlsx!Hidden!D4", "P00001") in A.places(result)


def _encrypted_zip() -> bytes:
    """A zip whose member is marked password-protected in both headers, as `zip -e` marks it."""
    data = bytearray(A.zipped({"list.csv": b"x" * 40}, zipfile.ZIP_STORED))
    central = data.index(b"PK\x01\x02")
    data[6] |= 0x1
    data[central + 8] |= 0x1
    return bytes(data)


@pytest.mark.parametrize(
    ("make", "settings", "reason"),
    [
        (lambda: A.zipped({"zeros.bin": b"\x00" * (50 << 20)}), SETTINGS, "bomb"),  # ratio ~1000:1
        (lambda: A.zipped({f"m{i}.txt": b"x" for i in range(20)}), SETTINGS.replace(max_members=10), "too large"),
        (lambda: A.zipped({"a.txt": b"a" * 4000}, zipfile.ZIP_STORED), SETTINGS.replace(max_member_bytes=1000),
         "too large"),
        (lambda: A.zipped({"a.txt": b"a" * 3000, "b.txt": b"b" * 3000}, zipfile.ZIP_STORED),
         SETTINGS.replace(max_total_bytes=5000), "bomb"),
        (lambda: A.zipped({"z.zip": A.zipped({"z.zip": A.zipped({"list.csv": b"Ana Paz"})})}),
         SETTINGS.replace(max_depth=1), "too deep"),
        (_encrypted_zip, SETTINGS, "encrypted"),
        (lambda: A.zipped({"list.csv": b"Ana Paz\n" * 100})[:-30], SETTINGS, "corrupt"),  # truncated
    ],
    ids=["ratio bomb", "member count", "member size", "total size", "depth", "encrypted", "truncated"],
)
def test_a_zip_over_a_limit_or_unreadable_is_stopped_and_reported(protected, make, settings, reason):
    result = A.scan("data.zip", make(), protected, settings)
    assert ("not examined", reason) in A.statuses(result).values()
    assert result.failed


def test_a_bomb_is_not_expanded(protected):
    import tracemalloc

    bomb = A.zipped({"zeros.bin": b"\x00" * (200 << 20)})
    tracemalloc.start()
    A.scan("bomb.zip", bomb, protected)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 << 20
