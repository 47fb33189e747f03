"""Where a text's words may start a listed given or family part (protected/partwords.py).

People: tests/people.py (fictional). P00002 Ana Paz; P00001 María José García López.
"""

from __future__ import annotations

from withhold.protected import partwords
from withhold.protected.partwords import Listed
from withhold.text.normalize import normalize
from withhold.text.skeleton import skeleton

TEXT = "Ana M. Paz and Maria Jose Garcia Lopez, 1990-07-01, A12345678; ana paz again"


def _words(text: str) -> list[str]:
    return skeleton(normalize(text)).split(" ")


def _fresh(protected) -> Listed:
    tables, h = protected.partial.tables, protected.partial._hash
    return Listed(tables, h, protected.partial.words.digit_words)


def test_the_listed_first_words_are_found_where_they_stand(protected):
    words = _words(TEXT)
    heads, tails = _fresh(protected).positions(words)
    assert [words[i] for i in heads] == [_words("ana")[0], _words("maria")[0], _words("ana")[0]]
    assert {words[i] for i in tails} == {_words("paz")[0], _words("garcia")[0]}


def test_memos_past_their_bound_start_again_and_find_the_same(protected, monkeypatch):
    words = _words(TEXT)
    expected = _fresh(protected).positions(words)
    monkeypatch.setattr(partwords, "MEMO_WORDS", 4)
    listed = _fresh(protected)
    assert listed.positions(_words("some other words here and more")) == ([], [])
    assert listed.positions(words) == expected
    assert len(listed.heads) == len(listed.tails) <= len(set(words))


def test_words_holding_a_digit_stay_out_of_the_memos(protected):
    # No listed given or family part starts with a word holding a digit: a table's dates and numbers,
    # nearly every new word of one, are never hashed or remembered.
    listed = _fresh(protected)
    assert not listed.digit_words
    listed.positions(_words(TEXT))
    assert not any(ch.isdigit() for word in listed.heads for ch in word)
