"""Markup inside data is markup: HTML held in JSON strings, scripts and attributes is read as HTML.

A tag's name never joins a word to form a name; the text between the tags is read as a reader
sees it. Every person is fictional (tests/people.py, and the short names below).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import SETTINGS, _records
from people import PEOPLE, Person
from withhold.extract.base import Segment
from withhold.extract.html import holds_markup, markup_views
from withhold.protected.plaintext import Protected
from withhold.scan.file import scan_bytes

SHORT = [Person("S00001", "Li", "Li", dt.date(1990, 1, 1), "", "ZZ0000001", "Utopia"),
         Person("S00002", "Li", "For", dt.date(1991, 1, 1), "", "ZZ0000002", "Utopia")]


@pytest.fixture(scope="module")
def short_list() -> Protected:
    return Protected(_records([*PEOPLE, *SHORT]), SETTINGS, b"html-data-markup-test")


def _index(*texts: str) -> bytes:
    """A search index shaped like the ones docs themes write: HTML inside JSON strings."""
    docs = [{"location": f"page-{i}/", "title": f"Page {i}", "text": text} for i, text in enumerate(texts)]
    return json.dumps({"config": {"lang": ["en"]}, "docs": docs}).encode()


def _escaped(data: bytes) -> bytes:
    """The same JSON, "<" and ">" written as escapes (as some encoders do, to be safe in a <script>)."""
    return data.replace(b"<", b"\\u003c").replace(b">", b"\\u003e")


FOUND = {
    "name in a paragraph": _index("<p>Ana Paz signed.</p>"),
    "name split by an inline tag": _index("<p>Gar<b>c\u00eda</b> L\u00f3pez, Mar\u00eda Jos\u00e9</p>"),
    "name across table cells": _index("<table><tr><td>Ana</td><td>Paz</td></tr></table>"),
    "name in an attribute of the markup": _index('<a href="/people/ana-paz/">profile</a>'),
    "name in a title attribute": _index('<abbr title="Ana Paz">AP</abbr>'),
    "markup written with JSON escapes": _escaped(_index("<p>Ana <b>Paz</b></p>")),
}

CLEAN = {
    "list items side by side": _index("<ul> <li>One</li> <li>Two</li> </ul>"),
    "a closing tag then a template": _index("<li>x</li> {% for item in nav %}"),
    "list items written with JSON escapes": _escaped(_index("<ul><li>One</li> <li>Two</li></ul>")),
    "tags with attributes": _index('<li class="md-nav__item"><a href="#x">Two</a></li> <li>Three</li>'),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_text_in_markup_in_data_is_found(case, short_list):
    assert scan_bytes("search_index.json", FOUND[case], short_list, SETTINGS).findings, case


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_a_tag_name_beside_a_word_is_no_name(case, short_list):
    assert scan_bytes("search_index.json", CLEAN[case], short_list, SETTINGS).findings == [], case


def test_markup_views_keep_offsets():
    segment = Segment('{"t": "<p>Ana <b>Paz</b></p>"}')
    views = list(markup_views(segment))
    assert all(len(v.text) <= len(segment.text) for v in views)
    assert views[0].text.index("Ana") == segment.text.index("Ana")


@pytest.mark.parametrize(("text", "expected"), [
    ("<p>x</p>", True), ("a <b> c", True), ('<a href="x">', True), ("a < b and c > d", False),
    ("x<3 and y>2", False), ("1 < 2", False),
])
def test_holds_markup(text, expected):
    assert holds_markup(text) is expected


def test_a_located_hit_in_a_search_index_points_at_the_word(short_list):
    data = _index("<p>Ana Paz</p>")
    (finding,) = scan_bytes("search_index.json", data, short_list, SETTINGS).findings
    assert finding.column == data.decode().index("Ana Paz") + 1
