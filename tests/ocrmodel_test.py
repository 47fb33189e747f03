"""The recogniser without Han (extract/ocrmodel.py): what it keeps, that it reads Latin text exactly as
the full one does, and that a run chooses it only when the list writes no name in Han.

Pictures from pictures.py (fictional people, people.py); the real PP-OCRv6 model of RapidOCR's wheel.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import pictures as P
from people import PEOPLE, generated
from withhold.extract import ocr, ocrmodel, pixels, triage
from withhold.protected.plaintext import Protected
from withhold.run.prepare import prepare
from withhold.settings import Settings

rapid = ocr.engine("rapidocr")
needs_rapidocr = pytest.mark.skipif(rapid is None, reason="RapidOCR is not installed (pip install '.[ocr]')")


@pytest.mark.parametrize(("characters", "columns"), [
    (["a", "中", "é", "Ω", "ア", "•", "𠀀"], [0, 1, 3, 4, 5, 6, 8]),  # blank, kept..., space; Han dropped
    (["丁", "七"], [0, 3]),
    (["A", "0", "，", "丽"], [0, 1, 2, 3, 5]),  # a fullwidth comma stays, a compatibility ideograph does not
])
def test_kept_columns(characters, columns):
    assert ocrmodel.kept(characters) == columns


def _model() -> Path:
    import rapidocr

    return next((Path(rapidocr.__file__).parent / "models").glob("*rec*.onnx"))


@needs_rapidocr
def test_the_trimmed_model_keeps_every_character_but_han():
    import onnx

    full, trimmed = onnx.load(str(_model())), onnx.load_from_string(ocrmodel.without_han(_model()))
    def characters(model: onnx.ModelProto) -> list[str]:
        return {p.key: p.value for p in model.metadata_props}[ocrmodel.CHARACTERS].splitlines()
    expected = [c for c in characters(full) if not ocrmodel.is_han(c)]
    assert characters(trimmed) == expected
    assert {"é", "ß", "Ø", "ł", "Ω", "ア", "•", "·", "-", "'", "0"} <= set(expected)
    assert trimmed.graph.output[0].type.tensor_type.shape.dim[2].dim_value == len(expected) + 2


def _seen(data: bytes):  # type: ignore[no-untyped-def]
    return triage.prepared(pixels._open(data))


@needs_rapidocr
@pytest.mark.parametrize("picture", P.name_pictures([*PEOPLE, *generated(7)]) + P.clean_pictures(), ids=lambda p: p.name)
def test_without_han_reads_latin_text_as_the_full_model(picture):
    trimmed = ocr.engine("rapidocr", han=False)
    assert rapid is not None and trimmed is not None
    seen = _seen(picture.data)
    full_lines, trimmed_lines = rapid.read(seen), trimmed.read(seen)
    assert [line.box for line in trimmed_lines] == [line.box for line in full_lines]
    # Every line the full model reads without Han reads the same; one it read as Han (a stroke on a
    # photo as "一") is read as the likeliest other character.
    assert [t.text for t, f in zip(trimmed_lines, full_lines) if not ocrmodel.is_han(f.text)] == \
        [f.text for f in full_lines if not ocrmodel.is_han(f.text)]
    assert not any(ocrmodel.is_han(t.text) for t in trimmed_lines)
    # The Han share of the probability is gone, so such a line is never less sure than before.
    assert all(t.confidence >= f.confidence - 1e-5 for t, f in zip(trimmed_lines, full_lines) if not ocrmodel.is_han(f.text))


@needs_rapidocr
def test_the_engines_are_told_apart_by_version():
    trimmed = ocr.engine("rapidocr", han=False)
    assert rapid is not None and trimmed is not None and trimmed is not rapid
    assert trimmed.version == rapid.version + " without Han"
    assert ocr.engine("rapidocr", han=False) is trimmed  # loaded once per process


def _list(path: Path, native: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "given_name", "family_name", "native_name"])
        w.writerow(["R1", "Mingxia", "Quvang", native])  # fictional
    return path


@pytest.mark.parametrize(("native", "han"), [
    ("", False),
    ("Юлия Щербакова", False),
    ("ミンシア", False),  # Kana is read by the trimmed model too
    ("曲望明霞", True),
])
def test_a_run_reads_han_only_when_the_list_writes_it(tmp_path, native, han):
    path = _list(tmp_path / "list.csv", native)
    protected, _ = Protected.load(path, Settings())
    assert protected.writes_han is han
    (tmp_path / "site").mkdir()
    prepared = prepare(str(path), None, {}, [tmp_path / "site"], start=tmp_path, cache=False)
    assert prepared.settings.ocr_han is han


def test_the_list_fingerprint_does_not_follow_ocr_han():
    from withhold.protected.keys import list_fingerprint

    key = b"k" * 32
    assert list_fingerprint(key, Settings()) == list_fingerprint(key, Settings(ocr_han=False))


class _Decoder:
    """RapidOCR's decoding (repeats merged, blanks dropped) over a small alphabet: blank, a, e, r, space."""

    character = ["blank", "a", "e", "r", " "]

    def decode(self, paths, probabilities=None, remove_duplicate=True):  # type: ignore[no-untyped-def]
        out = []
        for path in paths:
            kept = [c for i, c in enumerate(path) if c != 0 and (i == 0 or c != path[i - 1])]
            out.append(("".join(self.character[c] for c in kept), 1.0))
        return out, []


