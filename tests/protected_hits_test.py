"""token_spans (one split in C, normalize.token_spans as hits uses it) and token_starts, held to the step-by-step readings."""

from __future__ import annotations

import bisect
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withhold.protected.hits import TokenStarts
from withhold.text import normalize as reference
from withhold.text.normalize import TokenSpans, normalize, token_spans
from withhold.text.spans import token_starts

# Word characters, marks and joiners that vanish, separators of every kind, one that folds to
# words and a separator ("¼"), ligatures, other scripts, a lone surrogate.
_ALPHABET = "aZ09 -_.\t\n\x1féíñøßǆæΩЖ中\u0301\u2060\u200b\xad\u00a0—¼①ﬁ\ud800"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_token_spans_equal_the_step_by_step_reading(text: str) -> None:
    spans = token_spans(text)
    assert spans == reference.token_spans_walk(text)
    assert len(spans) == len(normalize(text).split()) if normalize(text) else not spans


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET + "      ", max_size=120), st.integers(min_value=1, max_value=16))
def test_token_spans_read_where_asked_equal_every_edge_read_at_once(text: str, chunk: int) -> None:
    """TokenSpans counts each stretch's tokens from its shape and reads its edges when asked: the same edges."""
    whole, lazy = token_spans(text), TokenSpans(text, chunk)
    assert len(lazy) == len(whole)
    assert [lazy[i] for i in range(len(whole))] == whole
    assert lazy[1:-1] == whole[1:-1] and (not whole or lazy[-1] == whole[-1])


@pytest.mark.parametrize("text", [
    "", "Ana", "  María José García-López  ", "Gar\u2060cía", "\u2060Ana", "Ana\u2060 Paz", "a\u0301b", "½ ¼ cup",
    "ﬁnal Straße", "Юлия Щербакова, 1988-04-09", "A-123-456-789\tAna\x1fPaz",
])
def test_token_spans_cases(text: str) -> None:
    assert token_spans(text) == reference.token_spans_walk(text)


@pytest.mark.parametrize("norm", ["", "a", "ab cd", "maria jose garcia lopez 1985 03 12"])
def test_token_starts(norm: str) -> None:
    assert token_starts(norm) == [0, *itertools.accumulate(len(t) + 1 for t in norm.split(" "))][:-1]


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET + "      ", max_size=120), st.integers(min_value=1, max_value=16))
def test_token_starts_read_where_asked_equal_every_start_listed_at_once(text: str, chunk: int) -> None:
    norm = normalize(text)
    whole, lazy = token_starts(norm), TokenStarts(norm, chunk)
    assert len(lazy) == len(whole)
    assert [lazy[i] for i in range(len(whole))] == whole
    assert lazy[1:-1] == whole[1:-1]
    for offset in range(len(norm) + 1):
        assert lazy.token_at(offset) == bisect.bisect_right(whole, offset) - 1
