"""The compiled hot paths (_fast.c) against their Python twins, byte for byte, on any text (hypothesis).

A change to the folds in skeleton.py, or to the date shapes in protected/dates.py, that the C does
not make fails here: each pair is one function.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from array import array

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from withhold.extract import xlsx, xlsxrows
from withhold.protected import dates, partial, partwords
from withhold.protected.matcher import NumberIndex, find_a_numbers_python
from withhold.protected.parttables import KeyedHash
from withhold.text import layers, spans
from withhold.text import normalize as nz
from withhold.text import skeleton as sk
from withhold.text.normalize import normalize

try:  # the module itself, whatever WITHHOLD_PURE_PYTHON says
    from withhold import _fast
except ImportError:  # pragma: no cover
    _fast = None

COMPILER = shutil.which("cc") or shutil.which("gcc")
needs_fast = pytest.mark.skipif(_fast is None and not COMPILER, reason="no C compiler: the pure-Python path alone")

# Letters the folds read (every digraph, y, j, the vowels of ou, ie, io, ii), a few others, capitals and digits.
FOLD_LETTERS = "shczktdjpgxyjoiueabnrlmfvwSHZX019"
OTHER_SCRIPTS = "юлиящербаковгєіїґђјљњћџαβγδευηουθκξπσφχψωաբգեոուրსტუფქღყშჩცძწჭხჯჰ中文é\u0301"
tokens = st.text(alphabet=FOLD_LETTERS, max_size=14) | st.text(alphabet=FOLD_LETTERS + OTHER_SCRIPTS, max_size=8)
norms = st.lists(tokens, max_size=30).map(" ".join)


def test_the_install_built_the_compiled_path():
    # Where a compiler is, `pip install` built it (setup.py); a silent fall back would measure the slow path.
    if not COMPILER:
        pytest.skip("no C compiler on this machine")
    assert _fast is not None or os.environ.get("WITHHOLD_PURE_PYTHON") == "1"


@needs_fast
@settings(max_examples=3000, deadline=None)
@given(norms)
@example("")
@example(" ")
@example("shchukina tsvetaeva xerox yevgeniy fyodorov semyon marie iiii pierre kiiev zhou ou")
@example("юлия щербакова iuliia shcherbakova")
def test_the_compiled_skeleton_is_skeleton_py(norm):
    assert _fast.skeleton(norm, {}, sk.of_token) == sk.skeleton_python(norm)


@needs_fast
@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=200))
def test_the_compiled_skeleton_of_any_normalised_text(text):
    norm = normalize(text)
    assert _fast.skeleton(norm, {}, sk.of_token) == sk.skeleton_python(norm)


# Letters, marks, joiners and separators of several scripts, mixed with ASCII (tests/normalize_test.py's).
MIXED = st.text(st.one_of(st.sampled_from("aZ9 .-_'\t\nçéøßæÆĳ²\u0301\u200b\u2060\xad\u00a0Юλ\u05d0\u4e2d\ufb01\u2163"),
                          st.characters()))


@needs_fast
@settings(max_examples=2000, deadline=None)
@given(st.one_of(norms, st.text(), MIXED.map(normalize)), st.integers(0, 10**6))
@example("", 0)
@example("  ", 5)
def test_the_compiled_token_starts_are_the_split(norm, at):
    assert _fast.token_starts(norm, at) == spans._starts_python(norm, at)


@needs_fast
@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(), MIXED), st.integers(0, 99))
@example("Ana Pa\u0301z-Roe", 7)
def test_the_compiled_token_spans_are_the_regex(text, at):
    words = nz._ASCII if text.isascii() else nz._words(frozenset("".join(nz._NON_ASCII.findall(text))))
    assume(words is not None)  # a character of letters and separators at once: the walk alone
    assert _fast.token_spans(text, at, words.classes) == nz._spans(words.pattern, text, at)


@needs_fast
@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_the_compiled_fold_is_fold(token):
    assert _fast.fold(token) == sk.fold(token)


@needs_fast
def test_other_tokens_are_read_from_the_memo_or_remembered():
    asked: list[str] = []

    def remember(token: str) -> str:
        asked.append(token)
        return token.upper()

    assert _fast.skeleton("ab щ cdef ю", {"щ": "shch"}, remember) == "ab shch cdef' Ю"
    assert asked == ["ю"]
    with pytest.raises(TypeError):
        _fast.skeleton("ю", {}, lambda token: 1)


def test_pure_python_is_chosen_by_the_environment():
    code = "from withhold import native; from withhold.text import skeleton; print(native.fast is None, skeleton.skeleton('tsvetaeva'))"
    env = {**os.environ, "WITHHOLD_PURE_PYTHON": "1"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["True", "cvetaeva'"]


# Tokens that make and unmake date shapes: numbers of every length _SHAPE counts, month names and
# near misses, "de", other scripts' digits (re's \d reads them), and words; runs of them in the
# orders of the shapes, so that each shape and its near misses are drawn often.
NUMBERS = st.sampled_from(["1", "03", "7", "12", "31", "199", "1990", "2024", "12345", "19900503", "05031990",
                           "123456789", "\u0663", "\u0663\u0667", "\u0661\u0669\u0669\u0660", "\u00b2", "3a",
                           "\u0661\u0669\u0669\u0660\u0660\u0665\u0660\u0663", "\uff11\uff19"])
WORDS = st.sampled_from(["may", "mayo", "sept", "september", "septembers", "mai", "de", "del", "d", "roe", "born",
                         "", "may1", "\u0436", "x", "marzo", "abc"])
TOKEN = NUMBERS | WORDS
SHAPED = st.one_of(st.tuples(TOKEN, TOKEN, TOKEN), st.tuples(NUMBERS, WORDS, NUMBERS), st.tuples(WORDS, NUMBERS, NUMBERS),
                   st.tuples(NUMBERS, WORDS, WORDS, WORDS, NUMBERS), st.tuples(NUMBERS, st.just("de"), WORDS,
                                                                                 st.just("de"), NUMBERS))


@st.composite
def texts_and_ranges(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    runs = draw(st.lists(st.tuples(TOKEN) | SHAPED, min_size=1, max_size=14))
    tokens = [token for run in runs for token in run]
    # Ranges in order and apart, as _reach() yields them; the first may start at 0, the last may end at the end.
    cuts = sorted(draw(st.sets(st.integers(0, len(tokens)), max_size=8)))
    ranges = [(lo, hi) for lo, hi in zip(cuts[::2], cuts[1::2]) if hi > lo]
    ranges = [r for i, r in enumerate(ranges) if i == 0 or r[0] > ranges[i - 1][1]]
    return " ".join(tokens), ranges


@needs_fast
@settings(max_examples=4000, deadline=None)
@given(texts_and_ranges())
@example(("3 de mayo de 1990 roe 19900503", [(0, 6)]))
@example(("may 3 1990", [(0, 1)]))
@example(("", [(0, 1)]))
def test_the_compiled_date_shapes_are_date_shapes_python(case):
    norm, ranges = case
    got = _fast.date_shapes(norm, ranges, dates.DATE_TOKENS, dates._MONTH_SET)
    assert got == dates.date_shapes_python(norm, ranges)


@needs_fast
def test_date_shapes_refuses_ranges_out_of_order():
    with pytest.raises(ValueError):
        _fast.date_shapes("a b c d", [(2, 3), (1, 2)], dates.DATE_TOKENS, dates._MONTH_SET)
    with pytest.raises(ValueError):
        _fast.date_shapes("a b", [(0, 3)], dates.DATE_TOKENS, dates._MONTH_SET)


WORDS_OF_NAMES = st.sampled_from(["roe", "paz", "de", "la", "garcía", "щербакова", "o'", "x", "1990", "05", "\ud800", ""])


@st.composite
def birth_cases(draw: st.DrawFn) -> tuple:
    words = draw(st.lists(WORDS_OF_NAMES, min_size=1, max_size=30))
    count = len(words)
    named = sorted(draw(st.sets(st.integers(0, count - 1), max_size=count)))
    masks = {word: draw(st.integers(0, 15)) for word in sorted(set(words))}
    starts = sorted(draw(st.lists(st.integers(0, count - 1), max_size=8)))
    spans = [(a, min(count, a + draw(st.integers(1, 5)))) for a in starts]
    days = [b"|" + draw(st.sampled_from([b"05-03-90", b"12-31-01", b"\xff"])) for _ in spans]
    return words, named, spans, days, masks, draw(st.integers(0, 6)), draw(st.randoms(use_true_random=False))


@needs_fast
@settings(max_examples=2000, deadline=None)
@given(birth_cases())
def test_the_compiled_birth_slots_are_birth_slots_python(case):
    words, named, spans, days, masks, within, rng = case
    h = KeyedHash(b"fictional test key")
    asked: list[int] = []
    partial.birth_slots_python(words, named, spans, days, masks, within, lambda data: asked.append(h(data)) or 0,
                               array("Q"))
    # A table holding some of the lookups (each hit found where it is) and hashes no lookup makes.
    table = array("Q", sorted(set(rng.sample(asked, len(asked) // 2) + [rng.getrandbits(64) for _ in range(5)])))
    expected = partial.birth_slots_python(words, named, spans, days, masks, within, h, table)
    assert _fast.birth_slots(words, named, spans, days, masks, within, h, table) == expected


# Runs of digits as tables and A-numbers write them: groups of every length, an "a" before or glued
# on, double spaces, letters glued after, other scripts' digits (int() reads them, as NumberIndex does).
DIGIT_GROUPS = st.sampled_from(["1", "12", "123", "1234", "12345678", "123456789", "1234567", "0123", "987", "456",
                                "a", "a123", "a12345678", "x", "12x", "", "\u0661\u0662\u0663", "\uff11\uff12\uff13",
                                "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "00012345", "de", "xa123", "b123",
                                "xa12345678"])


@st.composite
def a_number_cases(draw: st.DrawFn) -> tuple[str, set[str]]:
    text = " ".join(draw(st.lists(DIGIT_GROUPS, max_size=16)))
    if draw(st.booleans()):
        text = text.replace(" ", "  ", 1)
    # Listed: the nine-digit forms of runs of the text's own digits, and others.
    digits = "".join(ch for ch in text if ch.isdecimal())
    cuts = draw(st.lists(st.integers(0, max(0, len(digits))), max_size=6))
    listed = {str(int(digits[c : c + length])).zfill(9) for c in cuts for length in (7, 8, 9)
              if len(digits[c : c + length]) == length}
    return text, listed | {"012345678", "123456789", "001234567"}


@needs_fast
@settings(max_examples=4000, deadline=None)
@given(a_number_cases())
@example(("a12345678 123 456 789 a 1234567 12345678x", {"012345678", "123456789", "001234567"}))
def test_the_compiled_a_numbers_are_find_a_numbers_python(case):
    text, listed = case
    index = NumberIndex((number, i) for i, number in enumerate(sorted(listed)))
    expected = [tuple(hit) for hit in find_a_numbers_python(text, index)]
    assert _fast.a_numbers(text, index) == expected
    assert _fast.a_numbers(text, index, index.sorted) == expected  # bisected in C, as matcher.find_a_numbers asks
    assert _fast.a_numbers(text, listed) == [tuple(hit) for hit in find_a_numbers_python(text, listed)]


# Runs of base64's characters and what stands around them: padding, line ends, JSON's "\\/", other scripts.
BASE64_PIECES = st.sampled_from(["QWxhZGRpbjpvcGVu", "abcdefghijkl", "ABCDEFGHIJKL", "0123456789012", "aB3", "+/",
                                 "\\/", "=", "==", "\n", "\r\n", " ", "é", "Юлия", "x", "dGVzdA", "\t", "\\"])


@needs_fast
@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(BASE64_PIECES, max_size=24).map("".join), st.text()))
@example("QWxhZGRpbjpvcGVuIHNlc2FtZQ==\nQWxh")
@example("abcdefghijkl\r\nmnop")
def test_the_compiled_base64_starts_are_the_regex(text):
    assert _fast.base64_starts(text) == layers._starts_python(text)


# Words of a text and the memos of masks: listed or not, missing from one memo or both, holding
# digits of any script (what \\d matches), repeated.
MEMO_WORDS = st.sampled_from(["roe", "paz", "ana", "de", "1990", "a123", "x\u0663", "\uff11", "o'", "", "щербакова",
                              "\u00bd", "\u2463", "mari'"])


@needs_fast
@settings(max_examples=3000, deadline=None)
@given(st.lists(MEMO_WORDS, max_size=40), st.dictionaries(MEMO_WORDS, st.integers(0, 3)),
       st.dictionaries(MEMO_WORDS, st.integers(0, 3)), st.booleans())
@example(["roe", "roe", "1990", "paz"], {"roe": 1, "1990": 2}, {"roe": 0, "1990": 1}, True)
def test_the_compiled_listed_words_are_listed_words_python(words, heads, tails, skip_digits):
    expected = partwords.listed_words_python(words, heads, tails, skip_digits)
    assert _fast.listed_words(words, heads, tails, skip_digits) == expected


# Pieces of a sheet's data: rows with and without numbers, cells of every plain shape and others
# (a formula, rich text, attributes out of order, a prefix), references, entities, line ends, other
# scripts, white space XML's and not, shared-string indices in range, out of it, of other digits.
VALUES = st.sampled_from(["Ana Paz", "", " 1 ", "0", "1", "2", "7", "32690", "x", "Ana&amp;Paz", "&#13;&#10;", "&#x41;",
                          "&lt;&gt;&quot;&apos;", "a\r\nb\rc", "\u00a0 1", "Юлия", "\t9", "99999999999999999999",
                          "\u0661", "\u00b2", "&#x10FFFF;", "&#0065;"])  # well-formed: xmlview.source checked it
ATTRS = st.sampled_from(["", ' r="A1"', ' r="B7"', ' r=""', ' r="AB4"', ' s="1"', ' s="0"', ' t="s"', ' t="n"',
                         ' t="str"', ' t="inlineStr"', ' r="C2" s="1"', ' r="C2" t="s"', ' r="C2" s="1" t="s"',
                         ' r="C2" t="n" s="1"', ' t="s" s="1"'])
ODD_ATTRS = st.sampled_from([' s="1" r="A1"', ' r="A 1"', "\tr='A1'", ' r="A&amp;1"', " x=\"1\""])
PLAIN_CELLS = ["<c{a}><v>{v}</v></c>", "<c{a}/>", "<c{a}><v/></c>", "<c{a}></c>", "<c{a} >\n <v>{v}</v> </c>",
               "<c{a}><is><t>{v}</t></is></c>", '<c{a}><is> <t xml:space="preserve">{v}</t>\n</is></c>']
ODD_CELLS = ["<c{a}><f>A1</f><v>{v}</v></c>", "<c{a}><is><r><t>{v}</t></r></is></c>", "<x:c{a}/>", "<col/>",
             "<c{a}><v>{v}</v>", "<c{a}><is><t>{v}</t></c>"]
ROW_TAGS = ["<row>", '<row r="1">', '<row r="5" spans="1:3">', '<row r="">', '<row ht="15" r="12">', '<row r="0012">']
ODD_ROW_TAGS = ['<row r="x">', '<row r=" 9">', '<row r="\u0663">', "<row r='2'>", "<rows>", '<row r="1"<']
SPACES = ["", " ", "\n  ", "\r\n"]
ODD_SPACES = ["\u00a0", "Ana Paz"]


def _mostly(draw: st.DrawFn, plain: list[str], odd: list[str]) -> str:
    """Nearly always a plain piece, so that most sheets are read whole by both; now and then another."""
    return draw(st.sampled_from(odd if draw(st.integers(0, 99)) < 3 else plain))


@st.composite
def sheets(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 19)) == 0:
            out.append(draw(st.sampled_from(["<row/>", '<row r="3"/>', "</row>", "<c><v>1</v></c>"])))
            continue
        cells = []
        for _ in range(draw(st.integers(0, 6))):
            attrs = draw(ODD_ATTRS) if draw(st.integers(0, 99)) < 3 else draw(ATTRS)
            cells.append(_mostly(draw, PLAIN_CELLS, ODD_CELLS).format(a=attrs, v=draw(VALUES)))
        closed = draw(st.integers(0, 49)) > 0
        out.append(_mostly(draw, ROW_TAGS, ODD_ROW_TAGS) + _mostly(draw, SPACES, ODD_SPACES).join(cells)
                   + ("</row>" if closed else ""))
    return _mostly(draw, SPACES, ODD_SPACES).join(out)


class _Book:
    def __init__(self) -> None:
        self.used: set[int] = set()
        self.strings = ["Ana Paz", "", "x\ty", "Юлия"]

    def shown(self, v: str, style: str) -> str:
        return f"date {v}" if style == "1" else v


@needs_fast
@settings(max_examples=4000, deadline=None)
@given(sheets(), st.integers(0, 60))
@example('<row r="1"><c r="A1" t="s"><v>0</v></c><c t="n" s="1"><v>3</v></c><c><v>Ana&amp;Paz</v></c></row>', 5)
def test_the_compiled_sheet_rows_are_rows_python(data, batch):
    # What the C reads, it reads as rows_python does; what it leaves (False), rows_python reads.
    c_book, py_book = _Book(), _Book()
    found = _fast.sheet_rows(data, c_book.strings, c_book.shown, xlsx._ref, xlsx._col, batch)
    expected = xlsxrows.rows_python(data, py_book, "!S!", batch, xlsx._ref, xlsx._col)
    if found is False:
        return
    assert expected is not None
    batches, used = found
    assert [(s.text, s.marks) for s in expected] == batches
    assert set(used) == py_book.used


@needs_fast
def test_the_compiled_sheet_rows_read_the_shapes_writers_write():
    data = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Ana Paz</t></is></c><c r="B1" t="s"><v>3</v></c>'
            '<c r="C1" s="1"><v>32690</v></c><c r="D1" t="n"><v>12</v></c></row><row r="2"><c r="A2"/></row>')
    assert _fast.sheet_rows(data, _Book().strings, _Book().shown, xlsx._ref, xlsx._col, 1 << 16) is not False
