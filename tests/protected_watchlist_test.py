"""protected/watchlist.py: lists read into records, and a validation report of counts and row numbers only.

Every person here is fictional (tests/people.py).
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from people import PEOPLE
from withhold.errors import ConfigError
from withhold.protected.watchlist import ListReport, Record, canonical_a_number, load, parse_date, read_text
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
SETTINGS = Settings(identifier_columns=("passport",))
DATES = "unparseable birth dates (use YYYY-MM-DD)"
A_NUMBERS = "unparseable A-numbers (7 to 9 digits, optional A prefix)"
GIVEN_ONLY = "given names without a family name (too common to match alone)"


def _load(tmp_path: Path, name: str, content: str | bytes, settings: Settings = SETTINGS) -> tuple[list[Record], ListReport]:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load(path, settings)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("A012345678", "012345678"),
        ("a012345678", "012345678"),
        ("987654321", "987654321"),
        ("A 203 040 506", "203040506"),
        ("A-11-222-333", "011222333"),
        ("A# 1234567", "001234567"),
        ("A: 12.345.678", "012345678"),
        ("  A.12345678  ", "012345678"),
        ("1234567", "001234567"),  # seven digits: listed numbers may be written short
        ("123456", None),  # too few digits
        ("1234567890", None),  # too many
        ("A-12", None),
        ("12--345678", None),  # one separator at a time
        ("B123456789", None),  # another prefix is another identifier
        ("A 12345678 9", "123456789"),
        ("", None),
    ],
)
def test_canonical_a_number(written, canonical):
    assert canonical_a_number(written) == canonical


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("1985-03-12", dt.date(1985, 3, 12)),
        (" 1985-03-12 ", dt.date(1985, 3, 12)),
        ("19850312", dt.date(1985, 3, 12)),
        ("1985-03-12T08:30:00", dt.date(1985, 3, 12)),  # a time part is ignored
        ("1985-03-12 08:30", dt.date(1985, 3, 12)),
        ("1968-02-29", dt.date(1968, 2, 29)),
        ("1969-02-29", None),  # not a leap year
        ("20011305", None),
        ("12/03/1985", None),  # day or month first? Refused rather than guessed
        ("12 March 1985", None),
        ("", None),
    ],
)
def test_parse_date(written, date):
    assert parse_date(written) == date


@pytest.mark.parametrize(
    "data",
    [
        b"full_name\nAna Paz\n",
        codecs.BOM_UTF8 + b"full_name\nAna Paz\n",
        codecs.BOM_UTF16_LE + "full_name\nAna Paz\n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "full_name\nAna Paz\n".encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16-le", "utf-16-be"],
)
def test_read_text_takes_utf8_and_utf16_with_a_bom(tmp_path, data):
    (tmp_path / "list.csv").write_bytes(data)
    assert read_text(tmp_path / "list.csv") == "full_name\nAna Paz\n"


def test_a_bom_does_not_hide_the_first_column(tmp_path):
    records, report = _load(tmp_path, "list.csv", codecs.BOM_UTF8 + b"id,full_name\nP00002,Ana Paz\n")
    assert records == [Record("P00002", 2, "Ana Paz", "", "", None, "", (), ())]
    assert report == ListReport(1, (), ())


# Column names as people write them, each to the column withhold knows.
ALIASES = [
    ("Record ID,First Name,Last-Name,Date of Birth,A No,passport,Nationality",),
    ("record,forename,surname,birthdate,anumber,passport,nationality",),
    ("id,given_names,family_names,birth_date,alien_number,passport,nationality",),
    ("RECORD_ID, Given Name ,Surnames,DOB,A-Number,passport,nationality",),
]


@pytest.mark.parametrize(("header",), ALIASES)
def test_column_aliases(tmp_path, header):
    row = f"{MARIA.id},{MARIA.given},{MARIA.family},{MARIA.dob},{MARIA.a_number},{MARIA.passport},{MARIA.nationality}"
    records, report = _load(tmp_path, "list.csv", f"{header}\n{row}\n")
    assert records == [Record("P00001", 2, "", "María José", "García López", dt.date(1985, 3, 12), "012345678",
                              (("passport", "XK1234567"),), ("Fictionland",))]
    assert report == ListReport(1, (), ())


def test_full_names_and_tab_separated_lists(tmp_path):
    records, _ = _load(tmp_path, "list.tsv", "Full Name\tdob\nAna Paz\t1990-07-01\n")
    assert records == [Record("row 2", 2, "Ana Paz", "", "", dt.date(1990, 7, 1), "", (), ())]


def test_unknown_columns_are_named_ignored_and_declared_ones_are_not(tmp_path):
    _, report = _load(tmp_path, "list.csv", "id,full_name,notes,Phone Number,passport,facility\nP1,Ana Paz,x,y,z,w\n")
    assert report.ignored_columns == ("notes", "phone_number")
    assert report.lines() == ["columns neither known nor declared, ignored: notes, phone_number"]


# One list with every problem validation reports, row numbers as a spreadsheet shows them.
PROBLEMS = "\n".join([
    "id,given_name,family_name,dob,a_number,passport,nationality",
    f"{ANA.id},{ANA.given},{ANA.family},{ANA.dob},{ANA.a_number},{ANA.passport},{ANA.nationality}",  # 2: kept
    ",,,,,,",  # 3: blank
    f"{JEAN.id},{JEAN.given}",  # 4: malformed, too few cells
    f"{JEAN.id},{JEAN.given},{JEAN.family},23/11/1979,{JEAN.a_number},,{JEAN.nationality}",  # 5: date
    f"{OLU.id},{OLU.given},{OLU.family},{OLU.dob},A-12,,{OLU.nationality}",  # 6: A-number
    f"{ANA.id},{SOREN.given},{SOREN.family},{SOREN.dob},{SOREN.a_number},,",  # 7: duplicate id
    f"P00009,{ANA.given},{ANA.family},{ANA.dob},{ANA.a_number},{ANA.passport},{ANA.nationality}",  # 8: same person
    "P00010,Renée,,,,,",  # 9: a given name alone
    "",  # 10: empty line
    f"{MARIA.id},a,b,c,d,e,f,g",  # 11: malformed, too many cells
    f"{MARIA.id},{MARIA.given},{MARIA.family},,,,",  # 12: kept
    f"{MARIA.id},{MARIA.given},{MARIA.family},,,,",  # 13: duplicate id and duplicate record
]) + "\n"


def test_every_problem_is_counted_by_row_never_shown(tmp_path, assert_no_leak):
    records, report = _load(tmp_path, "list.csv", PROBLEMS)
    assert report == ListReport(6, (
        ("blank rows", (3, 10)),
        ("malformed rows", (4, 11)),
        (DATES, (5,)),
        (A_NUMBERS, (6,)),
        ("duplicate ids", (7, 13)),
        ("duplicate records", (8, 13)),
        (GIVEN_ONLY, (9,)),
    ), ())
    assert [(r.id, r.row, r.dob, r.a_number) for r in records] == [
        ("P00002", 2, dt.date(1990, 7, 1), "987654321"),
        ("P00003", 5, None, "203040506"),  # the record stays, without the date it could not read
        ("P00004", 6, dt.date(2001, 1, 5), ""),
        ("P00002 (row 7)", 7, dt.date(1968, 2, 29), "099887766"),
        ("P00010", 9, None, ""),
        ("P00001", 12, None, ""),
    ]
    assert report.lines() == [
        "2 blank rows (rows 3, 10)",
        "2 malformed rows (rows 4, 11)",
        f"1 {DATES} (rows 5)",
        f"1 {A_NUMBERS} (rows 6)",
        "2 duplicate ids (rows 7, 13)",
        "2 duplicate records (rows 8, 13)",
        f"1 {GIVEN_ONLY} (rows 9)",
    ]
    assert_no_leak(repr(report), "\n".join(report.lines()))


def test_report_lines_show_the_first_rows_only(tmp_path):
    _, report = _load(tmp_path, "list.csv", "full_name\nAna Paz\n" + "\n" * 12)
    assert report.lines() == ["12 blank rows (rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 ...)"]
    assert report.lines(max_rows=2) == ["12 blank rows (rows 3, 4 ...)"]


def test_json_lines(tmp_path):
    lines = [
        '{"id": "P00001", "Given Name": "María José", "surname": "García López", "dob": "1985-03-12", '
        '"A-Number": "A012345678", "passport": "XK1234567", "nationality": null}',
        "",
        "not json",
        "[1, 2]",
        '{"id": "P00002", "name": "Ana Paz", "dob": 19900701}',  # numbers are read as written
        "{}",
        '{"id": null, "name": "  "}',
    ]
    records, report = _load(tmp_path, "list.jsonl", "\n".join(lines) + "\n")
    assert records == [
        Record("P00001", 1, "", "María José", "García López", dt.date(1985, 3, 12), "012345678",
               (("passport", "XK1234567"),), ()),
        Record("P00002", 5, "Ana Paz", "", "", dt.date(1990, 7, 1), "", (), ()),
    ]
    assert report == ListReport(2, (("blank rows", (2, 6, 7)), ("malformed rows", (3, 4))), ())


def test_ndjson_is_json_lines(tmp_path):
    records, _ = _load(tmp_path, "list.ndjson", '{"full_name": "Ana Paz"}\n')
    assert records == [Record("row 1", 1, "Ana Paz", "", "", None, "", (), ())]


def test_plain_text_lists_one_entry_a_line(tmp_path):
    text = "Ana Paz\n\nA-11-222-333\nXK1234567\nSøren\nJean-Luc Dubois 1979\n   \n"
    records, report = _load(tmp_path, "list.txt", text)
    assert records == [
        Record("line 1", 1, "Ana Paz", "", "", None, "", (), ()),  # two words, letters only: a name
        Record("line 3", 3, "", "", "", None, "011222333", (), ()),
        Record("line 4", 4, "", "", "", None, "", (("identifier", "XK1234567"),), ()),
        Record("line 5", 5, "", "", "", None, "", (("identifier", "Søren"),), ()),  # one word: exact only
        Record("line 6", 6, "", "", "", None, "", (("identifier", "Jean-Luc Dubois 1979"),), ()),
    ]
    assert report == ListReport(5, (("blank rows", (2, 7)),), ())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.csv", "nombre,apellido\nAna,Paz\n",
         "the protected list {path} has no recognised column; expected a header with some of id, full_name, "
         "given_name, family_name, dob, a_number (or columns declared with --identifier-column)"),
        ("list.csv", b"full_name\nGarc\xeda\n",
         "the protected list {path} is not UTF-8 text; save it as UTF-8 CSV or JSON Lines"),
    ],
    ids=["no known column", "not utf-8"],
)
def test_a_list_that_cannot_be_used_is_refused(tmp_path, name, content, message):
    with pytest.raises(ConfigError) as exc:
        _load(tmp_path, name, content)
    assert str(exc.value) == message.format(path=tmp_path / name)


def test_a_declared_identifier_column_is_enough(tmp_path):
    records, report = _load(tmp_path, "list.csv", "passport\nXK7654321\n")
    assert records == [Record("row 2", 2, "", "", "", None, "", (("passport", "XK7654321"),), ())]
    assert report == ListReport(1, (), ())


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("missing", "the protected list {path} does not exist; pass --list PATH or set WITHHOLD_LIST"),
        ("folder", "the protected list {path} is not a regular file"),
    ],
)
def test_a_list_that_is_not_a_file_is_refused(tmp_path, make, message):
    path = tmp_path / "list.csv"
    if make == "folder":
        path.mkdir()
    with pytest.raises(ConfigError) as exc:
        load(path, SETTINGS)
    assert str(exc.value) == message.format(path=path)
