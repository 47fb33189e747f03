"""Names read from pixels with one character wrong (protected/misread.py): found there, and only there.

People: tests/people.py (fictional), and a few more made up here, said so where they are.
"""

from __future__ import annotations

import io
import json
import random

import pytest

from conftest import SETTINGS
from extract_ocr_test import _badge, needs_engine
from people import PEOPLE, Person, generated, write_list
from sealed_test import _seal
from withhold.cli import main
from withhold.protected import misread
from withhold.protected.plaintext import Protected
from withhold.protected.sealed import SealedProtected
from withhold.scan.file import scan_bytes
from withhold.text.normalize import normalize

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
KEY = "fictional-test-key-0123456789abcdef"  # sealed_test's key, for lists of fictional people


def _found(protected, text: str, misread_: bool = True) -> set[tuple[str, bool]]:
    return {(protected.record_id(r), hit.misread) for hit in protected.find(text, misread_) for r in hit.records
            if hit.kind == "name"}


@pytest.mark.parametrize("read", [
    "Søren Erøskøbing",  # Æ read E: the letter RapidOCR dropped without hesitating
    "Soren Aeroskobinq",  # g read q
    "Sören Aeroskobing",  # an accent that folds away changes nothing: read exactly
    "Søren Ærøskøbinng",  # a letter added
    "Søren Ærøskbing",  # a letter left out
    "Søren Ærøskøb1ng",  # a digit read for a letter
    "Søren Ærøs købing",  # a space read inside a word: the two words read as one
    "Søren Æ røskøbing",
    "Ærøskø bing Søren",
])
def test_a_name_read_with_one_character_wrong_is_found_in_text_read_from_pixels(protected, read):
    found = _found(protected, f"Visitor: {read}")
    assert {r for r, _ in found} == {SOREN.id}
    exact = normalize(read) in {"soren aeroskobing"}
    assert found == {(SOREN.id, not exact)}


def test_the_same_text_outside_pixels_is_matched_as_written(protected):
    assert _found(protected, "Visitor: Søren Erøskøbing", misread_=False) == set()
    assert _found(protected, "Visitor: Søren Ærøs købing", misread_=False) == set()


def test_a_greek_family_name_read_with_a_space_inside_is_found(tmp_path):
    # A made-up person listed romanised; Tesseract's Greek model read a space inside the family name at 0.91.
    person = Person("T00004", "Nikolaos", "Papadopoulos", PEOPLE[0].dob, "", "", "")
    protected = Protected.load(write_list(tmp_path / "greek.csv", [person]), SETTINGS)[0]
    assert _found(protected, "ΝΙΚΌΛΑΟΣ ΠΑΠΑΔΌ ΠΟΥΛΟΣ") == {("T00004", True)}
    hit, = protected.find("Visitor: ΝΙΚΌΛΑΟΣ ΠΑΠΑΔΌ ΠΟΥΛΟΣ, room 4", True)
    assert (hit.start, hit.end) == (9, 31)
    # Words inside an exact hit are never joined: the name read rightly is the one finding.
    assert _found(protected, "Nikolaos Papadopoulos ulos") == {("T00004", False)}


@pytest.mark.parametrize("read", [
    "Soran Erøskøbing",  # two words changed: two changes, not one
    "Søren Erøskøbang",  # two changes in one word
    "Ama Paz",  # a word under MIN_LETTERS letters is only matched as written
    "Sorin Ærøskøbing",
    "Ana Pax",
    "Søren Ærøsk0b1ng",  # two digits: not a misread word
    "Søren Erøs købing",  # a space read inside a word and a letter wrong: two changes
    "Sø ren Ærøs købing",  # two spaces
    "So ren Ærøskøbing",  # the two words as one are under MIN_LETTERS letters
    "Søren Ærøskø bingo",  # a space and a letter added
])
def test_more_than_one_change_or_a_short_word_is_not_a_misread(protected, read):
    assert _found(protected, read) == set()


def test_an_a_number_with_one_digit_wrong_is_another_number(protected):
    number = "".join(c for c in SOREN.a_number if c.isdigit())
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not [h for h in protected.find(f"Reference A{wrong}", True) if h.kind == "a_number"]


def test_a_name_read_as_written_is_not_changed_into_another_listed_name(tmp_path):
    # Two made-up people whose names differ by one letter: the one read exactly is the only one found.
    twins = [Person("T00001", "Mariana", "Velazquezo", PEOPLE[0].dob, "", "", ""),
             Person("T00002", "Mariano", "Velazquezo", PEOPLE[1].dob, "", "", "")]
    protected = Protected.load(write_list(tmp_path / "twins.csv", twins), SETTINGS)[0]
    assert _found(protected, "Mariana Velazquezo") == {("T00001", False)}
    assert _found(protected, "Marianu Velazquezo") == {("T00001", True), ("T00002", True)}


