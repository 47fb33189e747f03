"""Pictures in RTF (\\pict groups, extract/rtf.py): scanned as files, so their text and pixels are read.

Before, a \\pict group was passed over as binary data: a PNG of a name in an RTF letter passed as
examined. Hand-built RTF around pictures written by Pillow (PNG) and tests/metafiles.py (EMF,
WMF), and an RTF LibreOffice wrote from a python-docx document with a picture. People:
tests/people.py (fictional).
"""

from __future__ import annotations

import binascii
import io
import random

import pytest

import attachments as A
import legacy
import metafiles as M
from people import PEOPLE
from withhold.extract import ocr
from withhold.settings import Settings

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
SETTINGS = Settings(identifier_columns=("passport",))
NO_ENGINE = SETTINGS.replace(ocr_engine="none")
needs_engine = pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine installed (pip install '.[ocr]')")


def _rtf(picture: bytes, kind: bytes, raw: bool = False) -> bytes:
    data = b"\\bin%d " % len(picture) + picture if raw else binascii.hexlify(picture, b"\n", 64)
    return (b"{\\rtf1\\ansi Figure 1 {\\pict{\\*\\blipuid 0123456789abcdef0123456789abcdef}" + kind
            + b"\\picw200\\pich40 " + data + b"}\\par}")


TEXT = {
    "an EMF": (b"\\emfblip", M.emf(M.text_w(10, 10, f"Witness: {JEAN.full}")), "#record=2"),
    "a WMF": (b"\\wmetafile8", M.wmf(M.textout(10, 10, JEAN.full.encode()), placeable=False), "#record=1"),
}


@pytest.mark.parametrize("case", sorted(TEXT))
@pytest.mark.parametrize("raw", [False, True], ids=["hex", "bin"])
def test_text_of_a_metafile_picture_is_read(protected, case, raw):
    kind, picture, locator = TEXT[case]
    result = A.scan("memo.rtf", _rtf(picture, kind, raw), protected, NO_ENGINE)
    assert {(f.path, f.locator, f.records[0]) for f in result.findings} == {("memo.rtf!picture-1", locator, JEAN.id)}
    assert A.statuses(result) == {"memo.rtf": ("examined", ""), "memo.rtf!picture-1": ("examined", "")}


def test_without_an_engine_a_png_picture_is_not_examined(protected):
    result = A.scan("memo.rtf", _rtf(M.badge(f"Visitor: {ANA.full}"), b"\\pngblip"), protected, NO_ENGINE)
    assert A.statuses(result)["memo.rtf!picture-1"] == ("not examined", "pixels not read")
    assert result.failed


@needs_engine
def test_a_name_in_a_png_picture_is_read_by_ocr(protected):
    result = A.scan("memo.rtf", _rtf(M.badge(f"Visitor: {ANA.full}"), b"\\pngblip"), protected, SETTINGS)
    assert {(f.path, f.locator.startswith("#box="), f.records[0]) for f in result.findings} == {
        ("memo.rtf!picture-1", True, ANA.id)}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """An RTF LibreOffice wrote from a python-docx document holding a picture of a name."""
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    import docx

    memo = docx.Document()
    memo.add_paragraph("Figure 1")
    memo.add_picture(io.BytesIO(M.badge(f"Visitor: {ANA.full}")))
    return legacy.convert({"memo.docx": A.save(memo)}, "rtf", tmp_path_factory.mktemp("rtf"))["memo.docx"]


def test_the_pictures_of_an_rtf_libreoffice_wrote_are_not_passed_over(protected, written):
    result = A.scan("memo.rtf", written, protected, NO_ENGINE)
    # LibreOffice writes the picture as a PNG and, for older readers, as a WMF (carrying an EMF) beside it.
    pictures = {c.path: c.reason for c in result.coverage if c.member and c.path.endswith((".bmp", "picture-1"))}
    assert len(pictures) >= 2 and set(pictures.values()) == {"pixels not read"}, pictures
    assert result.failed


@needs_engine
def test_a_name_in_a_picture_of_an_rtf_libreoffice_wrote_is_read(protected, written):
    result = A.scan("memo.rtf", written, protected, SETTINGS)
    assert any("!picture-" in f.path and f.records == (ANA.id,) for f in result.findings), result.findings
    assert all(c.status == "examined" for c in result.coverage), result.coverage


# ---- bitmaps: \dibitmap (a BMP without its file header) and \wbitmap (a Windows device-dependent bitmap)

def _dib(png: bytes) -> bytes:
    return M.bmp(png)[14:]  # the BITMAPINFO and rows, as an RTF \dibitmap holds them


