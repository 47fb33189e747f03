"""EMF pictures (extract/emf.py, emfplus.py, metafile.py): drawn text, bitmaps read by OCR, EMF+, fail closed.

EMF files come from LibreOffice (an SVG with text and a Pillow picture, converted) and, for what
it does not write, are hand-built record by record in tests/metafiles.py. People: tests/people.py
(fictional). Tests that read pixels need an OCR engine; without one the picture must fail closed.
"""

from __future__ import annotations

import random
import struct

import pytest

import attachments as A
import legacy
import metafiles as M
import pictures as P
from people import PEOPLE
from withhold.extract import ocr
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
SETTINGS = Settings(identifier_columns=("passport",))
NO_ENGINE = SETTINGS.replace(ocr_engine="none")
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")
needs_soffice = pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """EMF pictures LibreOffice wrote: one naming Jean-Luc Dubois in text and Ana Paz in its picture, one clean."""
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    sources = {"named.svg": M.svg(f"Witness: {JEAN.full}", M.badge(f"Visitor: {ANA.full}")),
               "clean.svg": M.svg("Arrivals per year (synthetic)", P.chart(M.FONT))}
    return M.by_libreoffice(sources, "emf", tmp_path_factory.mktemp("emf"))


def _located(result) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(f.path, f.locator.split("#box=")[0] + ("#box=" if "#box=" in f.locator else ""), f.records[0])
            for f in result.findings}


@needs_soffice
def test_text_libreoffice_drew_is_found_by_its_record(protected, written):
    result = A.scan("chart.emf", written["named.svg"], protected, NO_ENGINE)
    texts = {(f.locator.split("=")[0], f.records[0]) for f in result.findings if f.path == "chart.emf"}
    assert texts == {("#record", JEAN.id)}
    # Without an engine its picture is not examined, and so neither is the file: fail closed.
    assert [(c.status, c.reason) for c in result.coverage if c.member] == [("not examined", "pixels not read")]
    assert result.failed


@needs_soffice
@needs_engine
def test_a_name_in_a_bitmap_libreoffice_embedded_is_read_by_ocr(protected, written):
    result = A.scan("chart.emf", written["named.svg"], protected, SETTINGS)
    pictures = {(f.path.rpartition("!")[2].split("-")[0], f.records[0]) for f in result.findings if "!" in f.path}
    assert pictures == {("record", ANA.id)}
    assert all(c.status == "examined" for c in result.coverage), result.coverage


@needs_soffice
@needs_engine
def test_a_clean_emf_passes(protected, written):
    result = A.scan("chart.emf", written["clean.svg"], protected, SETTINGS)
    assert result.findings == []
    assert all(c.status == "examined" for c in result.coverage), result.coverage


@needs_soffice
def test_an_emf_in_a_word_document_is_read(protected, written):
    document = A.add_parts(A.docx(), {"word/media/image1.emf": written["named.svg"]})
    result = A.scan("report.docx", document, protected, NO_ENGINE)
    assert any(f.path == "report.docx!word/media/image1.emf" and f.locator.startswith("#record=")
               and f.records == (JEAN.id,) for f in result.findings)


HAND_BUILT = {
    # case: (EMF, the locator of the finding, the record found)
    "one character per record": (M.emf(*[M.text_w(100 + 10 * i, 50, c) for i, c in enumerate(ANA.full)]),
                                 "#record=2", ANA.id),
    "a word per record, a space between": (
        M.emf(M.text_w(100, 50, "Ana"), M.text_w(140, 50, "Paz")), "#record=2", ANA.id),
    "a name over two lines": (M.emf(M.text_w(100, 50, "Detained:"), M.text_w(100, 80, OLU.full)), "#record=3", OLU.id),
    "the header's description": (M.emf(description=f"Chart\x00{MARIA.full}\x00"), "#description", MARIA.id),
    "an EMF+ string": (M.emf(M.plus(M.plus_string(f"Visitor: {SOREN.full}"))), "#record=2#emf-plus=1", SOREN.id),
    "a group's description": (M.emf(M.public_comment(2, struct.pack("<4iI", 0, 0, 1, 1, len(ANA.full))
                                                     + ANA.full.encode("utf-16-le"))), "#record=2", ANA.id),
    "a private comment": (M.emf(M.comment(b"APPX" + f"owner={MARIA.full}".encode())), "#record=2", MARIA.id),
}


