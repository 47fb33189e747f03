"""The order in which the plugin's report lists a finding's sources (mkdocs_plugin/sources.py)."""

from __future__ import annotations

import pytest

from withhold.mkdocs_plugin.sources import natural


@pytest.mark.parametrize(("names", "ordered"), [
    (["page.md:10:1", "page.md:9:1", "page.md:9:12"], ["page.md:9:1", "page.md:9:12", "page.md:10:1"]),
    (["book.xlsx!S!A10", "book.xlsx!S!A2"], ["book.xlsx!S!A2", "book.xlsx!S!A10"]),
    # "²" is a digit to str.isdigit() but no number int() reads: a name with one between numbers still sorts
    (["page1\u00b22.md:2:1", "page1\u00b22.md:1:1", "page\u0661.md:1:1"], ["page\u0661.md:1:1", "page1\u00b22.md:1:1",
                                                                          "page1\u00b22.md:2:1"]),
])
def test_sources_sort_by_the_numbers_in_them(names, ordered):
    assert sorted(names, key=natural) == ordered