def _ddb(png: bytes, depth: int) -> tuple[bytes, bytes]:
    """Return the rows of a Windows DDB of a picture, and the control words that size it."""
    rows, width, height, stride = M.ddb(png, depth)
    return rows, b"\\wbitmap0\\picw%d\\pich%d\\wbmbitspixel%d\\wbmplanes1\\wbmwidthbytes%d" % (width, height, depth, stride)


def _bitmap_rtf(picture: bytes, words: bytes) -> bytes:
    return b"{\\rtf1\\ansi Figure 1 {\\pict" + words + b" " + binascii.hexlify(picture, b"\n", 64) + b"}\\par}"


BADGE = M.badge(f"Visitor: {ANA.full}")
BITMAPS = {
    "a DIB": lambda: _bitmap_rtf(_dib(BADGE), b"\\dibitmap0\\picw200\\pich40"),
    "a monochrome DDB": lambda: _bitmap_rtf(*_ddb(BADGE, 1)),
    "a 24-bit DDB": lambda: _bitmap_rtf(*_ddb(BADGE, 24)),
}


@pytest.mark.parametrize("case", sorted(BITMAPS))
def test_without_an_engine_a_bitmap_picture_is_not_examined(protected, case):
    result = A.scan("memo.rtf", BITMAPS[case](), protected, NO_ENGINE)
    assert A.statuses(result) == {"memo.rtf": ("examined", ""), "memo.rtf!picture-1": ("not examined", "pixels not read")}
    assert [c.kind for c in result.coverage if c.member] == ["bmp"]


@needs_engine
@pytest.mark.parametrize("case", sorted(BITMAPS))
def test_a_name_in_a_bitmap_picture_is_read_by_ocr(protected, case):
    result = A.scan("memo.rtf", BITMAPS[case](), protected, SETTINGS)
    assert {(f.path, f.locator.startswith("#box="), f.records[0]) for f in result.findings} == {
        ("memo.rtf!picture-1", True, ANA.id)}
    assert A.statuses(result)["memo.rtf!picture-1"] == ("examined", "")


UNREAD = {
    "a DDB of 8 bits (the device's palette)": (
        b"\\wbitmap0\\picw4\\pich2\\wbmbitspixel8\\wbmplanes1\\wbmwidthbytes4", bytes(8), "unsupported", "palette"),
    "a DDB of 4 planes": (
        b"\\wbitmap0\\picw16\\pich2\\wbmbitspixel1\\wbmplanes4\\wbmwidthbytes2", bytes(16), "unsupported", "palette"),
    "a DDB without its size": (b"\\wbitmap0\\wbmbitspixel1", bytes(8), "corrupt", "width"),
    "a DDB shorter than its size": (
        b"\\wbitmap0\\picw64\\pich64\\wbmbitspixel1\\wbmplanes1\\wbmwidthbytes8", bytes(8), "corrupt", "fewer bytes"),
    "a DDB of a billion pixels": (
        b"\\wbitmap0\\picw1000000\\pich1000000\\wbmbitspixel1\\wbmplanes1\\wbmwidthbytes125000", bytes(8), "corrupt", "too many"),
    "a DIB with a damaged header": (b"\\dibitmap0", b"\x07\x00\x00\x00" + bytes(60), "corrupt", "header"),
    "an OS/2 metafile": (b"\\pmmetafile0", bytes(64), "unsupported", "OS/2"),
}


@pytest.mark.parametrize("case", sorted(UNREAD))
def test_a_picture_withhold_cannot_read_fails_the_rtf_closed_and_its_text_is_read(protected, case):
    words, picture, reason, detail = UNREAD[case]
    data = b"{\\rtf1\\ansi Witness: " + JEAN.full.encode("cp1252") + b" {\\pict" + words + b" " + picture.hex().encode() + b"}\\par}"
    result = A.scan("memo.rtf", data, protected, NO_ENGINE)
    status, why = A.statuses(result)["memo.rtf"]
    assert (status, why) == ("not examined", reason)
    assert detail in result.coverage[0].detail and "picture-1" in result.coverage[0].detail
    assert [f.records[0] for f in result.findings] == [JEAN.id]
    assert result.failed


def test_damaged_bitmap_pictures_end_with_a_status_never_a_crash(protected):
    rng = random.Random(17)
    good = [BITMAPS[case]() for case in sorted(BITMAPS)]
    for _ in range(200):
        data = bytearray(rng.choice(good))
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(len(data))] = rng.choice(b"0123456789abcdef\\{} ")
        result = A.scan("memo.rtf", bytes(data), protected, NO_ENGINE.replace(pixels="unread-ok"))
        assert result.coverage and all("reader failed" not in c.detail for c in result.coverage)