@pytest.mark.parametrize("case", sorted(HAND_BUILT))
def test_text_in_a_hand_built_emf_is_found_and_located(protected, case):
    data, locator, record = HAND_BUILT[case]
    result = A.scan("figure.emf", data, protected, SETTINGS)
    assert {(f.locator, f.records[0]) for f in result.findings} == {(locator, record)}
    assert A.statuses(result) == {"figure.emf": ("examined", "")}


def test_emf_plus_image_pieces_are_joined_and_the_metafile_in_them_read(protected):
    inner = M.emf(M.text_w(10, 10, JEAN.full))
    pieces = M.plus_metafile_pieces(inner)
    assert len(pieces) > 2
    result = A.scan("figure.emf", M.emf(*[M.plus(p) for p in pieces]), protected, SETTINGS)
    # The image is whole at the last piece: the header is record 1, the pieces records 2 on.
    assert {(f.path, f.records[0]) for f in result.findings} == {(f"figure.emf!record-{len(pieces) + 1}-image.emf",
                                                                  JEAN.id)}


def test_a_wmf_in_an_emf_comment_is_read(protected):
    inner = M.wmf(M.textout(10, 10, ANA.full.encode()))
    data = M.emf(M.public_comment(0x80000001, struct.pack("<HHIII", 0x300, 0, 0, 0, len(inner)) + inner))
    result = A.scan("figure.emf", data, protected, SETTINGS)
    found = {(f.path, f.locator, f.records[0]) for f in result.findings}
    assert found == {("figure.emf!record-2.wmf", "#record=1", ANA.id)}


def test_a_bitmap_record_becomes_a_picture_member(protected):
    data = M.emf(M.text_w(10, 10, "Figure 1"), M.stretchdibits(M.bmp(M.badge(f"Visitor: {ANA.full}"))))
    result = A.scan("figure.emf", data, protected, NO_ENGINE)
    assert A.statuses(result)["figure.emf!record-3.bmp"] == ("not examined", "pixels not read")
    assert result.failed
    unread = A.scan("figure.emf", data, protected, NO_ENGINE.replace(pixels="unread-ok"))
    assert A.statuses(unread)["figure.emf!record-3.bmp"] == ("pixels not read", "")


@needs_engine
def test_a_name_in_a_hand_built_bitmap_record_is_read_by_ocr(protected):
    data = M.emf(M.stretchdibits(M.bmp(M.badge(f"Visitor: {ANA.full}"))))
    result = A.scan("figure.emf", data, protected, SETTINGS)
    assert {(f.path, f.locator.startswith("#box="), f.records[0]) for f in result.findings} == {
        ("figure.emf!record-2.bmp", True, ANA.id)}


def _patched(record: bytes, at: int, value: int) -> bytes:
    """Return a record with the 32-bit field at offset at set to value (an offset or size gone wrong)."""
    out = bytearray(record)
    struct.pack_into("<I", out, at, value)
    return bytes(out)


NOT_EXAMINED = {
    # case: (EMF, reason)
    "text drawn by glyph index": (M.emf(M.text_w(10, 10, "\x12\x34\x56", options=0x10)), "unsupported"),
    "no end-of-file record": (M.emf(M.text_w(10, 10, "Figure"), eof=False), "incomplete"),
    "a record of size zero": (M.emf(struct.pack("<II", 84, 0)), "corrupt"),
    "a record past the end": (M.emf(eof=False) + struct.pack("<II", 84, 4096), "corrupt"),
    "a string outside its record": (M.emf(_patched(M.text_w(10, 10, "Figure"), 48, 4000)), "corrupt"),
    "a bitmap outside its record": (M.emf(_patched(M.stretchdibits(M.bmp(M.badge("x"))), 60, 1 << 30)), "corrupt"),
    "a header record only": (M.emf(eof=False)[:88], "incomplete"),
    "not an EMF at all": (b"\x00" * 100, "unsupported"),
    "an EMF+ image missing its last piece": (
        M.emf(*[M.plus(p) for p in M.plus_metafile_pieces(M.emf(M.text_w(10, 10, "Figure")))[:-1]]), "incomplete"),
}


