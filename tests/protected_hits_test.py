"""token_spans (one split in C, normalize.token_spans as hits uses it) and token_starts, held to the step-by-step readings."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withhold.protected.hits import token_spans, token_starts
from withhold.text import normalize as reference
from withhold.text.normalize import normalize

# Word characters, marks and joiners that vanish, separators of every kind, one that folds to
# words and a separator ("¼"), ligatures, other scripts, a lone surrogate.
_ALPHABET = "aZ09 -_.\t\n\x1féíñøßǆæΩЖ中\u0301\u2060\u200b\xad\u00a0—¼①ﬁ\ud800"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_token_spans_equal_the_step_by_step_reading(text: str) -> None:
    spans = token_spans(text)
    assert spans == reference.token_spans_walk(text)
    assert len(spans) == len(normalize(text).split()) if normalize(text) else not spans


@pytest.mark.parametrize("text", [
    "", "Ana", "  María José García-López  ", "Gar\u2060cía", "\u2060Ana", "Ana\u2060 Paz", "a\u0301b", "½ ¼ cup",
    "ﬁnal Straße", "Юлия Щербакова, 1988-04-09", "A-123-456-789\tAna\x1fPaz",
])
def test_token_spans_cases(text: str) -> None:
    assert token_spans(text) == reference.token_spans_walk(text)


@pytest.mark.parametrize("norm", ["", "a", "ab cd", "maria jose garcia lopez 1985 03 12"])
def test_token_starts(norm: str) -> None:
    assert token_starts(norm) == [0, *itertools.accumulate(len(t) + 1 for t in norm.split(" "))][:-1]
