"""Encoded layers (text/layers.py, scanned by scan/file.py): base64 and quoted-printable, nested, bounded.

People: tests/people.py (fictional). P00002 Ana Paz; P00001 María José García López. Files inside
data: URIs are written here by real libraries (pypdf for the PDF).
"""

from __future__ import annotations

import base64
import io
import quopri

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SETTINGS
from withhold.findings import EXAMINED, NOT_EXAMINED
from withhold.scan.file import scan_bytes
from withhold.text.layers import _BARE_RUN, _bare_runs, _looks_base64, is_text, layers


def b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


def qp(text: str) -> str:
    return quopri.encodestring(text.encode()).decode()


def _pdf(text: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FOUND = {
    # (file name, content, a fragment the locator holds)
    "data: URI in a link": (
        "page.html", f"<a href='data:text/plain;base64,{b64('Witness: Ana Paz')}'>x</a>", "#base64"),
    "data: URI, no media type": ("page.html", f"<a href='data:;base64,{b64('Ana Paz')}'>x</a>", "#base64"),
    "data: URI holding HTML": (
        "page.html", f"<iframe src='data:text/html;base64,{b64('<p>Ana <b>Paz</b></p>')}'>", "#base64"),
    "data: URI holding SVG": (
        "page.html", f"<img src='data:image/svg+xml;base64,{b64('<svg><text>Ana Paz</text></svg>')}'>", "#base64"),
    "base64 in a JSON value": ("data.json", f'{{"who": "{b64("Ana Paz, 1990")}"}}', "#base64"),
    "base64 in a JSON value with escaped slashes": (
        "data.json", '{"who": "' + b64("Ana Paz ???>>>").replace("/", "\\/") + '"}', "#base64"),
    "base64 in an attribute": ("page.html", f"<div data-payload='{b64('Ana Paz')}'></div>", "#base64"),
    "MIME body wrapped at 76": (
        "note.txt",
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(("Report on the case. " * 8 + "Ana Paz").encode()).decode(),
        "#base64"),
    "quoted-printable": (
        "note.txt", qp("Testigo: María José García López, " + "más texto " * 10), "#quoted-printable"),
    "quoted-printable soft break": ("note.txt", "Name: Ana Pa=\nz and =C3=A9t=C3=A9\n", "#quoted-printable"),
    "base64 inside base64": (
        "page.html", f"<a href='data:text/plain;base64,{b64('inner: ' + b64('Ana Paz'))}'>x</a>", "#base64#base64"),
    "quoted-printable inside base64": (
        "data.json", f'{{"m": "{b64(qp("Garc=C3=ADa L=C3=B3pez, Mar=C3=ADa Jos=C3=A9"))}"}}', "#base64"),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_a_name_in_an_encoded_layer_is_found_and_located(case, protected):
    name, content, fragment = FOUND[case]
    result = scan_bytes(name, content.encode(), protected, SETTINGS)
    assert result.findings, case
    # A layer read as text is located in the file; one holding a file (HTML, SVG) is a member of it.
    assert any(fragment in f.path + f.locator for f in result.findings), [f.path + f.locator for f in result.findings]
    assert all(c.status == EXAMINED or c.member for c in result.coverage)


def test_a_data_uri_holding_a_pdf_is_read_as_a_file(protected):
    page = f"<p>see</p>\n<a href='data:application/pdf;base64,{b64(_pdf('Ana Paz'))}'>file</a>"
    result = scan_bytes("page.html", page.encode(), protected, SETTINGS)
    members = [c for c in result.coverage if c.member]
    assert [c.path for c in members] == ["page.html!2:38#base64"]
    assert [f.path for f in result.findings] == ["page.html!2:38#base64"]


CLEAN = {
    "a hash": "<p>sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</p>",
    "a long identifier": "<script>var aVeryLongIdentifierName9=1;</script>",
    "a path": "<img src='/assets/images/Social0Card/Preview2X/Large.png'>",
    "an unrelated text": f"<a href='data:text/plain;base64,{b64('nothing to see here')}'>x</a>",
    "an equals sign in code": "<script>if(a==B0&&c=D1){x=1}</script>",
}


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_what_only_looks_encoded_is_left_alone(case, protected):
    result = scan_bytes("page.html", CLEAN[case].encode(), protected, SETTINGS)
    assert (result.findings, [c.status for c in result.coverage]) == ([], [EXAMINED])


def test_layers_nested_past_max_depth_leave_the_file_not_examined(protected):
    inner = "Ana Paz"
    for _ in range(3):
        inner = "x " + b64(inner)
    settings = SETTINGS.replace(max_depth=2)
    result = scan_bytes("data.txt", inner.encode(), protected, settings)
    assert [(c.status, c.reason) for c in result.coverage] == [(NOT_EXAMINED, "too deep")]
    assert scan_bytes("data.txt", inner.encode(), protected, SETTINGS.replace(max_depth=3)).findings


def test_a_layer_over_max_member_bytes_leaves_the_file_not_examined(protected):
    page = f"<a href='data:text/plain;base64,{b64('Ana Paz ' * 100)}'>x</a>"
    result = scan_bytes("page.html", page.encode(), protected, SETTINGS.replace(max_member_bytes=100))
    assert [(c.status, c.reason) for c in result.coverage] == [(NOT_EXAMINED, "too large")]


@pytest.mark.parametrize(("data", "expected"), [
    (b"Ana Paz", True), ("Garc\u00eda".encode(), True), (b"\x00\x01\x02\x03\x04", False), (b"ab", False),
    (bytes(range(200, 256)), False),
])
def test_is_text(data, expected):
    assert is_text(data) is expected


def test_layers_give_offsets_of_the_encoded_run():
    text = f"x data:text/plain;base64,{b64('Ana Paz')} y"
    found = list(layers(text, 1 << 20))
    assert [(text[f.start : f.end], f.encoding, f.data, f.media_type) for f in found] == [
        (b64("Ana Paz"), "base64", b"Ana Paz", "text/plain")
    ]


# Pieces of runs and of what stops them: cases, digits, "+", "/", "\\/" (JSON), padding, MIME line ends.
_PIECES = st.sampled_from(["Ab9", "abcdefgh", "ABCDEFGH", "12345678", "q", "Z", "+", "/", "\\", "\\/", "=", "==",
                           "\n", "\r\n", " ", "-", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_bare_runs_are_the_runs_the_pattern_finds_that_may_look_base64(pieces):
    text = "".join(pieces)
    everywhere = [m.span() for m in _BARE_RUN.finditer(text) if _looks_base64(m.group())]
    assert [m.span() for m in _bare_runs(text) if _looks_base64(m.group())] == everywhere
