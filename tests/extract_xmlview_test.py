"""The quick readings of XML parts and sheets (xmlview.py, xlsxview.py) hold every hit the precise walk holds.

The core scans a quick reading and walks a part precisely only when the reading holds a hit: a
hit the walk finds and the reading misses would be a place no longer read. These tests generate
parts and workbooks from pieces of listed names (split across runs, cells, rows, attributes,
entities) and check that wherever the walk finds something, the reading does too; then, with
probes expanded the way the core expands them, that the findings are exactly the walk's.
"""

from __future__ import annotations

import io
import zipfile
from typing import Iterable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import attachments as A
from withhold.extract import xmltext, xmlview
from withhold.extract import zip as zip_reader
from withhold.extract.base import Context, Item, Probe, Segment
from withhold.settings import Settings
from withhold.text.decode import decoded_view, escapes
from withhold.text.spans import windows

CTX = Context("part.xml", Settings(), 0, float("inf"))
# Pieces of the listed people's names and numbers (tests/people.py), and words around them.
WORDS = ["Ana", "Paz", "María", "José", "García", "López", "Gar", "cía", "Pa", "z", "Jean-Luc", "Dubois",
         "987", "654", "321", "987654321", "0", "12", "the", "Garc&#237;a", "&amp;", " ", "\n", ", "]
# Local names of every kind the walk tells apart: paragraph-like, block, cell, inline.
NAMES = ["p", "si", "is", "text", "tr", "br", "tbl", "comment", "tc", "tab", "c", "r", "t", "del", "x", "y"]
CHUNKS = ["p", "si", "comment"]
EXAMPLES = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])


def holds_hit(protected, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Return True when the core would find something in text (as it is, or decoded around escapes)."""
    if protected.find(text):
        return True
    return any((d := decoded_view(text[a:b])) is not None and protected.find(d) for a, b in windows(text, escapes(text)))


words = st.lists(st.sampled_from(WORDS), max_size=4).map("".join)


def _element(names: list[str], children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(name: str, prefix: str, attr: str | None, inner: list[str], tail: str) -> str:
        tag = f"{prefix}{name}"
        attrs = "" if attr is None else f' {prefix}val="x" {prefix}title="{attr}"'
        return f"<{tag}{attrs}>{''.join(inner)}</{tag}>{tail}" if inner or attr is None else f"<{tag}{attrs}/>{tail}"

    return st.builds(build, st.sampled_from(names), st.sampled_from(["", "w:"]),
                     st.none() | words.filter(lambda w: "\n" not in w), st.lists(children, max_size=4), words)


def _document(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><root xmlns:w="urn:w">{body}</root>'.encode()


def _tree(names: list[str]) -> st.SearchStrategy[str]:
    return st.recursive(words | st.just("<!-- Ana Paz -->"), lambda inner: _element(names, inner), max_leaves=24)


# Parts with no streamed chunk: the walk reads them in document order, and so must the reading.
loose = st.lists(_tree([n for n in NAMES if n not in CHUNKS]), max_size=5).map("".join)
# Parts made of chunks (paragraphs, string items, comments), anything inside, as Office writes them.
chunked = st.lists(_element(CHUNKS, _tree(NAMES)), max_size=5).map("".join)


@EXAMPLES
@given(body=st.one_of(loose, chunked))
def test_the_quick_reading_of_a_part_holds_every_hit_of_the_walk(protected, monkeypatch, body):
    data = _document(body)
    walked = any(holds_hit(protected, s.text) for s in xmltext.read_xml(io.BytesIO(data), CTX, xmltext.Rules("#x")))
    text = xmlview.source(data)
    assert text is not None
    quick = xmlview.view(text)
    assert not walked or holds_hit(protected, quick)
    with monkeypatch.context() as patch:  # read in pieces of a few characters: the same reading
        patch.setattr(xmlview, "BLOCK", 7)
        assert xmlview.view(text) == quick


@EXAMPLES
@given(text=st.lists(st.sampled_from(WORDS + ["x" * 30, "\t"]), max_size=60).map(" ".join))
def test_every_hit_of_a_long_reading_is_in_one_of_its_windows(protected, monkeypatch, text):
    with monkeypatch.context() as patch:
        patch.setattr(xmlview, "PROBE_MAX", 80)
        patch.setattr(xmlview, "CARRY", 40)
        parts = list(xmlview.windows(text))
    assert text.startswith(parts[0]) and text.endswith(parts[-1])
    assert not holds_hit(protected, text) or any(holds_hit(protected, p) for p in parts)


@pytest.mark.parametrize(
    ("part", "quick"),
    [
        (b"<a><b>Ana</b>", False),  # malformed: the walk reports it
        (b'<?xml version="1.0" encoding="UTF-16"?><a/>', False),
        (b"<a><![CDATA[Ana Paz]]></a>", False),
        (b'<!DOCTYPE a [<!ENTITY e "Paz">]><a>Ana &e;</a>', False),
        (b'<a title="x > y">Ana</a>', False),
        (b"<a>\xff</a>", False),
        (b'<?xml version="1.0" encoding="utf-8"?><a>Ana <!-- n --> Paz</a>', True),
    ],
)
def test_a_part_the_quick_reading_cannot_be_sure_of_is_walked(part, quick):
    assert (xmlview.source(part) is not None) is quick


@pytest.mark.parametrize("tag", ["<a title='Ana Paz'/>", '<a title = "Ana Paz"/>', "<a>Ana <!-- x -->Paz</a>", "<a><!-- Ana Paz --></a>",
                                 "<a><?pi Ana Paz?></a>", "<a>Ana &amp; <b>Paz</b></a>", '<a x="Ana&#10;Paz"/>'])
def test_every_way_of_writing_a_value_is_read(protected, tag):
    text = xmlview.source(tag.encode())
    assert text is not None  # each is a part the quick reading is sure of: read by view(), not walked
    assert holds_hit(protected, xmlview.view(text))


def _expanded(items: Iterable[Item], protected) -> Iterator[Item]:  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, Probe):
            if holds_hit(protected, item.text):
                yield from _expanded(item.precise(), protected)
        else:
            yield item


def _hits(items: Iterable[Item], protected) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Return (segment place, label at the hit, records) of every hit, as findings would locate them."""
    out = set()
    for item in items:
        if isinstance(item, Segment):
            for hit in protected.find(item.text):
                label = [lab for at, lab in item.marks if at <= hit.start][-1:] or [""]
                out.add((item.where, label[0], ",".join(map(str, hit.records))))
    return out


def _workbook(shared: list[str], rows: list[list[str]], footer: str) -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cells = "".join(f'<row r="{i}">{"".join(r)}</row>' for i, r in enumerate(rows, start=1))
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        # A package's own relationships name its main part (OPC): without them it holds no document.
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData>'
        f"<headerFooter><oddFooter>{footer}</oddFooter></headerFooter></worksheet>",
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{"".join(shared)}</sst>',
    }
    return A.zipped({name: text.encode() for name, text in parts.items()}, zipfile.ZIP_STORED)


