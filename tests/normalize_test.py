from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withhold.text.normalize import normalize, token_spans, token_spans_walk

DOC = Path(__file__).parent.parent / "docs" / "normalization.md"


def _golden() -> list[tuple[str, str, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\| (\d) \| `(.*)` \| `(.*)` \|", line)
        if match:
            rule, raw, expected = match.groups()
            rows.append((rule, ast.literal_eval(f'"{raw}"'), expected))
    return rows


def test_the_spec_has_a_golden_example_for_every_rule():
    assert {rule for rule, _, _ in _golden()} == {"1", "2", "3", "4", "5", "6"}


@pytest.mark.parametrize(("rule", "raw", "expected"), _golden())
def test_golden(rule, raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Ana  García-López", ["Ana", "García", "López"]),
        ("JOSÉ\u200bMARÍA x", ["JOSÉ\u200bMARÍA", "x"]),
        ("e\u0301cole", ["e\u0301cole"]),
        ("½", ["½", "½"]),
    ],
)
def test_token_spans_point_at_the_original_text(text, pieces):
    assert [text[a:b] for a, b in token_spans(text)] == pieces


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_token_spans_agree_with_normalize(text):
    norm = normalize(text)
    spans = token_spans(text)
    assert len(spans) == (len(norm.split(" ")) if norm else 0)
    for (a, b), token in zip(spans, norm.split(" ") if norm else []):
        assert token in normalize(text[a:b]).split(" ")


# Letters, marks, joiners, separators and characters that fold to several tokens, mixed with ASCII.
_MIXED = st.text(st.one_of(st.sampled_from("aZ9 .-_'\t\nçéøßæÆĳ½²\u0301\u200b\u2060\xad\u00a0Юλ\u05d0\u4e2d\ufb01\u2163"),
                           st.characters()))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), _MIXED))
def test_token_spans_equal_the_character_walk(text):
    assert token_spans(text) == token_spans_walk(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)
