"""Names in Cyrillic, Greek, Armenian and Georgian inside pictures: found with the script models, and without.

    .venv/bin/python bench/ocr_scripts.py
    .venv/bin/python bench/ocr_scripts.py --with-models-only

The people are tests/people.py's SCRIPT_PEOPLE (fictional), listed romanised; each picture writes
one of them in their own script, drawn by Pillow in every DejaVu and Liberation font that has the
script's letters, at 12-30 px, as PNG and as JPEG at quality 60, title case, capitals (but
Georgian) and family name first. Each goes through withhold's own core (scan_bytes), once with
Tesseract's script models (extract/scriptocr.py) and once without them, and the table says how many
names were found and how each picture ended: examined, partly read, or not examined (failed);
"missed, yet examined" counts the pictures that passed silently without their name found, and
the labels of those are printed below the table.
CPU time counts Tesseract's. Everything runs offline; the OCR cache is off.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from people import SCRIPT_PEOPLE  # noqa: E402
from protected_forms import write_forms_list  # noqa: E402
from withhold.extract import ocr, scriptocr  # noqa: E402
from withhold.protected.plaintext import Protected  # noqa: E402
from withhold.scan.file import scan_bytes  # noqa: E402
from withhold.settings import Settings  # noqa: E402

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
SIZES = (12, 16, 20, 30)
STYLES = ("as written", "capitals", "family first")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _fonts(text: str) -> list[Path]:
    """Return the installed fonts that draw every letter of text (none missing as an empty box)."""
    from fontTools.ttLib import TTFont

    out = []
    for folder in FONT_DIRS:
        for path in sorted(folder.glob("*.ttf")) if folder.is_dir() else []:
            if "Mono" in path.name or "Oblique" in path.name or "Italic" in path.name:
                continue
            cmap = TTFont(str(path), lazy=True).getBestCmap()
            if all(ord(c) in cmap for c in text if not c.isspace()):
                out.append(path)
    return out


def pictures() -> list[tuple[str, str, bytes]]:
    """Return (record id, label, encoded picture) for every person, font, size, style and format."""
    from PIL import Image, ImageDraw, ImageFont

    out = []
    for person, written in SCRIPT_PEOPLE:
        given, family = written.split(" ")
        styles = {"as written": f"Visitor: {written}", "capitals": written.upper(), "family first": f"{family} {given}"}
        for style, text in styles.items():
            if style == "capitals" and written[0] in "ნ":
                continue  # Georgian has no capitals a page would print
            for font in _fonts(text):
                for size in SIZES:
                    face = ImageFont.truetype(str(font), size)
                    image = Image.new("RGB", (int(face.getlength(text)) + 4 * size, 4 * size), "white")
                    ImageDraw.Draw(image).text((2 * size, size + size // 2), text, font=face, fill="black")
                    for fmt, options in (("PNG", {}), ("JPEG", {"quality": 60})):
                        data = io.BytesIO()
                        image.save(data, fmt, **options)
                        out.append((person.id, f"{written.split()[0]} {style} {font.stem} {size}px {fmt}", data.getvalue()))
    return out


def measure(protected: Protected, shots: list[tuple[str, str, bytes]], with_scripts: bool) -> dict[str, object]:
    saved = list(scriptocr._READER)
    scriptocr._READER[:] = [scriptocr.reader() if with_scripts else None]
    settings = Settings(ocr_han=False)
    try:
        found, ends, silent, cpu = 0, Counter(), [], _cpu()
        for record, label, data in shots:
            result = scan_bytes("board.png", data, protected, settings)
            hit = record in {r for f in result.findings for r in f.records}
            found += hit
            status = result.coverage[0].status
            ends[status] += 1
            if not hit and status == "examined":
                silent.append(label)
        return {"found": found, "ends": ends, "silent": silent, "cpu": (_cpu() - cpu) / len(shots)}
    finally:
        scriptocr._READER[:] = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-models-only", action="store_true", help="skip the run without the script models")
    args = parser.parse_args(argv)
    if ocr.engine() is None:
        print("no OCR engine installed (pip install '.[ocr]')")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        protected = Protected.load(write_forms_list(Path(folder) / "list.csv"), Settings())[0]
    shots = pictures()
    scan_bytes("warm-up.png", shots[0][2], protected, Settings(ocr_han=False))
    print(f"{len(shots)} pictures of {len(SCRIPT_PEOPLE)} fictional people (tests/people.py SCRIPT_PEOPLE)")
    print("| second reader | names found | examined | pixels partly read | not examined (fails) | missed, yet examined | CPU s/picture |")
    print("|---|---|---|---|---|---|---|")
    runs = [("Tesseract script models", True), ("none", False)] if scriptocr.reader() else [("none", False)]
    runs = runs[:1] if args.with_models_only else runs
    missed: list[tuple[str, list[str]]] = []
    for label, with_scripts in runs:
        row = measure(protected, shots, with_scripts)
        ends = row["ends"]
        assert isinstance(ends, Counter)
        silent = row["silent"]
        assert isinstance(silent, list)
        print(f"| {label} | {row['found']}/{len(shots)} | {ends['examined']} | {ends['pixels partly read']} "
              f"| {ends['not examined']} | {len(silent)} | {row['cpu']:.2f} |")
        missed.append((label, silent))
    for label, silent in missed:
        if silent:
            print(f"missed yet examined, {label}: " + "; ".join(silent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
