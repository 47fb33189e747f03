"""Tesseract in this process and as its command: the same words, failures that say so, a quiet exit.

The people on the pictures are the suite's fictional ones (tests/people.py); the pictures are drawn
by Pillow in DejaVu.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from people import SCRIPT_PEOPLE
from withhold.extract import tesseract

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
pytestmark = pytest.mark.skipif(tesseract.installed() is None or not DEJAVU.is_file(),
                                reason="needs Tesseract (Debian's tesseract-ocr) and DejaVu")


def drawn(lines: list[str], size: int = 22):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw, ImageFont

    face = ImageFont.truetype(str(DEJAVU), size)
    image = Image.new("L", (max(int(face.getlength(line)) for line in lines) + 4 * size, (len(lines) + 1) * 2 * size), 255)
    for index, line in enumerate(lines):
        ImageDraw.Draw(image).text((2 * size, size + index * 2 * size), line, font=face, fill=0)
    return image


LATIN = ["Visitor log, 3 March", "Soren Kalbfleisch-Aramburu 14.02.1979", "A-number 204 118 937"]
SCRIPTS = [written for _, written in SCRIPT_PEOPLE]


def test_the_library_and_the_command_read_the_same_words():
    library, command = tesseract.Tesseract(), tesseract.Tesseract(library=False)
    if not library.in_process:
        pytest.skip("Tesseract's library cannot be loaded here: only the command reads")
    assert not command.in_process and library.version == command.version
    models = ["eng", *sorted(m for m in library.models if m in ("Cyrillic", "Greek", "Armenian", "Georgian"))]
    for model in models:
        for lines, psm in ((LATIN, 3), (SCRIPTS, 6), (LATIN + SCRIPTS, 6)):
            image = drawn(lines)
            assert library.words(image, model, psm) == command.words(image, model, psm), (model, psm)


@pytest.mark.parametrize("library", [True, False])
def test_a_model_that_is_not_installed_fails_and_names_no_text(library, capfd):
    found = tesseract.Tesseract(library=library)
    with pytest.raises(tesseract.TesseractError) as caught:
        found.words(drawn(LATIN), "Klingon", 6)
    assert "Soren" not in str(caught.value)
    assert found.words(drawn(LATIN), "eng", 3)  # the reader still reads after a failure
    assert capfd.readouterr() == ("", "")  # the library's messages, like the command's, are not shown


def test_a_command_of_another_version_is_run_as_itself(tmp_path, monkeypatch):
    """The library is used only when it is the command's own version: else the command reads."""
    real = tesseract.installed()
    assert real is not None
    fake = tmp_path / "tesseract"
    fake.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        case "$1" in
          --version) echo "tesseract 4.0.0";;
          --list-langs) printf 'List of available languages in "/nowhere/" (1):\\neng\\n';;
          *) exec {real.binary} "$@";;
        esac
    """))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    other = tesseract.Tesseract()
    assert not other.in_process and other.version == "tesseract 4.0.0"
    assert [w.text for w in other.words(drawn(LATIN[:1]), "eng", 3)] == ["Visitor", "log,", "3", "March"]


def test_a_process_that_read_in_the_library_exits_quietly(tmp_path):
    """Tesseract warns at exit about models still loaded: they are let go before, so stderr stays empty."""
    script = tmp_path / "read_once.py"
    script.write_text(textwrap.dedent(f"""\
        from PIL import Image, ImageDraw, ImageFont
        from withhold.extract import tesseract

        image = Image.new("L", (400, 60), 255)
        ImageDraw.Draw(image).text((10, 10), "Visitor log", font=ImageFont.truetype({str(DEJAVU)!r}, 22), fill=0)
        found = tesseract.installed()
        print([w.text for w in found.words(image, "eng", 3)])
    """))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "['Visitor', 'log']\n", "")


def test_tsv_rows_become_words():
    tsv = ("1\t1\t0\t0\t0\t0\t0\t0\t640\t480\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t36\t92\t61\t19\t96.5\tVisitor\n"
           "5\t1\t1\t1\t1\t2\t104\t92\t31\t19\t-1\t \n"
           "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n")
    assert tesseract._words(tsv) == [tesseract.Word("Visitor", 36, 92, 61, 19, 0.965, ("1", "1", "1", "1"))]


@pytest.mark.parametrize("library", [True, False])
def test_a_reading_past_its_time_fails_and_keeps_no_part(library, monkeypatch):
    """The library is given a deadline, the command a timeout: past it the reading fails (the picture is then not
    examined), never a part of the page given back as if it were all."""
    found = tesseract.Tesseract(library=library)
    monkeypatch.setattr(tesseract, "TIMEOUT", 0.001)
    with pytest.raises(tesseract.TesseractError):
        found.words(drawn(LATIN * 12, size=20), "eng", 3)
