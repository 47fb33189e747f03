"""Code and markup join no name (text/code.py), and A-numbers count only as they are written.

Every person is fictional: short romanised names of the kind a large list holds (tests/people.py
has the long ones). The minified code below is synthesized for these tests, not taken from any
project.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SETTINGS, _records
from people import PEOPLE, Person
from withhold.protected.plaintext import Protected
from withhold.text.code import CODE_REACH, CodeView, code_like, minified, text_intervals, written_as_a_number
from withhold.text.normalize import token_spans

SHORT = [
    Person(f"S{i:05d}", given, family, dt.date(1990, 1, 1), number, f"ZZ{i:07d}", "Utopia")
    for i, (given, family, number) in enumerate([
        ("Li", "Na", "A412345678"), ("Max", "Ye", ""), ("Ro", "Po", ""), ("Da", "Min", ""), ("Fa", "Li", ""),
        ("Var", "Ho", ""), ("Li", "Li", ""), ("Min", "He", ""), ("Jai", "Ma", "A112217434"), ("Li", "Qi", ""),
    ])
]


@pytest.fixture(scope="module")
def short_list() -> Protected:
    return Protected(_records([*PEOPLE, *SHORT]), SETTINGS, b"text-code-test")


# Minified code is long lines dense in ;{}()= with almost no spaces: pad a snippet with such code.
CODE = "function q(e,t){return e&&t?e(t):null};var w={a:1,b:2};for(var i=0;i<3;i++){w[i]=q(w.a,i)};"


def minified_js(snippet: str) -> str:
    return CODE * 2 + snippet + CODE * 2


# Invented for the test: lower-case words of a made-up language, the short names among them.
STOP_WORDS = "ab ok ul li na da min yo ek tu ri ve so ba ne mo pi lo ka su".split()

FOUND = {
    # prose, tables, attributes and slugs keep every separator they had
    "prose": "<p>Li Na signed the form.</p>",
    "prose, family first with comma": "<p>Na, Li was present.</p>",
    "hyphen": "<p>Li-Na</p>",
    "slug": "<a href='/people/li-na/'>profile</a>",
    "file name with underscores": "<a href='files/Li_Na_statement.pdf'>statement</a>",
    "e-mail with a dot": "<p>write to li.na@example.org</p>",
    "table cells": "<table><tr><td>Li</td><td>Na</td></tr></table>",
    "csv cells": "id,given,family\nS1,Li,Na\n",
    "semicolon csv with brackets": "S1;Li;Na;(555) 0100;Utopia;1990-01-01;x\n" * 3,
    "attribute": "<img alt='Li Na' src='x.png'>",
    "one class name": "<div class='card li-na'></div>",
    "a short list of words in minified code": minified_js('var s="li na ok";'),
    "json value": '{"name": "Li Na", "f": "x"}',
    "plus in a query": "https://example.org/search?q=Li+Na",
    # inside minified code: what its strings and comments say is text
    "string in minified code": minified_js('var s="Li Na";'),
    "template in minified code": minified_js("var s=`Dear ${x} Li Na\n`;"),
    "comment in minified code": minified_js("/* by Li Na */"),
    "line comment in code": minified_js("// Li Na\n") + "\n",
    "string after a regex": minified_js('var r=/["\']/g;var s="Li Na";'),
    "string after a division": minified_js('var r=a/2,s="Li Na";'),
    # markup inside data is read as HTML
    "markup split in json": '{"text": "<p>Li <b>Na</b></p>"}',
    "markup in json, tag joins letters": '{"text": "<p>L<b>i</b> Na</p>"}',
    # A-numbers
    "A-number in prose": "<p>A412345678</p>",
    "A-number bare in a table": "<table><tr><td>412345678</td></tr></table>",
    "A-number in an attribute": "<div data-id='412345678'></div>",
    "A-number grouped": "<p>case 412-345-678</p>",
    "A-number as a number in minified JSON": '[{"id":"S1","a_number":412345678,"note":"(none)"}]' * 4,
    "A-number as a string in minified JSON": '[{"id":"S1","a_number":"412345678","note":"(none)"}]' * 4,
    "A-number with its A in minified code": minified_js('var n="A412345678";'),
}

CLEAN = {
    # code: dotted identifiers, operators, tag names, minified code outside strings
    "dotted file name": "<script src='lunr.da.min.js'></script>",
    "member access and commas": minified_js("var ve=Math.max,ye=Math.min;"),
    "call": minified_js("var x=new Ro(Po);"),
    "arguments among long names": "N.on(document,Si,Ii,qi.dataKeydownHandler),N.on(document,Li,qi.closeMenus),"
                                  "N.on(document,Di,qi.closeMenus),N.on(window,Ii,(function(t){t.stop()}));",
    "keyword and identifier": minified_js("var Ho=(function(e){return e});"),
    "css identifiers": ".fa-ul>li{position:relative}.fa-li{left:calc(var(--fa-li-width, 2em)*-1);position:absolute}"
                       * 3,
    "css icon selectors": '.fa-yen:before{content:"\\f157"}.fa-li:before{content:"\\f158"}' * 3,
    "json search index, tags beside words": '{"text":"<ul> <li>One</li> <li>Two</li> </ul>"}',
    "escaped slash in json tags": '{"text":"<ul><li>One<\\/li> <li>Two<\\/li></ul>"}',
    "entity-escaped markup in a code block": "<pre><code>&lt;/li&gt; &lt;li&gt;Two&lt;/li&gt;</code></pre>",
    "two class names": "<i class=\"fa li-search\"></i><i class='x fa\tli'></i>",
    "stop words of a language pack": minified_js('var s="' + " ".join(STOP_WORDS) + '".split(" ");'),
    "attribute names": "<p><span class=x>Li</span> <i class='na'>y</i></p>",
    # given up by the dot rule: a dot with no space joins an identifier, in prose too
    "dot with no space": "<p>Li.Na</p>",
    # digits that are no A-number where they stand
    "single digits in svg path data": "<svg><path d='M1.2-.2 1.7-.4 3.4 0z'/></svg>",
    "bare digits in minified code": minified_js("var size=412345678;"),
    "digits in a version string of minified code": minified_js('var v="412345678";'),
}


def _find(protected: Protected, text: str) -> list[tuple[str, tuple[str, ...]]]:
    from withhold.scan.file import scan_bytes

    name = "page.html" if text.lstrip().startswith("<") else "data.json" if text.startswith("{") else "a.js"
    result = scan_bytes(name, text.encode(), protected, SETTINGS)
    return [(f.kind, f.records) for f in result.findings]


@pytest.mark.parametrize("case", sorted(FOUND))
def test_found(case, short_list):
    assert _find(short_list, FOUND[case]), case


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_clean(case, short_list):
    assert _find(short_list, CLEAN[case]) == [], case


@pytest.mark.parametrize(("text", "expected"), [
    ('a="x";b=1', ['"x"']),
    ("a=`x\ny`;b=1", ["`x\ny`"]),
    ("a=1/2;b='c'", ["'c'"]),
    ("a=/'/g;b='c'", ["'c'"]),
    ("return/'/.test(x),b='c'", ["'c'"]),
    ("a=1;/* note */b=2;// end\nc", ["/* note */", "// end"]),
    ("a='unclosed\nb='c'", ["'unclosed", "'c'"]),  # a string ends at its line's end
])
def test_text_intervals(text, expected):
    assert [text[a:b] for a, b in text_intervals(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    (CODE * 3, True),
    ("Ana Paz (see below); a = b; {x} " * 8, False),  # prose with a few marks, and spaces
    ("S1;Li;Na;(555) 0100;" * 10, False),  # a table split by ";": only two kinds of mark
    ("short;{}()=", False),
])
def test_minified(text, expected):
    assert minified(text, len(text) // 2, len(text) // 2 + 2) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("412345678", True), ("A-412-345-678", True), ("12 345 678", True), ("A# 012 345 678", True),
    ("1.2-.2 1.7-.4 3.4", False), ("41 23 45 67 8", False), ("4123-45678", False),
])
def test_written_as_a_number(text, expected):
    assert written_as_a_number(text, 0, len(text), text.startswith("A")) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ana Paz", False), ("Ana.Paz", True), ("A.Paz", False), ("ana.paz@example.org", False),
    ("lunr.da.min", True), ("Ro(Po", True), ("Ro (Po", False), ("li> <li", True), ("Li Na>", False),
    ("class=\"x\"", True), ("Ana-Paz", False), ("Ana_Paz", False), ("Ana+Paz", False), ("Paz, Ana", False),
])
def test_joined(text, expected):
    spans = token_spans(text)
    if text.endswith("@example.org"):
        spans = spans[:2]  # the hit is the local part
    if text.startswith("class"):
        spans = spans[:1]
    assert CodeView(text).joined(spans) is expected


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="a(){}=;", max_size=300), max_size=4).map("\n".join), st.data())
def test_minified_reads_the_reach_of_the_hits_line(text, data):
    # What minified() reads: the hit's line, cut CODE_REACH characters either side of the hit, however
    # far its line breaks stand (it looks for them no farther).
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = len(text) if text.find("\n", end) < 0 else text.find("\n", end)
    near = text[max(line_start, start - CODE_REACH) : min(line_end, end + CODE_REACH)]
    assert minified(text, start, end) == code_like(near)
