"""extract/html.py: the reader's view of HTML, attribute values, and exact locators of what they hold.

Every person here is fictional (tests/people.py).
"""

from __future__ import annotations

import time

import pytest

import attachments as A
from withhold.errors import NotExamined
from withhold.extract import html
from withhold.extract.base import Context
from withhold.settings import Settings

CTX = Context("page.html", Settings(), 0, time.monotonic() + 3600)
# Shown in place of the stand-ins, so a view reads in a table: "#" a block edge, "~" an inline tag, "|" a cell.
_SHOW = str.maketrans({html.LINE_END: "#", html.SOFT: "~", html.CELL_END: "|"})


@pytest.mark.parametrize(
    ("source", "view"),
    [
        ("<p>Gar<b>cía</b> López</p>", "###Gar~~~cía~~~~ López####"),  # an inline tag joins, a block separates
        ("<td>Ana</td><td>Paz</td>", "||||Ana|||||||||Paz|||||"),
        ("<p>Ana</p><p>Paz</p>", "###Ana#######Paz####"),
        ("<p>Ana<br>Paz</p>", "###Ana####Paz####"),
        ("<!-- Ana Paz -->x", "#### Ana Paz ###x"),  # comments keep their text
        ('<script>var n="Ana";</script>', '########var n="Ana";#########'),
        ('<style>.x{content:"Ana"}</style>', '#######.x{content:"Ana"}########'),
        ("<![CDATA[Ana Paz]]>", "#########Ana Paz###"),
        ("<textarea>Ana <b>Paz</b></textarea>", "##########Ana <b>Paz</b>###########"),  # raw text: no tags inside
        ("<title>Ana</title>", "#######Ana########"),
        ("<div hidden>Ana</div>", "############Ana######"),  # hidden text is in the file
        ("<template><p>Ana</p></template>", "#############Ana###############"),
        ("<noscript>Ana</noscript>", "##########Ana###########"),
        ("<p>Ana&nbsp;Paz &amp;</p>", "###Ana&nbsp;Paz &amp;####"),  # entities decoded later, where they stand
        ('<p title="a\nb">Ana</p>', "###########\n###Ana####"),  # line breaks inside a tag are kept
        ("a < b and Ana", "a < b and Ana"),  # a stray "<" is text
        ("<unknown-tag>Ana</unknown-tag>", "~~~~~~~~~~~~~Ana~~~~~~~~~~~~~~"),
        ("<!DOCTYPE html><?xml x?>", "#" * 24),
        ("", ""),
    ],
)
def test_the_reader_view_keeps_every_offset(source, view):
    out = html.reader_view(source)
    assert (out.translate(_SHOW), len(out)) == (view, len(source))


def _items(source: str | bytes) -> list[tuple[str, int | None, int, object]]:
    data = source.encode() if isinstance(source, str) else source
    return [(item.text.translate(_SHOW), item.line, item.column, item.locate is not None)
            for item in html.extract(data, CTX)]


@pytest.mark.parametrize(
    ("source", "items"),
    [
        ("<p>Ana Paz</p>", [("###Ana Paz####", 1, 1, False)]),
        # where an inline tag falls between two letters, the text is also read with a separator there
        ("<span>Ana</span><span>Paz</span>",
         [("~~~~~~Ana~~~~~~~~~~~~~Paz~~~~~~~", 1, 1, False), ("      Ana             Paz       ", 1, 1, False)]),
        ("<p>Gar<b>cía</b></p>", [("###Gar~~~cía~~~~####", 1, 1, False), ("###Gar   cía    ####", 1, 1, False)]),
        ("<p>Ana <b>Paz</b></p>", [("###Ana ~~~Paz~~~~####", 1, 1, False)]),  # no letters either side: no window
        # attribute values: one segment per quoting, located in the source only for a hit
        ("<img alt=\"Ana Paz\" title='Paz, Ana' data-x=bare>",
         [("#" * 48, 1, 1, False), ("Ana Paz", None, 1, True), ("Paz, Ana", None, 1, True), ("bare", None, 1, True)]),
    ],
)
def test_the_items_of_a_page(source, items):
    assert _items(source) == items


