"""Fonts: the name table of TrueType, WOFF and WOFF2 files."""

from __future__ import annotations

import pytest

import attachments as A


@pytest.mark.parametrize(("name", "flavor"), [("a.ttf", None), ("a.woff", "woff"), ("a.woff2", "woff2")])
def test_the_name_table_is_read(protected, name, flavor):
    result = A.scan(name, A.font(flavor), protected)
    assert A.places(result) == {("#name-table", "P00005")}
    assert A.statuses(result)[name] == ("metadata only", "")


def test_a_truncated_woff2_is_reported(protected):
    data = A.font("woff2")
    assert A.statuses(A.scan("a.woff2", data[: len(data) // 2], protected))["a.woff2"] == ("not examined", "corrupt")
