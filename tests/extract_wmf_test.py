"""WMF pictures (extract/wmf.py): drawn text in its code pages, bitmaps read by OCR, an embedded EMF, fail closed.

WMF files come from LibreOffice (an SVG with text and a Pillow picture, converted; it also
carries the drawing as an EMF in comment escapes, as Office does) and are hand-built record by
record in tests/metafiles.py. People: tests/people.py (fictional).
"""

from __future__ import annotations

import random
import struct

import pytest

import attachments as A
import legacy
import metafiles as M
from people import PEOPLE, SCRIPT_PEOPLE
from withhold.extract import ocr
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
SETTINGS = Settings(identifier_columns=("passport",))
NO_ENGINE = SETTINGS.replace(ocr_engine="none")
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A WMF LibreOffice wrote, naming Jean-Luc Dubois in text and Ana Paz in its picture."""
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    sources = {"named.svg": M.svg(f"Witness: {JEAN.full}", M.badge(f"Visitor: {ANA.full}"))}
    return M.by_libreoffice(sources, "wmf", tmp_path_factory.mktemp("wmf"))


def test_text_libreoffice_drew_is_found_in_the_wmf_and_in_the_emf_it_carries(protected, written):
    result = A.scan("clip.wmf", written["named.svg"], protected, NO_ENGINE)
    texts = {(f.path, f.locator.split("=")[0], f.records[0]) for f in result.findings}
    assert texts == {("clip.wmf", "#record", JEAN.id), ("clip.wmf!escape.emf", "#record", JEAN.id)}
    assert {c.reason for c in result.coverage if c.member and c.path.endswith(".bmp")} == {"pixels not read"}
    assert result.failed


@needs_engine
def test_a_name_in_a_bitmap_of_a_libreoffice_wmf_is_read_by_ocr(protected, written):
    result = A.scan("clip.wmf", written["named.svg"], protected, SETTINGS)
    assert {f.records[0] for f in result.findings if f.path.endswith(".bmp")} == {ANA.id}
    assert all(c.status == "examined" for c in result.coverage), result.coverage


HAND_BUILT = {
    # case: (WMF, the locator of the finding, the record found)
    "META_TEXTOUT": (M.wmf(M.textout(10, 10, ANA.full.encode())), "#record=1", ANA.id),
    "META_EXTTEXTOUT, one character per record": (
        M.wmf(*[M.exttextout(100 + 10 * i, 50, c.encode()) for i, c in enumerate(ANA.full)]), "#record=1", ANA.id),
    "accents in Windows-1252": (M.wmf(M.exttextout(10, 10, MARIA.full.encode("cp1252"))), "#record=1", MARIA.id),
    "not placeable": (M.wmf(M.textout(10, 10, ANA.full.encode()), placeable=False), "#record=1", ANA.id),
    "an escape's data (PostScript passed through)": (
        M.wmf(M.wmf_record(0x0626, struct.pack("<HH", 0x1000, 14) + f"({ANA.full}) show".encode())),
        "#record=1", ANA.id),
}


@pytest.mark.parametrize("case", sorted(HAND_BUILT))
def test_text_in_a_hand_built_wmf_is_found_and_located(protected, case):
    data, locator, record = HAND_BUILT[case]
    result = A.scan("clip.wmf", data, protected, SETTINGS)
    assert {(f.locator, f.records[0]) for f in result.findings} == {(locator, record)}
    assert A.statuses(result) == {"clip.wmf": ("examined", "")}


def test_text_is_read_in_the_code_page_of_the_font_s_character_set(tmp_path):
    from protected_forms import write_forms_list
    from withhold.protected.plaintext import Protected

    protected = Protected.load(write_forms_list(tmp_path / "list.csv", native=True), SETTINGS)[0]
    person, written = SCRIPT_PEOPLE[0]
    russian = 204  # RUSSIAN_CHARSET: Windows-1251
    data = M.wmf(M.font(russian), M.exttextout(10, 10, f"Посетитель: {written}".encode("cp1251")))
    result = A.scan("clip.wmf", data, protected, SETTINGS)
    assert {(f.locator, f.records[0]) for f in result.findings} == {("#record=2", person.id)}


def test_a_dib_record_becomes_a_picture_member(protected):
    data = M.wmf(M.stretchdib(M.bmp(M.badge(f"Visitor: {ANA.full}"))))
    result = A.scan("clip.wmf", data, protected, NO_ENGINE)
    assert A.statuses(result)["clip.wmf!record-1.bmp"] == ("not examined", "pixels not read")


@pytest.mark.parametrize("depth", [1, 24])
def test_a_device_dependent_bitmap_becomes_a_picture_member(protected, depth):
    data = M.wmf(M.bitblt_ddb(M.badge(f"Visitor: {ANA.full}"), depth))
    result = A.scan("clip.wmf", data, protected, NO_ENGINE)
    assert A.statuses(result) == {"clip.wmf": ("examined", ""), "clip.wmf!record-1.bmp": ("not examined", "pixels not read")}


@needs_engine
def test_a_name_in_a_device_dependent_bitmap_is_read_by_ocr(protected):
    result = A.scan("clip.wmf", M.wmf(M.bitblt_ddb(M.badge(f"Visitor: {ANA.full}"))), protected, SETTINGS)
    assert {(f.path, f.locator.startswith("#box="), f.records[0]) for f in result.findings} == {
        ("clip.wmf!record-1.bmp", True, ANA.id)}


NOT_EXAMINED = {
    "a device-dependent bitmap of the device's palette": (
        M.wmf(M.wmf_record(0x0922, struct.pack("<I6h", 0, 0, 0, 2, 4, 0, 0) + struct.pack("<hhhHBB", 0, 4, 2, 4, 1, 8)
                           + bytes(8))), "unsupported"),
    "a device-dependent bitmap of no planes": (M.wmf(M.wmf_record(0x0922, b"\x00" * 40)), "unsupported"),
    "text drawn by glyph index": (M.wmf(M.exttextout(10, 10, b"\x12\x34", options=0x10)), "unsupported"),
    "no end-of-file record": (M.wmf(M.textout(10, 10, b"Figure"), eof=False), "incomplete"),
    "a record of size zero": (M.wmf(struct.pack("<IH", 0, 0x0521)), "corrupt"),
    "a record past the end": (M.wmf(eof=False) + struct.pack("<IH", 4096, 0x0521), "corrupt"),
    "a bitmap with a damaged header": (M.wmf(M.wmf_record(0x0F43, b"\x00" * 40)), "corrupt"),
}


@pytest.mark.parametrize("case", sorted(NOT_EXAMINED))
def test_what_cannot_be_read_leaves_the_wmf_not_examined(protected, case):
    data, reason = NOT_EXAMINED[case]
    result = A.scan("clip.wmf", data, protected, SETTINGS)
    assert A.statuses(result)["clip.wmf"] == ("not examined", reason)


def test_damaged_wmfs_end_with_a_status_never_a_crash(protected):
    rng = random.Random(5)
    good = M.wmf(M.font(0), M.exttextout(10, 10, b"Figure"), M.stretchdib(M.bmp(M.badge("x", 8))),
                 M.bitblt_ddb(M.badge("y", 8)))
    for _ in range(200):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(22, len(data))] = rng.randrange(256)
        result = A.scan("clip.wmf", bytes(data), protected, NO_ENGINE.replace(pixels="unread-ok"))
        assert result.coverage and all("reader failed" not in c.detail for c in result.coverage)