def test_attribute_values_are_located_in_the_source():
    source = '<p>\n<img alt="Ana Paz" title="x">\n<a title="Paz, Ana">'
    values = [item for item in html.extract(source.encode(), CTX) if item.locate is not None]
    assert [v.text for v in values] == ["Ana Paz\x1ex\x1ePaz, Ana"]
    locate = values[0].locate
    assert locate is not None
    assert [locate(0), locate(4), locate(8), locate(10)] == [(2, 11), (2, 15), (2, 27), (3, 11)]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b'<meta charset="windows-1252"><p>Garc\xeda</p>', "García"),
        (b"<meta http-equiv=Content-Type content='text/html; charset=iso-8859-1'><p>Garc\xeda</p>", "García"),
        (b'\xef\xbb\xbf<meta charset="windows-1252"><p>Garc\xc3\xada</p>', "García"),  # a BOM wins over the meta
        (b'<meta charset="no-such-codec"><p>Garc\xc3\xada</p>', "García"),  # unknown: decoded as any text
        ("<p>García</p>".encode("utf-16"), "García"),
    ],
)
def test_the_page_is_decoded_by_its_bom_its_meta_charset_or_its_bytes(data, text):
    assert text in next(iter(html.extract(data, CTX))).text


def test_binary_content_named_as_html_is_not_examined():
    with pytest.raises(NotExamined) as exc:
        list(html.extract(bytes(range(256)), CTX))
    assert (exc.value.reason, exc.value.detail) == ("unsupported", "binary content in a file named as HTML")


# What a scan of one page finds and where: path:line:column of the source, whatever hides the text.
FOUND = {
    "split by an inline tag": ("<p>Gar<b>cía</b> López, María José</p>", ":1:4", "P00001"),
    "spans side by side": ("<p>\n  <span>Ana</span><span>Paz</span></p>", ":2:9", "P00002"),
    "table cells": ("<table><tr><td>Ana</td><td>Paz</td></tr></table>", ":1:16", "P00002"),
    "paragraphs": ("<p>Ana</p>\n<p>Paz</p>", ":1:4", "P00002"),
    "a line break": ("<p>Ana<br>Paz</p>", ":1:4", "P00002"),
    "a drop cap": ("<p>A<span>na</span> Paz</p>", ":1:4", "P00002"),
    "a comment": ("<html>\n<!-- Ana Paz -->", ":2:6", "P00002"),
    "a comment between": ("<p>Ana <!-- --> Paz</p>", ":1:4", "P00002"),
    "a script string": ('<script>\nvar n = "Søren Ærøskøbing";</script>', ":2:10", "P00005"),
    "a style comment": ("<style>/* Jean-Luc Dubois */</style>", ":1:11", "P00003"),
    "hidden by css": ('<div style="display:none">\n\nAna Paz</div>', ":3:1", "P00002"),
    "a template": ("<template><p>Ana Paz</p></template>", ":1:14", "P00002"),
    "noscript": ("<noscript>Ana Paz</noscript>", ":1:11", "P00002"),
    "the title": ("<title>Ana Paz</title>", ":1:8", "P00002"),
    "a named entity": ("<p>Ana&nbsp;Paz</p>", ":1:4", "P00002"),
    "a numeric entity": ("<p>Ana&#32;Paz</p>", ":1:4", "P00002"),
    "percent-encoding": ("<p>Ana%20Paz</p>", ":1:4", "P00002"),
    "alt text": ('<p>\n<img src="x.png" alt="Ana Paz"></p>', ":2:23", "P00002"),
    "a link": ('<a href="/people/ana-paz.html">x</a>', ":1:18", "P00002"),
    "meta content": ('<meta name="author" content="Paz, Ana">', ":1:30", "P00002"),
    "a data attribute": ("<p data-who='Ana Paz'>x</p>", ":1:14", "P00002"),
    # CSS may lay the <b> out as a block, and then a reader sees "Sus / ana Paz / os": read both ways
    "a run that may be a block": ("<p>Sus<b>ana Paz</b>os</p>", ":1:10", "P00002"),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_every_place_of_a_page_is_read_and_located(case, protected):
    source, locator, record = FOUND[case]
    result = A.scan("page.html", source.encode(), protected)
    assert (A.places(result), A.statuses(result)) == ({(locator, record)}, {"page.html": ("examined", "")})


@pytest.mark.parametrize("source", ["<p>Ana Pa<i>z</i>os</p>", "<p>Gar<b>cía</b>López</p>"])
def test_an_inline_tag_inside_a_longer_word_makes_no_name(source, protected):
    assert A.scan("page.html", source.encode(), protected).findings == []


@pytest.mark.parametrize(
    ("source", "excerpt"),
    [("<p>Gar<b>cía</b> López, María José</p>", "G***** L****, M**** J***"), ("<p>A<span>na</span> Paz</p>", "A** P**")],
)
def test_a_word_split_by_an_inline_tag_is_masked_as_one_word(source, excerpt, protected):
    assert [f.excerpt for f in A.scan("page.html", source.encode(), protected).findings] == [excerpt]
