"""Names in pixels written in Cyrillic, Greek, Armenian or Georgian (extract/scriptocr.py).

People: tests/people.py's SCRIPT_PEOPLE (fictional), listed romanised as agency records are; the
pictures write them in their own script, drawn by Pillow in Debian's DejaVu fonts. The first
engine (RapidOCR) reads none of those scripts: Tesseract's script models read them, and where none
is installed a picture that shows such a name fails the run.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import attachments as A
from conftest import SETTINGS
from people import SCRIPT_PEOPLE
from protected_forms import write_forms_list
from withhold.extract import ocr, scriptocr
from withhold.extract.ocr import Line
from withhold.protected.plaintext import Protected

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = [DEJAVU / name for name in ("DejaVuSans.ttf", "DejaVuSerif.ttf") if (DEJAVU / name).is_file()]
needs_engine = pytest.mark.skipif(ocr.engine() is None or not FONTS, reason="no OCR engine, or no DejaVu font")
needs_scripts = pytest.mark.skipif(scriptocr.reader() is None,
                                   reason="no Tesseract script models (Debian's tesseract-ocr-script-cyrl ...)")


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    return Protected.load(write_forms_list(tmp_path_factory.mktemp("secure") / "list.csv"), SETTINGS)[0]


def picture(lines: list[str], size: int = 20, font: int = 0) -> bytes:
    """Return a PNG of the lines, black on white, one under the other."""
    from PIL import Image, ImageDraw, ImageFont

    face = ImageFont.truetype(str(FONTS[font % len(FONTS)]), size)
    width = max(int(face.getlength(line)) for line in lines) + 4 * size
    image = Image.new("RGB", (width, (len(lines) + 1) * 2 * size), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((2 * size, size + index * 2 * size), line, font=face, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# Each person's own spelling, as a page prints it: title case, capitals, family name first.
CASES = [(person.id, written, style) for person, written in SCRIPT_PEOPLE
         for style in ("as written", "capitals", "family first")]


def _styled(written: str, style: str) -> str:
    given, family = written.split(" ")
    return {"as written": f"Visitor: {written}", "capitals": written.upper(), "family first": f"{family} {given}"}[style]


# Georgian has no capitals a page would print (Mtavruli are titles' letters, and DejaVu draws none).
CASES = [case for case in CASES if not (case[1][0] in "ნ" and case[2] == "capitals")]


@needs_engine
@needs_scripts
@pytest.mark.parametrize(("record", "written", "style"), CASES, ids=[f"{r}-{s}" for r, _, s in CASES])
@pytest.mark.parametrize("size", [16, 28])
def test_a_name_drawn_in_its_own_script_is_read_and_found(listed, record, written, style, size):
    name = "board.png"
    result = A.scan(name, picture([_styled(written, style)], size, font=size), listed, SETTINGS)
    assert {f.records[0] for f in result.findings} == {record}, (result.findings, result.coverage)
    assert all(f.locator.startswith("#box=") for f in result.findings)
    assert A.statuses(result)[name][0] in ("examined", "pixels partly read")


@needs_engine
@needs_scripts
def test_a_georgian_name_the_first_engine_read_as_two_letters_is_read_again_and_found(listed):
    """RapidOCR read this one "Visitor: o o" at 0.93, dense enough and sure: it passed as examined."""
    from PIL import Image, ImageDraw, ImageFont

    font = DEJAVU / "DejaVuSerif-Bold.ttf"
    if not font.is_file():
        pytest.skip("no DejaVu Serif Bold")
    person, written = next((p, w) for p, w in SCRIPT_PEOPLE if w[0] in "ნ")
    face = ImageFont.truetype(str(font), 20)
    text = f"Visitor: {written}"
    image = Image.new("RGB", (int(face.getlength(text)) + 80, 80), "white")
    ImageDraw.Draw(image).text((40, 30), text, font=face, fill="black")
    data = io.BytesIO()
    image.save(data, "PNG")
    result = A.scan("board.png", data.getvalue(), listed, SETTINGS)
    assert {f.records[0] for f in result.findings} == {person.id}, (result.findings, result.coverage)


@needs_engine
@needs_scripts
def test_a_table_of_latin_and_cyrillic_rows_finds_the_cyrillic_name_beside_the_latin_text(listed):
    rows = ["Room 4  Opening hours: 9 to 5", "Евгений Хрусталёв 30.09.1975", "Detained at Field Office 12"]
    result = A.scan("table.png", picture(rows, 18), listed, SETTINGS)
    assert {f.records[0] for f in result.findings} == {"S00002"}


@needs_engine
def test_with_no_script_model_a_picture_of_a_cyrillic_name_fails_and_says_what_to_install(tmp_path):
    """Tesseract really absent (not on the PATH): RapidOCR reads the picture and finds lines it cannot read."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "board.png").write_bytes(picture(["Сегодня Юлия Щербакова выступила."]))
    listed = write_forms_list(tmp_path / "list.csv")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent), "WITHHOLD_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "withhold", "scan", "--list", str(listed), "--no-progress", str(site)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert ("board.png: W900 not examined: pixels not read (1 text region(s) found that no OCR engine could read "
            "(another script?); install Debian's tesseract-ocr-script-cyrl, -grek, -armn and -geor)") in proc.stdout
    for _, written in SCRIPT_PEOPLE:
        assert written.split(" ")[1] not in proc.stdout + proc.stderr