def _steps(*rows: dict[int, float]):  # type: ignore[no-untyped-def]
    import numpy as np

    out = np.zeros((len(rows), 5), dtype=np.float32)
    for step, row in enumerate(rows):
        for column, p in row.items():
            out[step, column] = p
    return out


@pytest.mark.parametrize(("rows", "expected"), [
    # sure at every step: no other reading
    (({1: 1.0}, {0: 1.0}, {3: 1.0}), []),
    # the "a" lost to a blank at 0.81 against 0.19: "er" is read, "aer" too
    (({0: 0.81, 1: 0.19}, {2: 0.95, 0: 0.05}, {3: 1.0}), ["aer"]),
    # a runner-up under ALTERNATIVE is no reading
    (({0: 0.95, 1: 0.05}, {2: 1.0}), []),
    # a runner-up that decodes to the same text (a repeat merged) adds nothing
    (({2: 1.0}, {2: 0.6, 0: 0.4}, {3: 1.0}), []),
    # the likeliest hesitations first
    (({1: 0.5, 2: 0.5}, {0: 0.7, 3: 0.3}, {4: 0.8, 0: 0.2}), ["e ", "ar ", "a"]),
])
def test_other_readings_where_the_recogniser_hesitated(rows, expected):
    probabilities, decoder = _steps(*rows), _Decoder()
    reading = decoder.decode([probabilities.argmax(axis=1)])[0][0][0]
    assert ocrmodel.doubts(probabilities, decoder, reading) == expected


def test_other_readings_are_at_most_max_alternatives():
    rows = [{1: 0.6, 2: 0.4} if step % 2 == 0 else {0: 1.0} for step in range(40)]
    assert len(ocrmodel.doubts(_steps(*rows), _Decoder(), "a" * 20)) == ocrmodel.MAX_ALTERNATIVES


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _board():  # type: ignore[no-untyped-def]
    """Return a visitor board naming P00005 (fictional) on which the recogniser hesitates over the "Æ"."""
    from PIL import Image, ImageDraw, ImageFont

    import attachments as A

    if not DEJAVU.is_file():
        pytest.skip("needs DejaVu")
    face = ImageFont.truetype(str(DEJAVU), 22)
    image = Image.new("RGB", (520, 170), "white")
    for index, line in enumerate(["Visitor log, Field Office 12", f"{A.SOREN.full} 14.02.1979", "Room 4, desk 2"]):
        ImageDraw.Draw(image).text((30, 25 + 45 * index), line, font=face, fill="black")
    return image


