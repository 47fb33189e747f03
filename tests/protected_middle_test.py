"""A middle name or initial the list lacks (issue 12): "Given X. Family" for a record "Given Family".

People: tests/people.py (fictional). P00002 Ana Paz, born 1990-07-01; P00003 Jean-Luc Dubois.
"""

from __future__ import annotations

import pytest

# text -> (the text's own words that matched, record, severity); None: nothing may be found
MIDDLE = {
    "initial with a full stop": ("Ana M. Paz", ("Ana M. Paz", "P00002", "high")),
    "initial": ("Ana M Paz", ("Ana M Paz", "P00002", "high")),
    "middle name": ("Ana Lucía Paz", ("Ana Lucía Paz", "P00002", "high")),
    "capitals": ("ANA LUCÍA PAZ", ("ANA LUCÍA PAZ", "P00002", "high")),
    "compound given name": ("Jean-Luc R. Dubois", ("Jean-Luc R. Dubois", "P00003", "high")),
    "in a slug": ("/people/ana-m-paz/", ("ana-m-paz", "P00002", "high")),
    "corroborated": ("Ana M. Paz, born 1990-07-01", ("Ana M. Paz", "P00002", "critical")),
    "family first with comma": ("Paz, Ana M.", ("Paz, Ana", "P00002", "high")),
    "family first": ("Dubois Jean-Luc Pierre", ("Dubois Jean-Luc", "P00003", "high")),
    "patronymic in cyrillic script": ("Юлия Андреевна Щербакова", None),  # not in this list: see below
    # controls
    "an initial and a surname": ("A. Paz", None),
    "a joining word": ("Ana and Paz", None),
    "a lower-case word between capitals": ("Ana met Paz", None),
    "a word in a lower-case text": ("ana maria paz", None),
    "two tokens between": ("Ana Lucía M. Paz", None),
    "digits between": ("Ana 12 Paz", None),
    "separate cells": ("<table><tr><td>Ana</td><td>M</td><td>Paz</td></tr></table>", None),
}


def _found(protected, text):
    return [(text[h.start : h.end], protected.record_id(r), h.severity) for h in protected.find(text) for r in h.records]


@pytest.mark.parametrize("case", sorted(MIDDLE))
def test_one_extra_token_between_given_and_family_name(case, protected):
    from withhold.extract.html import reader_view

    text, expected = MIDDLE[case]
    text = reader_view(text) if text.startswith("<") else text
    assert _found(protected, text) == ([expected] if expected else [])


def test_a_patronymic_in_cyrillic_is_a_middle_name(tmp_path):
    from conftest import SETTINGS
    from protected_forms import write_forms_list
    from withhold.protected.plaintext import Protected

    protected = Protected.load(write_forms_list(tmp_path / "list.csv"), SETTINGS)[0]
    text = "Юлия Андреевна Щербакова"
    assert _found(protected, text) == [(text, "S00001", "high")]
