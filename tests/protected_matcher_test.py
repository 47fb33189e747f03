"""protected/matcher.py: the automaton's word boundaries, and A-numbers in any grouping of their digits.

Both read normalised text (tokens joined by single spaces). Whether a run of digits continues a
longer number written with dashes or dots is judged later, on the original text (protected/hits.py).
Every number here is fictional (tests/people.py).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withhold.protected.matcher import _DIGIT_RUN, _SHAPE, Automaton, Hit, find_a_numbers

PATTERNS = ["ana paz", "paz", "maria jose garcia lopez", "maria jose", "garcia lopez"]
ANA_PAZ, PAZ, MARIA_FULL, MARIA_JOSE, GARCIA_LOPEZ = range(len(PATTERNS))


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        ("ana paz", [Hit(0, 7, ANA_PAZ), Hit(4, 7, PAZ)]),  # overlapping hits are all given
        ("la ana paz y", [Hit(3, 10, ANA_PAZ), Hit(7, 10, PAZ)]),
        ("maria jose garcia lopez", [Hit(0, 10, MARIA_JOSE), Hit(0, 23, MARIA_FULL), Hit(11, 23, GARCIA_LOPEZ)]),
        ("paz paz", [Hit(0, 3, PAZ), Hit(4, 7, PAZ)]),
        ("ana paz ana paz", [Hit(0, 7, ANA_PAZ), Hit(4, 7, PAZ), Hit(8, 15, ANA_PAZ), Hit(12, 15, PAZ)]),
        # never inside a longer word, at either edge
        ("susana pazos", []),
        ("ana pazos", []),
        ("anapaz", []),
        ("lapaz", []),
        ("pazo", []),
        ("mariana jose", []),
        ("", []),
    ],
)
def test_the_automaton_finds_whole_tokens_only(text, hits):
    assert list(Automaton(PATTERNS).find(text)) == hits


def test_an_empty_automaton_finds_nothing():
    automaton = Automaton([])
    assert (automaton.size, list(automaton.find("ana paz"))) == (0, [])


LISTED = {"012345678", "987654321", "203040506", "011222333", "001234567"}


def _hit(start: int, end: int, number: str, prefixed: bool = False) -> Hit:
    return Hit(start, end, number, prefixed)


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        # nine digits together, or eight (the leading zero dropped)
        ("012345678", [_hit(0, 9, "012345678")]),
        ("12345678", [_hit(0, 8, "012345678")]),
        ("case 012345678 ok", [_hit(5, 14, "012345678")]),
        # with the "A", as its own token or glued on; then seven digits are enough
        ("a012345678", [_hit(0, 10, "012345678", True)]),
        ("a12345678", [_hit(0, 9, "012345678", True)]),
        ("a 12345678", [_hit(0, 10, "012345678", True)]),
        ("file a 12345678", [_hit(5, 15, "012345678", True)]),
        ("a1234567", [_hit(0, 8, "001234567", True)]),
        ("a 1234567", [_hit(0, 9, "001234567", True)]),
        ("1234567", []),  # seven bare digits: too common to be an A-number without its "A"
        ("x1234567", []),
        ("ba12345678", []),  # the "a" ends a longer word
        # grouped in threes, as "123-456-789" or "12.345.678" normalise
        ("987 654 321", [_hit(0, 11, "987654321")]),
        ("012 345 678", [_hit(0, 11, "012345678")]),
        ("12 345 678", [_hit(0, 10, "012345678")]),
        ("203 040 506", [_hit(0, 11, "203040506")]),
        ("11 222 333", [_hit(0, 10, "011222333")]),
        ("a 11 222 333", [_hit(0, 12, "011222333", True)]),
        ("a11 222 333", [_hit(0, 11, "011222333", True)]),
        ("a 12 345 678", [_hit(0, 12, "012345678", True)]),
        ("20 304 050 6", [_hit(0, 12, "203040506")]),  # a run grouped in threes: any whole tokens of it
        # groupings that are no A-number's
        ("987 65 4321", []),
        ("98 765 4321", []),
        ("987654 321", []),
        # never inside a longer number
        ("9876543210", []),
        ("19876543210", []),
        ("987 654 3210", []),
        ("012345678x", []),
        ("x012345678", []),
        # a number beside others: the tokens that are the number
        ("1 987654321", [_hit(2, 11, "987654321")]),
        ("987654321 5", [_hit(0, 9, "987654321")]),
        ("0 012 345 678", [_hit(2, 13, "012345678")]),
        ("12 345 678 9", [_hit(0, 10, "012345678")]),
        ("1985 03 12 987654321", [_hit(11, 20, "987654321")]),  # a table's date, then the number
        # only listed numbers
        ("123456789", []),
        ("a 7654321", []),
    ],
)
def test_a_numbers_in_any_grouping_as_whole_tokens(text, hits):
    assert list(find_a_numbers(text, LISTED)) == hits


def test_no_listed_number_finds_nothing():
    assert list(find_a_numbers("987654321", set())) == []


def _every_grouping(text, listed):
    """find_a_numbers as it was written before its one-token shortcut: every grouping of every run tried."""
    for match in _DIGIT_RUN.finditer(text):
        if _SHAPE.search(match.group()) is None:
            continue
        start = match.start()
        groups = match.group().split(" ")
        starts = [start + sum(len(g) + 1 for g in groups[:k]) for k in range(len(groups))]
        glued = start > 0 and text[start - 1] == "a" and (start == 1 or text[start - 2] == " ")
        first_ok = start == 0 or text[start - 1] == " " or glued
        prefix_at = start - 1 if glued else start - 2 if start >= 2 and text[start - 2] == "a" and (
            start == 2 or text[start - 3] == " ") else -1
        end = starts[-1] + len(groups[-1])
        if groups[-1] == "" or end < len(text) and text[end] != " ":
            groups.pop()
            starts.pop()
        for i in range(len(groups)):
            if i == 0 and not first_ok:
                continue
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j]
                if len(digits) > 9:
                    break
                prefixed = i == 0 and prefix_at >= 0
                if len(digits) >= (7 if prefixed else 8) and digits.zfill(9) in listed:
                    yield Hit(prefix_at if prefixed else starts[i], starts[j] + len(groups[j]), digits.zfill(9), prefixed)


# Normalised text: digit tokens of every length an A-number's groups take, "a" prefixes glued or apart, words.
_TOKENS = st.one_of(st.from_regex(r"\A\d{1,10}\Z"), st.from_regex(r"\Aa\d{1,9}\Z"), st.sampled_from(["a", "x", "ab", "12x"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, max_size=8))
def test_a_numbers_as_every_grouping_finds_them(tokens):
    text = " ".join(tokens)
    listed = {digits.zfill(9) for digits in re.findall(r"\d+", text.replace(" ", "")) + re.findall(r"\d+", text)
              if len(digits) <= 9}
    listed |= {run.replace(" ", "").zfill(9) for run in re.findall(r"\d[\d ]*\d", text) if len(run.replace(" ", "")) <= 9}
    assert list(find_a_numbers(text, listed)) == list(_every_grouping(text, listed))