@needs_rapidocr
def test_a_name_read_with_a_letter_dropped_is_found_through_the_recognisers_other_reading(tmp_path):
    """"Ærøskøbing" (P00005, fictional), which the dictionary writes "AE": in this picture the "A" loses to a blank."""
    import attachments as A
    from conftest import SETTINGS
    from protected_forms import write_forms_list

    image = _board()
    engine = ocr.engine("rapidocr", han=False)
    lines = engine.read(triage.prepared(image))
    assert [line.text for line in lines][1] == "Søren Erøskøbing 14.02.1979"  # the first reading misses the name
    assert "Søren AErøskøbing 14.02.1979" in lines[1].alternatives
    assert all(not line.alternatives or line.text[:4] in " ".join(line.alternatives) for line in lines)  # each its own
    listed = Protected.load(write_forms_list(tmp_path / "list.csv"), SETTINGS)[0]
    out = tmp_path / "board.png"
    image.save(out)
    result = A.scan("board.png", out.read_bytes(), listed, SETTINGS.replace(ocr_han=False))
    assert [f.records for f in result.findings] == [("P00005",)]
    assert A.statuses(result)["board.png"] == ("examined", "")


@needs_rapidocr
def test_a_name_found_through_another_reading_is_reported_masked(tmp_path, capsys):
    """The other readings are text like any other: the report names the record, masks the name, in every reading."""
    from protected_forms import write_forms_list
    from withhold.cli import main

    (tmp_path / "site").mkdir()
    _board().save(tmp_path / "site" / "board.png")
    (tmp_path / "secure").mkdir()
    listed = write_forms_list(tmp_path / "secure" / "list.csv")
    for fmt in ("text", "json", "sarif"):
        assert main(["scan", "--list", str(listed), "--no-cache", "--no-progress", "--format", fmt, str(tmp_path / "site")]) == 1
        out, err = capsys.readouterr()
        assert "P00005" in out
        for written in ("Ærøskøbing", "AErøskøbing", "Erøskøbing", "aeroskobing", "roskøbing"):
            assert written.lower() not in (out + err).lower(), (fmt, written)


def _line_crop(inked_columns: list[tuple[int, int]], width: int = 480, height: int = 48):  # type: ignore[no-untyped-def]
    """Return a white crop of a line, black in the given column ranges (as letters are), and its size in steps."""
    import numpy as np

    crop = np.full((height, width, 3), 255, dtype=np.uint8)
    for a, b in inked_columns:
        crop[10:38, a:b] = 0
    return crop, width // ocrmodel.STEP


def test_unread_ink_counts_blank_steps_over_ink_only():
    import numpy as np

    crop, steps = _line_crop([(0, 480)])  # ink all along
    best = np.ones(steps, dtype=int)
    best[10:22] = 0  # twelve blank steps over ink: two line heights read as nothing
    best[30:32] = 0  # two between letters, as Latin leaves
    assert ocrmodel.unread_ink(best, crop) == pytest.approx(12 * ocrmodel.STEP / ocrmodel.HEIGHT)
    white, steps = _line_crop([(0, 80), (400, 480)])  # a gap between two cells: no ink in it
    best = np.ones(steps, dtype=int)
    best[10:50] = 0
    assert ocrmodel.unread_ink(best, white) == 0.0
    assert ocrmodel.unread_ink(np.zeros(0, dtype=int), crop) == 0.0


@pytest.mark.skipif(ocr.engine() is None, reason="no OCR engine")
def test_letters_the_recogniser_lacks_are_a_gap_in_its_line_latin_ones_are_not():
    from PIL import Image, ImageDraw, ImageFont

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
    if not font.is_file():
        pytest.skip("no DejaVu font")
    engine = ocr.engine(han=False)
    gaps = {}
    for text in ("Visitor: ნინო ხარაიშვილი", "Visitor: Nino Kharaishvili"):  # fictional (tests/people.py)
        face = ImageFont.truetype(str(font), 20)
        image = Image.new("RGB", (int(face.getlength(text)) + 80, 80), "white")
        ImageDraw.Draw(image).text((40, 30), text, font=face, fill="black")
        gaps[text] = max(line.gap for line in engine.read(image))
    assert gaps["Visitor: ნინო ხარაიშვილი"] >= 1.5
    assert gaps["Visitor: Nino Kharaishvili"] <= 0.5
