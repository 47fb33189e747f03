"""Names in other scripts and under other romanisations (issue 12): the skeleton of list and text.

People: tests/people.py (fictional). The list holds romanised names, as agency records do; pages
write them in Cyrillic, Greek, Armenian or Georgian, or romanised under another system.
"""

from __future__ import annotations

import pytest

from conftest import SETTINGS
from protected_forms import write_forms_list
from withhold.protected.plaintext import Protected
from withhold.text.normalize import normalize
from withhold.text.skeleton import skeleton


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    return Protected.load(write_forms_list(tmp_path_factory.mktemp("secure") / "list.csv"), SETTINGS)[0]


def found(protected: Protected, text: str) -> list[tuple[str, str]]:
    """Return (record id, the text's own words that matched) of each name hit."""
    return [(protected.record_id(r), text[h.start : h.end]) for h in protected.find(text) if h.kind == "name"
            for r in h.records]


SCRIPTS = {
    # the page in the person's own script, the list romanised (ICAO 9303 as on a passport)
    "cyrillic": ("Сегодня Юлия Щербакова выступила.", [("S00001", "Юлия Щербакова")]),
    "cyrillic upper case": ("ЮЛИЯ ЩЕРБАКОВА", [("S00001", "ЮЛИЯ ЩЕРБАКОВА")]),
    "cyrillic family first": ("Щербакова Юлия", [("S00001", "Щербакова Юлия")]),
    "cyrillic with ё": ("Евгений Хрусталёв", [("S00002", "Евгений Хрусталёв")]),
    "greek": ("Ο Νικόλαος Παπαδόπουλος", [("S00003", "Νικόλαος Παπαδόπουλος")]),
    "greek capitals": ("ΝΙΚΟΛΑΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", [("S00003", "ΝΙΚΟΛΑΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ")]),
    "armenian": ("Արամ Խաչատրյան", [("S00004", "Արամ Խաչատրյան")]),
    "georgian": ("ნინო ხარაიშვილი", [("S00005", "ნინო ხარაიშვილი")]),
    # romanised under another system than the list's
    "BGN/PCGN": ("Yuliya Shcherbakova", [("S00001", "Yuliya Shcherbakova")]),
    "scholarly": ("Julija Ščerbakova", [("S00001", "Julija Ščerbakova")]),
    "loose yu ia": ("Yulia Shcherbakova", [("S00001", "Yulia Shcherbakova")]),
    "BGN -iy and ye": ("Yevgeniy Khrustalyov", [("S00002", "Yevgeniy Khrustalyov")]),
    "loose -y and h": ("Evgeny Hrustalev", [("S00002", "Evgeny Hrustalev")]),
    "ISO 9 e": ("Evgenij Hrustalëv", [("S00002", "Evgenij Hrustalëv")]),
    "greek ou as u": ("Nikolaos Papadopulos", [("S00003", "Nikolaos Papadopulos")]),
    "armenian ia": ("Aram Khachatrian", [("S00004", "Aram Khachatrian")]),
    "georgian old x as kh": ("Nino Kharaishvili", [("S00005", "Nino Kharaishvili")]),
    # controls: an unlisted name in another script, a listed given name alone, common words
    "unlisted cyrillic name": ("Мария Иванова", []),
    "listed given name alone in cyrillic": ("Юлия и Мария", []),
    "listed family name alone in greek": ("κ. Παπαδόπουλος", []),
    "english words that fold": ("in the path with you there which", []),
}


@pytest.mark.parametrize("case", sorted(SCRIPTS))
def test_a_name_in_another_script_or_romanisation_is_found(case, listed):
    text, expected = SCRIPTS[case]
    assert found(listed, text) == expected


@pytest.mark.parametrize("text", ["Iuliia Shcherbakova", "Yuliya Shcherbakova", "Yulia Shcherbakova"])
def test_the_reverse_a_list_entry_in_cyrillic_and_a_latin_page(text, tmp_path):
    protected = Protected.load(write_forms_list(tmp_path / "list.csv", cyrillic_entries=True), SETTINGS)[0]
    assert found(protected, f"see {text} here") == [("S00001", text)]


NATIVE = {
    "chinese name in its own cell": ("<td>王小明</td>", "王小明"),
    "arabic name": ("قال محمد العلي", "محمد العلي"),
}


@pytest.mark.parametrize("case", sorted(NATIVE))
def test_a_native_name_column_is_matched_as_a_name(case, tmp_path):
    import csv

    path = tmp_path / "list.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "given_name", "family_name", "native_name"])
        w.writerow(["N1", "Xiaoming", "Wang", "王小明"])
        w.writerow(["N2", "Mohammed", "Al-Ali", "محمد العلي"])
    protected = Protected.load(path, SETTINGS)[0]
    text, name = NATIVE[case]
    assert [text[h.start : h.end] for h in protected.find(text)] == [name]
    assert protected.find("王小明的朋友") == []  # inside running Chinese text: not a token of its own


@pytest.mark.parametrize("text", ["Юлия Щербакова", "Ευάγγελος Θεοδωράκης", "Dmitrij Vasilʹev", "a b, c-d", "",
                                  "ŉ ǆ Ⅻ", "王小明 and 12 345"])
def test_the_skeleton_keeps_every_token(text):
    norm = normalize(text)
    assert len(skeleton(norm).split(" ")) == len(norm.split(" "))


@pytest.mark.parametrize("written", ["Iuliia Shcherbakova", "Yuliya Shcherbakova", "Julija Ščerbakova",
                                     "Yulia Shcherbakova", "Юлия Щербакова", "IULIIA SHCHERBAKOVA"])
def test_every_system_has_one_skeleton(written):
    assert skeleton(normalize(written)) == skeleton(normalize("Iuliia Shcherbakova"))


@pytest.mark.parametrize(("short", "word"), [("te", "the"), ("iu", "you"), ("mai", "may"), ("pat", "path")])
def test_short_words_never_fold_onto_short_names(short, word):
    assert skeleton(short) != skeleton(word)


def _skeleton_golden() -> list[tuple[str, str]]:
    import re
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "normalization.md").read_text(encoding="utf-8")
    table = doc.split("| skeleton | input | skeleton |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| [^|]+ \| `(.*)` \| `(.*)` \|$", table, re.MULTILINE)


@pytest.mark.parametrize(("written", "expected"), _skeleton_golden())
def test_the_documented_skeletons(written, expected):
    assert skeleton(normalize(written)) == expected
