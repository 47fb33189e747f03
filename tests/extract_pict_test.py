"""Mac PICT pictures (extract/pict.py, pictbits.py): text opcodes, bitmaps read by OCR, fail closed on the rest.

PICTs are hand-built opcode by opcode (tests/picts.py; no writer runs here), as .pict files with
their 512-byte header and as \\macpict groups in RTF. People: tests/people.py (fictional). Tests
that read pixels need an OCR engine; without one a bitmap must fail closed.
"""

from __future__ import annotations

import binascii
import random
import struct

import pytest

import attachments as A
import metafiles as M
import picts as Q
from people import PEOPLE
from withhold.extract import ocr
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
SETTINGS = Settings(identifier_columns=("passport",))
NO_ENGINE = SETTINGS.replace(ocr_engine="none")
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")


def _found(result) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(f.path, f.locator, f.records[0]) for f in result.findings}


TEXT = {
    "a long text": (Q.pict(Q.long_text(40, 10, f"Witness: {JEAN.full}")), {("f.pict", "#opcode=2", JEAN.id)}),
    "a name split where its style changes": (
        Q.pict(Q.long_text(40, 10, "Witness: Jean-Luc Du"), Q.dh_text(60, "bois")), {("f.pict", "#opcode=2", JEAN.id)}),
    "a name in runs of one baseline": (
        Q.pict(Q.long_text(40, 10, "Witness:"), Q.dh_text(50, ANA.given), Q.dh_text(30, ANA.family)),
        {("f.pict", "#opcode=3", ANA.id)}),
    "a second line": (Q.pict(Q.long_text(40, 10, "Witnesses"), Q.dv_text(20, MARIA.full)), {("f.pict", "#opcode=3", MARIA.id)}),
    "a version 1 picture": (
        Q.pict(b"\x28" + struct.pack(">hhB", 40, 10, len(SOREN.full.encode("mac_roman"))) + SOREN.full.encode("mac_roman"),
               version=1), {("f.pict", "#opcode=1", SOREN.id)}),
}


@pytest.mark.parametrize("case", sorted(TEXT))
@pytest.mark.parametrize("file_header", [True, False], ids=["file", "bare"])
def test_the_text_a_pict_draws_is_read(protected, case, file_header):
    data, expected = TEXT[case]
    if file_header:
        data = b"\x00" * 512 + data
    result = A.scan("f.pict", data, protected, NO_ENGINE)
    assert _found(result) == expected
    assert A.statuses(result) == {"f.pict": ("examined", "")}


def test_the_text_of_a_comment_is_read(protected):
    text = f"Author {OLU.full}".encode("mac_roman")
    result = A.scan("f.pict", Q.pict(Q.op(0xA1, struct.pack(">HH", 100, len(text)) + text)), protected, NO_ENGINE)
    assert _found(result) == {("f.pict", "#opcode=2", OLU.id)}


BADGE = M.badge(f"Visitor: {ANA.full}")
BITMAPS = {"1 bit": Q.bitmap_1bit, "8 bits": Q.bitmap_8bit, "16 bits": Q.bitmap_16bit, "32 bits": Q.bitmap_32bit}


@pytest.mark.parametrize("case", sorted(BITMAPS))
def test_without_an_engine_a_pict_bitmap_is_not_examined(protected, case):
    result = A.scan("f.pict", Q.pict(BITMAPS[case](BADGE)), protected, NO_ENGINE)
    assert A.statuses(result) == {"f.pict": ("examined", ""), "f.pict!record-2.bmp": ("not examined", "pixels not read")}


@needs_engine
@pytest.mark.parametrize("case", sorted(BITMAPS))
def test_a_name_in_a_pict_bitmap_is_read_by_ocr(protected, case):
    result = A.scan("f.pict", Q.pict(BITMAPS[case](BADGE), Q.long_text(200, 10, "Figure 1")), protected, SETTINGS)
    assert {(f.path, f.locator.startswith("#box="), f.records[0]) for f in result.findings} == {
        ("f.pict!record-2.bmp", True, ANA.id)}
    assert A.statuses(result)["f.pict!record-2.bmp"] == ("examined", "")


def test_a_macpict_picture_in_rtf_is_read(protected):
    picture = binascii.hexlify(Q.pict(Q.long_text(40, 10, f"Witness: {JEAN.full}")), b"\n", 64)
    data = b"{\\rtf1\\ansi Figure 1 {\\pict\\macpict\\picw600\\pich300 " + picture + b"}\\par}"
    result = A.scan("memo.rtf", data, protected, NO_ENGINE)
    assert _found(result) == {("memo.rtf!picture-1.pict", "#opcode=2", JEAN.id)}
    assert A.statuses(result) == {"memo.rtf": ("examined", ""), "memo.rtf!picture-1.pict": ("examined", "")}


UNREAD = {
    "a pixel pattern": (Q.pict(Q.op(0x12, bytes(10))), "unsupported"),
    "a QuickTime image": (Q.pict(Q.op(0x8200, struct.pack(">I", 4) + bytes(4))), "unsupported"),
    "a picture cut short": (Q.pict(Q.long_text(40, 10, "Figure"))[:-2], "incomplete"),
    "a text past the end": (Q.pict()[:-2] + b"\x00\x28" + struct.pack(">hhB", 0, 0, 200) + b"abc", "corrupt"),
    "a bitmap of no pixels": (Q.pict(Q.op(0x98, struct.pack(">Hhhhh", 2, 0, 0, 0, 0) + bytes(18))), "corrupt"),
    "a bitmap of too many": (Q.pict(Q.op(0x98, struct.pack(">Hhhhh", 4096, 0, 0, 30000, 30000) + bytes(18))), "corrupt"),
    "a bitmap of 3 bits a pixel": (
        Q.pict(Q.op(0x9A, b"\x00\x00\x00\xff" + Q._pixmap(8, 8, 2, 0, 3, 1, 3) + bytes(18))), "unsupported"),
    "a bitmap unpacking past max-member-bytes": (
        Q.pict(Q.op(0x98, struct.pack(">Hhhhh", 16000, 0, 0, 20000, 4000) + bytes(18))), "too large"),
    "a reserved opcode's length past the end": (Q.pict(Q.op(0x8100, struct.pack(">I", 1 << 30))), "corrupt"),
}


@pytest.mark.parametrize("case", sorted(UNREAD))
def test_what_a_pict_draws_that_withhold_cannot_see_fails_it_closed(protected, case):
    data, reason = UNREAD[case]
    result = A.scan("f.pict", data, protected, NO_ENGINE)
    assert A.statuses(result)["f.pict"] == ("not examined", reason)
    assert result.failed


def test_damaged_picts_end_with_a_status_never_a_crash(protected):
    rng = random.Random(23)
    good = [Q.pict(Q.long_text(40, 10, "Figure"), Q.dh_text(40, "one"), Q.bitmap_1bit(M.badge("x", 8)),
                   Q.bitmap_32bit(M.badge("y", 8)), Q.op(0xA1, struct.pack(">HH", 1, 4) + b"note")),
            Q.pict(Q.bitmap_8bit(M.badge("z", 8)), Q.bitmap_16bit(M.badge("w", 8)))]
    for _ in range(200):
        data = bytearray(rng.choice(good))
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(12, len(data))] = rng.randrange(256)
        result = A.scan("f.pict", bytes(data), protected, NO_ENGINE.replace(pixels="unread-ok"))
        assert result.coverage and all("reader failed" not in c.detail for c in result.coverage)