runs = st.lists(st.tuples(words, st.booleans()), min_size=1, max_size=3).map(
    lambda rs: "".join(f"<r><t>{w}</t></r>" + ("<rPh><t>Paz</t></rPh>" if ph else "") for w, ph in rs))
string_items = st.lists(words.map(lambda w: f"<t>{w}</t>") | runs, max_size=6).map(lambda items: [f"<si>{i}</si>" for i in items])


def _cell(kind: str, value: str, index: int, formula: str) -> str:
    if kind == "s":
        return f'<c t="s"><v>{index}</v></c>'
    if kind == "inline":
        return f'<c t="inlineStr"><is>{value}</is></c>'
    if kind == "formula":
        return f'<c t="str"><f>{formula}</f><v>{value}</v></c>'
    return f"<c><v>{value}</v></c>" if value else '<c s="1"/>'


cells = st.builds(_cell, st.sampled_from(["s", "inline", "formula", "n"]), words.map(lambda w: w.replace("\n", " ")),
                  st.integers(0, 5), words)


@EXAMPLES
@given(shared=string_items, rows=st.lists(st.lists(cells, max_size=4), max_size=4), footer=words)
def test_quick_readings_of_a_workbook_find_what_the_walk_finds(protected, monkeypatch, shared, rows, footer):
    if any('t="s"><v>' in c and int(c.split("<v>")[1].split("<")[0]) >= len(shared) for r in rows for c in r):
        shared = shared + ["<si><t>the</t></si>"] * 6  # every shared-string cell names an item
    data = _workbook(shared, rows, footer)
    ctx = CTX._replace(name="book.xlsx")
    with monkeypatch.context() as patch:
        walked = _hits(zip_reader.extract(data, ctx._replace(quick=False)), protected)
        quick = _hits(_expanded(zip_reader.extract(data, ctx), protected), protected)
        patch.setattr(xmlview, "BLOCK", 7)  # rows read a few at a time, readings in short windows
        patch.setattr(xmlview, "PROBE_MAX", 60)
        patch.setattr(xmlview, "CARRY", 30)
        pieces = _hits(_expanded(zip_reader.extract(data, ctx), protected), protected)
    assert quick == walked
    assert pieces == walked


def test_the_quick_reading_is_not_used_when_the_context_turns_it_off():
    items = list(xmlview.quick(lambda: _document("<p>Ana Paz</p>"), lambda: [Segment("walked")],
                               CTX._replace(quick=False)))
    assert items == [Segment("walked")]


def test_a_sheet_whose_cells_escape_the_quick_shapes_is_walked():
    used: set[int] = set()
    two_values = b'<worksheet><sheetData><row><c><v>1</v><is><t>Ana</t></is></c></row></sheetData></worksheet>'
    past_the_table = b'<worksheet><sheetData><row><c t="s"><v>7</v></c></row></sheetData></worksheet>'
    from withhold.extract import xlsxview

    assert xlsxview.sheet(two_values, ["x"], used) is None
    assert xlsxview.sheet(past_the_table, ["x"], used) is None
    assert used == set()


@pytest.mark.parametrize(("name", "make"), [("stats.xlsx", A.xlsx), ("memo.docx", A.docx), ("deck.pptx", A.pptx),
                                            ("memo.odt", A.odt), ("stats.ods", A.ods), ("deck.odp", A.odp)])
def test_the_core_finds_through_quick_readings_exactly_what_the_walk_finds(protected, monkeypatch, name, make):
    data = make()
    quick = A.scan(name, data, protected)  # probes, as the core scans them
    walked = A.scan(name, data, protected, quick=False)
    assert quick.findings and quick.findings == walked.findings
    assert quick.coverage == walked.coverage