@pytest.mark.parametrize("case", sorted(NOT_EXAMINED))
def test_what_cannot_be_read_leaves_the_emf_not_examined(protected, case):
    data, reason = NOT_EXAMINED[case]
    result = A.scan("figure.emf", data, protected, SETTINGS)
    assert A.statuses(result)["figure.emf"] == ("not examined", reason)


def test_glyph_indexes_pass_when_emf_plus_drew_the_text_as_characters(protected):
    data = M.emf(M.plus(M.plus_string(f"Visitor: {ANA.full}")), M.text_w(10, 10, "\x12\x34", options=0x10))
    result = A.scan("figure.emf", data, protected, SETTINGS)
    assert [f.records[0] for f in result.findings] == [ANA.id]
    assert A.statuses(result) == {"figure.emf": ("examined", "")}


def _dual(dual: bool, plus_text: str, emf_runs: list[tuple[int, int, str]]) -> bytes:
    """Return an EMF+ file (its header dual or not) drawing plus_text, whose EMF records draw emf_runs (x, y, text)."""
    return M.emf(M.plus(M.plus_header(dual), M.plus_string(plus_text)), *(M.text_w(x, y, t) for x, y, t in emf_runs))


DUAL = {
    "the fallback repeats the EMF+ line": (True, f"Visitor: {ANA.full}", [(10, 10, f"Visitor: {ANA.full}")],
                                           [(ANA.id, "#record=2#emf-plus=2")]),
    "the fallback draws the line in two runs": (True, f"Visitor: {ANA.full}", [(10, 10, "Visitor: "), (100, 10, ANA.full)],
                                                [(ANA.id, "#record=2#emf-plus=2")]),
    "a line only the fallback draws is read": (True, f"Visitor: {ANA.full}",
                                               [(10, 10, f"Visitor: {ANA.full}"), (10, 90, f"Guard: {SOREN.full}")],
                                               [(ANA.id, "#record=2#emf-plus=2"), (SOREN.id, "#record=4")]),
    "a line the EMF+ text holds only inside other words is read": (
        True, f"Visitor: B{ANA.full}o", [(10, 10, ANA.full)], [(ANA.id, "#record=3")]),
    "not dual: both drawings are read": (False, f"Visitor: {ANA.full}", [(10, 10, f"Visitor: {ANA.full}")],
                                         [(ANA.id, "#record=2#emf-plus=2"), (ANA.id, "#record=3")]),
}


@pytest.mark.parametrize("case", sorted(DUAL))
def test_an_emf_plus_dual_file_reports_a_name_its_two_drawings_share_once(protected, case):
    dual, plus_text, emf_runs, expected = DUAL[case]
    result = A.scan("figure.emf", _dual(dual, plus_text, emf_runs), protected, SETTINGS)
    assert sorted((f.records[0], f.locator) for f in result.findings) == sorted(expected)
    assert A.statuses(result) == {"figure.emf": ("examined", "")}


def test_damaged_emfs_end_with_a_status_never_a_crash(protected):
    rng = random.Random(11)
    good = M.emf(M.text_w(10, 10, "Figure"), M.plus(M.plus_string("Opening hours")),
                 M.stretchdibits(M.bmp(M.badge("x", 8))))
    for _ in range(200):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(44, len(data))] = rng.randrange(256)
        result = A.scan("figure.emf", bytes(data), protected, NO_ENGINE.replace(pixels="unread-ok"))
        assert result.coverage and all("reader failed" not in c.detail for c in result.coverage)
