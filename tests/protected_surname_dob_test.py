"""A family name beside the record's own birth date, without the given name (issue 12).

People: tests/people.py (fictional). P00002 Ana Paz, born 1990-07-01; P00001 María José García
López, born 1985-03-12.
"""

from __future__ import annotations

import pytest

# text -> (the text's own words of the finding, record); None: nothing may be found
SURNAME_DOB = {
    "born in words": ("PAZ (born 1 July 1990)", ("PAZ (born 1 July 1990", "P00002")),
    "DOB slashes": ("Paz, DOB 07/01/1990", ("Paz, DOB 07/01/1990", "P00002")),
    "ISO date": ("Paz 1990-07-01", ("Paz 1990-07-01", "P00002")),
    "date first": ("1990-07-01: Paz", ("1990-07-01: Paz", "P00002")),
    "two-digit year": ("Paz, b. 1/7/90", ("Paz, b. 1/7/90", "P00002")),
    "spanish date": ("García López nació el 12 de marzo de 1985",
                     ("García López nació el 12 de marzo de 1985", "P00001")),
    "first surname only": ("Sra. García, 12.03.1985", ("García, 12.03.1985", "P00001")),
    "compact date": ("García López 19850312", ("García López 19850312", "P00001")),
    "year first, day of one digit": ("Paz, born 1990/7/1", ("Paz, born 1990/7/1", "P00002")),
    "table row": ("<table><tr><td>Paz</td><td>1990-07-01</td></tr></table>", ("Paz</td><td>1990-07-01", "P00002")),
    # controls
    "surname with someone else's date": ("Paz, DOB 1985-03-12", None),
    "date alone": ("born 1 July 1990", None),
    "surname too far from the date": ("Paz said that on the day of 1 July 1990", None),
    "surname on another line": ("Paz\nborn 1 July 1990", None),
    "surname in the next row": ("<table><tr><td>Paz</td></tr><tr><td>1990-07-01</td></tr></table>", None),
    "the full name is one finding": ("Ana Paz (born 1 July 1990)", ("Ana Paz", "P00002")),
}


@pytest.mark.parametrize("case", sorted(SURNAME_DOB))
def test_a_family_name_beside_its_birth_date_is_found(case, protected):
    from withhold.extract.html import reader_view

    text, expected = SURNAME_DOB[case]
    view = reader_view(text) if text.startswith("<") else text
    got = [(text[h.start : h.end], protected.record_id(r)) for h in protected.find(view) for r in h.records]
    assert got == ([expected] if expected else [])


def test_its_severity_is_high(protected):
    (hit,) = protected.find("Paz, DOB 07/01/1990")
    assert (hit.kind, hit.corroborated, hit.severity) == ("name", False, "high")


def test_a_family_name_that_starts_with_a_digit_word_is_still_looked_up(tmp_path):
    # Words holding a digit are looked up only where some listed part starts with one (parttables.DIGIT):
    # made-up people, one of them with a family name written with a digit, as a transcription may give it.
    import datetime as dt

    from conftest import SETTINGS
    from people import Person, write_list
    from sealed_test import KEY, _seal
    from withhold.protected.plaintext import Protected
    from withhold.protected.sealed import SealedProtected

    plain_people = [Person("T00010", "Ana", "Paz", dt.date(1990, 7, 1), "", "", "")]
    digit_people = plain_people + [Person("T00011", "Ole", "K9mer Lund", dt.date(1977, 5, 3), "", "", "")]
    text = "Paz, DOB 07/01/1990; K9MER LUND (born 3 May 1977); 123456789 2024"
    for people, digits in ((plain_people, False), (digit_people, True)):
        path = write_list(tmp_path / f"list-{digits}.csv", people)
        lists = [Protected.load(path, SETTINGS)[0], SealedProtected.load(_seal(path)[0], SETTINGS, KEY)[0]]
        for protected in lists:
            assert protected.partial.words.digit_words is digits
            found = {protected.record_id(r) for h in protected.find(text) for r in h.records}
            assert len(found) == len(people), (digits, found)
