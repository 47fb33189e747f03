"""protected/matcher.py: the automaton's word boundaries, and A-numbers in any grouping of their digits.

Both read normalised text (tokens joined by single spaces). Whether a run of digits continues a
longer number written with dashes or dots is judged later, on the original text (protected/hits.py).
Every number here is fictional (tests/people.py).
"""

from __future__ import annotations

import pytest

from withhold.protected.matcher import Automaton, Hit, find_a_numbers

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