# Han: drawn in WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, which `make test` installs when root).
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_han_font = pytest.mark.skipif(not WQY.is_file(), reason="no font that draws Han (Debian's fonts-wqy-microhei)")


def han_picture(lines: list[str], size: int = 24) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    face = ImageFont.truetype(str(WQY), size)
    image = Image.new("RGB", (max(int(face.getlength(line)) for line in lines) + 4 * size, (len(lines) + 1) * 2 * size), "white")
    for index, line in enumerate(lines):
        ImageDraw.Draw(image).text((2 * size, size + index * 2 * size), line, font=face, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@needs_engine
@needs_han_font
def test_a_chinese_screenshot_is_read_through_under_a_romanised_list(listed):
    """A list without Han reads pictures without Han (ocrmodel.py): Chinese text is then read again with every
    character, so it is read, not "pixels not read", and gives no finding."""
    notice = ["今天天气很好，我们去公园散步。", "会议将于下午三点开始。", "房间 204"]
    result = A.scan("notice.png", han_picture(notice), listed, SETTINGS.replace(ocr_han=False))
    assert result.findings == []
    assert A.statuses(result)["notice.png"] == ("examined", "")


@needs_engine
@needs_han_font
def test_a_name_written_in_han_is_found_in_a_picture_when_the_list_writes_it(tmp_path):
    path = tmp_path / "secure" / "list.csv"
    path.parent.mkdir()
    path.write_text("id,given_name,family_name,native_name\nH00001,Mingxia,Quvang,曲望明霞\n", encoding="utf-8")  # fictional
    protected = Protected.load(path, SETTINGS)[0]
    assert protected.writes_han
    board = han_picture(["访客登记", "访客：曲望明霞", "房间 204"])
    result = A.scan("board.png", board, protected, SETTINGS.replace(ocr_han=True))
    assert [f.records for f in result.findings] == [("H00001",)]
    assert result.findings[0].locator.startswith("#box=")


@needs_engine
@needs_scripts
@pytest.mark.parametrize("name", ["chart.png", "chart-2.png", "photo.jpg", "photo-2.jpg"])
def test_a_clean_chart_or_photo_has_no_unread_region(listed, name):
    import pictures as P

    clean = next(p for p in P.clean_pictures() if p.name == name)
    result = A.scan(name, clean.data, listed, SETTINGS)
    assert result.findings == [] and not result.failed, result.coverage


def box(width: int, height: int = 20) -> tuple[int, int, int, int]:
    return (0, 0, width, height)


@pytest.mark.parametrize(("line", "expected"), [
    (Line("Detained at Field Office 12", box(300), 0.98), False),  # Latin, read in full, surely
    (Line("   .", box(360), 0.87), True),  # Cyrillic lower case: spaces where the words were
    (Line("", box(120), 0.0), True),  # a word read as nothing
    (Line("  12.03.1987", box(300), 0.98), True),  # the name before the date left out
    (Line("EPAKOBA", box(93, 19), 0.99), True),  # ЩЕРБАКОВА: only the letters Latin shares
    (Line("Nικλα απαδπουλ", box(240), 0.84), True),  # Greek, read poorly
    (Line("łmjmmt", box(210), 0.62), True),  # Armenian, unsure
    (Line("", box(40), 0.0), False),  # an icon: too narrow for a word of four letters
    (Line("2024", box(60), 0.99), False),
    (Line("OK 300", box(70), 0.99), False),  # a capitalised word of two letters, digits: not Cyrillic-like
    (Line("Visitor: o o", box(297, 36), 0.93, (), 2.33), True),  # Georgian letters read as nothing, surely
    (Line("Visitor: Nino Kharaishvili", box(288, 27), 0.98, (), 0.33), False),  # Latin's blanks between letters
])
def test_what_makes_a_region_suspect(line, expected):
    assert scriptocr.suspect(line) is expected


class Sheet:
    """A stand-in for Tesseract's script models (the real ones are tested above): readings given per box."""

    version = "given"

    def __init__(self, readings: list[Line]) -> None:
        self.readings = readings

    def read(self, image, boxes, check=lambda: None):  # type: ignore[no-untyped-def]
        return [line for line in self.readings if line.box in boxes]


def test_what_stays_unread_and_what_only_the_first_engine_read():
    region, capitals, blank = box(300), (0, 40, 93, 19), (0, 80, 300, 20)
    first = [Line("   .", region, 0.87), Line("EPAKOBA", capitals, 0.99), Line("", blank, 0.0)]
    # no script model: the unread region and the blank one are unread, the capitals only doubtful
    assert scriptocr.read_again(None, first, first, None)[2:] == (2, 1)  # type: ignore[arg-type]
    # read again: Cyrillic in full where the first engine read spaces; nothing in the blank banner
    second = [Line("Сегодня Юлия Щербакова выступила.", region, 0.9), Line("ЩЕРБАКОВА", capitals, 0.9)]
    reading = scriptocr.read_again(None, first, first, Sheet(second))  # type: ignore[arg-type]
    assert reading == (first, second, 0, 0)
    # read again and still not in full: unread; the capitals read by no model: doubtful
    assert scriptocr.read_again(None, first, first, Sheet([Line("Ю", region, 0.4)]))[2:] == (1, 1)  # type: ignore[arg-type]
    # read in full, but unsurely: not read; the region only the first engine read in full stays doubtful
    unsure = [Line("Сегодня Юлия Щербакова выступила.", region, 0.3), Line("ЩЕРБАКОВА", capitals, 0.3)]
    assert scriptocr.read_again(None, first, first, Sheet(unsure))[2:] == (1, 1)  # type: ignore[arg-type]
    # read in full by a script model alone, only just surely: partly read; beside a full first reading: read
    shaky = [Line("Сегодня Юлия Щербакова выступила.", region, 0.62), Line("ЩЕРБАКОВА", capitals, 0.62)]
    assert scriptocr.read_again(None, first, first, Sheet(shaky))[2:] == (0, 1)  # type: ignore[arg-type]
    # a region rotation.py replaced by a turned reading is still read again from the upright one
    turned = [Line("nmun nmluunm3mou", (0, 0, 290, 35), 0.91)]  # sure enough to keep, not to cover
    armenian = Line("Խաչատրյան Արամ", (0, 0, 300, 36), 0.9)
    reading = scriptocr.read_again(None, [Line("łmt", (0, 0, 300, 36), 0.5)], turned, Sheet([armenian]))  # type: ignore[arg-type]
    assert reading == (turned, [armenian], 0, 0)
    # letters read as nothing in a line otherwise dense: read again; by no model, the region is doubtful
    gapped = [Line("Visitor: o o", (0, 0, 297, 36), 0.93, (), 2.33)]
    assert scriptocr.read_again(None, gapped, gapped, None)[2:] == (0, 1)  # type: ignore[arg-type]
    georgian = Line("Visitor: ნინო ხარაიშვილი", (0, 0, 297, 36), 0.96)
    assert scriptocr.read_again(None, gapped, gapped, Sheet([georgian])) == (gapped, [georgian], 0, 0)  # type: ignore[arg-type]
    # an upside-down region read confidently turned is not read again
    upright = [Line("ɯɐɹ∀", (0, 0, 300, 36), 0.3)]
    kept = [Line("Aram Khachatryan", (2, 1, 298, 35), 0.97)]
    assert scriptocr.read_again(None, upright, kept, Sheet([armenian])) == (kept, [], 0, 0)  # type: ignore[arg-type]


@needs_engine
def test_a_tesseract_that_fails_makes_the_picture_not_examined_never_examined(tmp_path):
    """A broken Tesseract (a stand-in on the PATH that lists the script models, then fails to read): fail closed."""
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "tesseract"
    fake.write_text('#!/bin/sh\ncase "$1" in\n  --list-langs) printf "List of available languages (2):\\nCyrillic\\neng\\n";;\n'
                    '  --version) echo "tesseract 5.3.0";;\n  *) exit 3;;\nesac\n')
    fake.chmod(0o755)
    site = tmp_path / "site"
    site.mkdir()
    (site / "board.png").write_bytes(picture(["Сегодня Юлия Щербакова выступила."]))
    listed = write_forms_list(tmp_path / "list.csv")
    env = {**os.environ, "PATH": f"{tools}:{Path(sys.executable).parent}", "WITHHOLD_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "withhold", "scan", "--list", str(listed), "--no-progress", str(site)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "board.png: W900 not examined: pixels not read (tesseract failed (exit 3))" in proc.stdout
    assert "Traceback" not in proc.stderr