def test_a_greek_letter_misread_meets_the_romanised_list(tmp_path):
    # A made-up person listed romanised; the Greek script model read Δ as Λ.
    person = Person("T00003", "Nikolaos", "Dimitriou", PEOPLE[0].dob, "", "", "")
    protected = Protected.load(write_list(tmp_path / "greek.csv", [person]), SETTINGS)[0]
    assert _found(protected, "Νικόλαος Δημητρίου", misread_=False) == {("T00003", False)}
    assert _found(protected, "Νικόλαος Λημητρίου") == {("T00003", True)}


def test_a_misread_name_is_corroborated_like_any_other(protected):
    hits = [h for h in protected.find(f"Søren Erøskøbing {SOREN.dob:%d.%m.%Y}", True) if h.kind == "name"]
    assert [(h.misread, h.corroborated) for h in hits] == [(True, True)]


# ---- the same rule for a sealed list ---------------------------------------------------------------------

def _misreads(person: Person, rng: random.Random) -> str:
    """Return a person's name with one change in one word long enough for it (a space too), or as written."""
    words = f"{person.given} {person.family}".split()
    long = [i for i, w in enumerate(words) if len(normalize(w)) >= misread.MIN_LETTERS]
    if not long:
        return " ".join(words)
    i = rng.choice(long)
    word, at = words[i], rng.randrange(len(words[i]))
    change = rng.choice(("replace", "drop", "add", "space"))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz0")
    words[i] = (word[:at] + letter + word[at + 1 :] if change == "replace" else
                word[:at] + word[at + 1 :] if change == "drop" else
                word[: at + 1] + " " + word[at + 1 :] if change == "space" and at + 1 < len(word) else
                word[:at] + letter + word[at:])
    return " ".join(words)


def test_a_sealed_list_finds_the_same_misreads_as_the_plaintext_list(tmp_path):
    people = list(PEOPLE) + generated(300, seed=23)
    path = write_list(tmp_path / "list.csv", people)
    plain = Protected.load(path, SETTINGS)[0]
    sealed_path, ids = _seal(path)
    sealed = SealedProtected.load(sealed_path, SETTINGS, KEY)[0]
    rng = random.Random(5)
    found = 0
    texts: list[str] = []
    for person in rng.sample(people, 150):
        text = f"{rng.choice(['Visitor:', 'Name', ''])} {_misreads(person, rng)} {rng.choice(['room 4', '', 'badge'])}"
        a = {(h.start, h.end, h.kind, tuple(sorted(plain.record_id(r) for r in h.records)), h.corroborated, h.misread)
             for h in plain.find(text, True)}
        b = {(h.start, h.end, h.kind, tuple(sorted(ids.get(sealed.record_id(r), sealed.record_id(r)) for r in h.records)),
              h.corroborated, h.misread) for h in sealed.find(text, True)}
        assert a == b, text
        found += any(person.id in hit[3] for hit in a)
        texts.append(text)
    assert found >= 140  # a change can make another listed word: then no misread is tried there
    # A file sealed before the table of forms' second words (which only spares work) finds the same.
    with_table = [sealed.find(text, True) for text in texts]
    sealed._second = None
    sealed._seconds.clear()
    assert [sealed.find(text, True) for text in texts] == with_table


# ---- through a picture, and the report ------------------------------------------------------------------

def _png(text: str) -> bytes:
    out = io.BytesIO()
    _badge(text, size=24).save(out, "PNG")
    return out.getvalue()


@needs_engine
def test_a_picture_of_a_misspelt_name_fails_and_the_report_says_why(protected, list_path, tmp_path, assert_no_leak, capsys):
    # The picture writes the name with one letter wrong, as a misreading engine would give it back.
    data = _png("Visitor: Søren Erøskøbing")
    result = scan_bytes("board.png", data, protected, SETTINGS)
    names = [f for f in result.findings if f.kind == "name"]
    assert [f.records for f in names] == [(SOREN.id,)]
    assert "#box=" in names[0].locator and names[0].locator.endswith(misread.NOTE)
    # The same words in a page are matched as written: no finding.
    page = b"<html><body><p>Visitor: S\xc3\xb8ren Er\xc3\xb8sk\xc3\xb8bing</p></body></html>"
    assert scan_bytes("page.html", page, protected, SETTINGS).findings == []
    site = tmp_path / "site"
    site.mkdir()
    (site / "board.png").write_bytes(data)
    report = tmp_path / "report.json"
    assert main(["scan", "--list", str(list_path), "--no-progress", "--format", "json", "--output", str(report), str(site)]) == 1
    out = capsys.readouterr()
    text = report.read_text()
    assert misread.NOTE.strip(" ()") in json.loads(text)["findings"][0]["locator"]
    assert_no_leak(out.out, out.err, text)
