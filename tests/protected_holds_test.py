"""Protected.holds: whether a text holds an identifier, decided at the first one that stands, as find() would say.

A quick reading (an office part read fast, a waiver's reason) only needs to know that it holds one;
holds() gives bool(find()) without corroborating every name. People: tests/people.py (fictional).
"""

from __future__ import annotations

import random

from conftest import SETTINGS
from people import PEOPLE, generated, write_list
from sealed_test import KEY, _seal
from withhold.protected.plaintext import Protected
from withhold.protected.sealed import SealedProtected

# Pieces a text is made of: names as written and joined by code, dates, A-numbers, partial names, words.
_FILLER = ["Room 4", "hearing", "born", "on", "x.y", "<li>", "=", "(", ")", ";", "\t", "\n", "de", "and", ",", "A-"]


def _pieces(people) -> list[str]:
    out = list(_FILLER)
    for p in people:
        out += [p.full, f"{p.family}, {p.given}", p.family, p.given, p.given.split()[0], p.a_number,
                f"{p.dob:%d.%m.%Y}", f"{p.dob:%Y-%m-%d}", f"{p.given}.{p.family}", f"{p.given} X. {p.family}"]
    return out


def test_holds_says_what_find_says_for_either_kind_of_list(tmp_path):
    people = list(PEOPLE) + generated(60, seed=31)
    path = write_list(tmp_path / "list.csv", people)
    plain = Protected.load(path, SETTINGS)[0]
    sealed = SealedProtected.load(_seal(path)[0], SETTINGS, KEY)[0]
    pieces = _pieces(people[:12]) + _pieces(generated(6, seed=99))  # people listed, and people not listed
    rng = random.Random(3)
    held = 0
    for _ in range(600):
        text = rng.choice(["", " ", "\t"]).join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        found = bool(plain.find(text))
        assert plain.holds(text) == found, text
        assert sealed.holds(text) == bool(sealed.find(text)) == found, text
        held += found
    assert 100 < held < 550  # both answers were asked for, many times


def test_a_name_that_code_joins_is_not_held(protected):
    maria = PEOPLE[0]
    assert not protected.holds(f"x = {maria.given.replace(' ', '.')}.{maria.family.replace(' ', '.')}()")
    assert protected.holds(f"Visitor: {maria.full}")
    assert protected.holds(f"{maria.family.split()[0].upper()} (born {maria.dob:%d.%m.%Y})")  # a partial name
