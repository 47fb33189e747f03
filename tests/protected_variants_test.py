"""protected/variants.py: every written form of a name, a date and an identifier, in normalised form.

Every person here is fictional (tests/people.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from people import PEOPLE
from withhold.protected.names import surname_groups
from withhold.protected.variants import (
    corroborating_forms,
    date_forms,
    identifier_forms,
    name_forms,
    strong_forms,
)
from withhold.protected.watchlist import Record

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE


def _record(full: str = "", given: str = "", family: str = "", identifiers: tuple[tuple[str, str], ...] = ()) -> Record:
    return Record("P", 2, full, given, family, None, "", identifiers, ())


@pytest.mark.parametrize(
    ("family", "groups"),
    [
        ("paz", [["paz"]]),
        ("garcia lopez", [["garcia"], ["lopez"]]),
        ("garcia y lopez", [["garcia"], ["lopez"]]),  # the conjunction is dropped between surnames
        ("de la cruz pena", [["de", "la", "cruz"], ["pena"]]),  # particles stay with their surname
        ("van der berg", [["van", "der", "berg"]]),
        ("van", [["van"]]),  # a particle alone is still a surname
        ("cruz de", [["cruz", "de"]]),  # a trailing particle joins the surname before it
        ("y lopez", [["y"], ["lopez"]]),  # a conjunction first is no conjunction
    ],
)
def test_surname_groups(family, groups):
    assert surname_groups(family.split()) == groups


@pytest.mark.parametrize(
    ("record", "forms"),
    [
        (_record(given=ANA.given, family=ANA.family), {"ana paz", "paz ana"}),
        (_record(given=SOREN.given, family=SOREN.family), {"soren aeroskobing", "aeroskobing soren"}),
        # two surnames: both, or the first alone; a compound given name shortened only beside both
        (_record(given=MARIA.given, family=MARIA.family), {
            "maria jose garcia lopez", "garcia lopez maria jose",
            "maria jose garcia", "garcia maria jose",
            "maria garcia lopez", "garcia lopez maria",
        }),
        # a hyphenated given name is two tokens, shortened to the first
        (_record(given=JEAN.given, family=JEAN.family), {"jean luc dubois", "dubois jean luc", "jean dubois", "dubois jean"}),
        # particles belong to the surname they precede
        (_record(given=OLU.given, family=OLU.family), {
            "oluwaseun de la cruz pena", "de la cruz pena oluwaseun", "oluwaseun de la cruz", "de la cruz oluwaseun",
        }),
        (_record(given="Lucía", family="García y López"), {
            "lucia garcia y lopez", "garcia y lopez lucia", "lucia garcia lopez", "garcia lopez lucia",
            "lucia garcia", "garcia lucia",
        }),
        # a full name without a split: every split point may be the one
        (_record(full=JEAN.full), {"jean luc dubois", "luc dubois jean", "dubois jean luc"}),
        (_record(full=MARIA.full), {
            "maria jose garcia lopez", "jose garcia lopez maria", "garcia lopez maria jose", "lopez maria jose garcia",
        }),
        (_record(full=ANA.full, given=ANA.given, family=ANA.family), {"ana paz", "paz ana"}),
        # too short to match alone: one token, or initials
        (_record(given=ANA.given), set()),
        (_record(family=MARIA.family), set()),  # a family name alone is never a form
        (_record(full="Ana"), set()),
        (_record(given="A", family="Paz"), set()),
        (_record(full="A. Paz"), set()),
        (_record(given="Al", family="Li"), {"al li", "li al"}),  # two letters each is enough
        (_record(), set()),
    ],
    ids=lambda v: "" if isinstance(v, set) else f"{v.given_name}|{v.family_name}|{v.full_name}",
)
def test_name_forms(record, forms):
    assert name_forms(record) == forms


@pytest.mark.parametrize(
    ("value", "forms"),
    [
        ("XK1234567", {"xk1234567", "xk 1234567"}),
        ("XK 1234567", {"xk 1234567", "xk1234567"}),
        ("xk-12-34-567", {"xk 12 34 567", "xk1234567", "xk 1234567"}),
        ("1234-5678", {"1234 5678", "12345678"}),
        ("ÑU12345", {"nu12345", "nu 12345"}),
        ("AB 12", set()),  # under five characters: too short to be an identifier
        ("ab-12", set()),
        ("abcde", {"abcde"}),
    ],
)
def test_identifier_forms(value, forms):
    assert identifier_forms(value) == forms


def test_date_forms_of_a_two_digit_day_and_month():
    assert date_forms(dt.date(1985, 12, 31)) == {
        "19851231", "31121985", "12311985",
        "1985 12 31", "31 12 1985", "12 31 1985", "31 12 85", "12 31 85",
        "31 december 1985", "december 31 1985", "31 de december de 1985", "31 december 85",
        "31 dec 1985", "dec 31 1985", "31 de dec de 1985", "31 dec 85",
        "31 diciembre 1985", "diciembre 31 1985", "31 de diciembre de 1985", "31 diciembre 85",
        "31 dic 1985", "dic 31 1985", "31 de dic de 1985", "31 dic 85",
    }


@pytest.mark.parametrize(
    ("form", "present"),
    [
        ("19900701", True), ("01071990", True), ("07011990", True),
        ("1990 07 01", True), ("1990 7 1", True), ("1990 07 1", True), ("1990 7 01", True),
        ("1 7 1990", True), ("01 07 1990", True), ("7 1 1990", True), ("07 01 1990", True),
        ("1 7 90", True), ("7 1 90", True),
        ("1 july 1990", True), ("01 jul 1990", True), ("july 1 1990", True), ("jul 01 1990", True),
        ("1 julio 1990", True), ("1 de julio de 1990", True), ("01 de jul de 1990", True), ("1 july 90", True),
        ("1990 1 7", False),  # year, day, month: nobody writes it
        ("90 07 01", False),  # a short year first is no date people write
        ("19900107", False),
        ("july 1 90", False),
        ("1 jun 1990", False),
    ],
)
def test_date_forms_of_a_single_digit_day_and_month(form, present):
    assert (form in date_forms(ANA.dob)) is present


# Fewer forms where they coincide: no leading zero to drop, or day and month the same number.
@pytest.mark.parametrize(
    ("date", "count"),
    [(dt.date(1985, 12, 31), 24), (dt.date(1985, 3, 12), 25), (dt.date(1990, 7, 1), 47), (dt.date(2000, 5, 5), 30)],
)
def test_date_forms_count(date, count):
    assert len(date_forms(date)) == count


def test_strong_forms_are_the_names_and_every_declared_identifier():
    record = _record(given=ANA.given, family=ANA.family, identifiers=(("passport", ANA.passport), ("badge", "AB 12")))
    assert sorted(strong_forms(record)) == [
        ("name", "ana paz"), ("name", "paz ana"), ("passport", "xk 7654321"), ("passport", "xk7654321"),
    ]


@pytest.mark.parametrize(
    ("dob", "context", "forms"),
    [
        (None, (), set()),
        (None, ("Fictionland", "New  Utopia!", "UK", "  "), {"fictionland", "new utopia"}),  # under 3: dropped
        (dt.date(1985, 12, 31), ("Genovia",), date_forms(dt.date(1985, 12, 31)) | {"genovia"}),
    ],
)
def test_corroborating_forms(dob, context, forms):
    assert corroborating_forms(dob, context) == forms
