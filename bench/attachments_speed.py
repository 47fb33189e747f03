"""Attachments through the whole scan: MB/s of file (and PDF pages/s) per format, one core.

    .venv/bin/python bench/attachments_speed.py                                # this checkout
    .venv/bin/python bench/attachments_speed.py --against /tmp/before/plugin   # and another tree

Files are written by the real writers at the sizes bench/agency.py gives an agency site (PDF 4-40
pages, workbooks of 500-6,000 rows, Word documents of 20-150 paragraphs, CSV of 500-20,000 rows,
zips of 1-4 CSVs; slide decks of 5-40 slides besides) into a temporary folder, kept between runs.
Each file goes through `withhold.scan.file.scan_bytes` with a protected list of fictional people
(bench/gen.py; the files hold none of them, as most files of a site do not). With --against, other
trees (a checkout's `plugin` folder, e.g. from `git archive REV plugin | tar -x -C /tmp/before`)
are timed in alternation with this one, each in a subprocess, so all see the same load on a
shared machine: compare the ratios, not the absolute figures. Medians of --rounds rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import agency  # noqa: E402
import gen  # noqa: E402

# (kind, how many files, (min, max) size in the writer's unit)
MIX = (("pdf", 8, (4, 40)), ("xlsx", 6, (500, 6000)), ("docx", 8, (20, 150)), ("pptx", 6, (5, 40)),
       ("csv", 6, (500, 20000)), ("zip", 6, (1, 4)))


def _pptx(path: Path, slides: int, rng: random.Random) -> None:
    from pptx import Presentation

    deck = Presentation()
    for _ in range(slides):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = " ".join(rng.choice(gen.WORDS) for _ in range(5)).title()
        body = slide.placeholders[1].text_frame
        for _ in range(rng.randint(3, 8)):
            body.add_paragraph().text = " ".join(rng.choice(gen.WORDS) for _ in range(rng.randint(6, 20)))
        slide.notes_slide.notes_text_frame.text = " ".join(rng.choice(gen.WORDS) for _ in range(30))
    deck.save(str(path))


WRITERS = {**agency.WRITERS, "pptx": _pptx}


def write_files(folder: Path) -> list[Path]:
    """Write the files once (a marker records that they are complete); return them."""
    done = folder / ".complete"
    files = folder / "files"
    if not done.exists():
        files.mkdir(parents=True, exist_ok=True)
        rng = random.Random(7)
        for kind, count, (low, high) in MIX:
            for i in range(count):
                WRITERS[kind](files / f"{kind}-{i}.{kind}", rng.randint(low, high), rng)
        gen.write_list(folder / "list.csv", 1000)
        done.write_text("")
    return sorted(p for p in files.iterdir() if p.suffix[1:] in WRITERS)


def pdf_pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(str(p))) for p in files if p.suffix == ".pdf")


def worker(folder: Path, repeat: int) -> None:
    """Print {kind: [bytes, best seconds of repeat]} for this interpreter's withhold, as JSON."""
    import withhold
    from withhold.protected.plaintext import Protected
    from withhold.scan.file import scan_bytes
    from withhold.settings import Settings

    settings = Settings()
    protected, _ = Protected.load(folder / "list.csv", settings)
    files = write_files(folder)
    out: dict[str, list[float]] = {}
    for path in files:  # one warm-up pass: imports and caches are not what is measured
        scan_bytes(path.name, path.read_bytes(), protected, settings)
    for path in files:
        data = path.read_bytes()
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            result = scan_bytes(path.name, data, protected, settings)
            best = min(best, time.perf_counter() - start)
        if result.findings or any(c.status not in ("examined", "metadata only") for c in result.coverage):
            raise SystemExit(f"{path.name}: not clean ({len(result.findings)} findings)")
        entry = out.setdefault(path.suffix[1:], [0.0, 0.0])
        entry[0] += len(data)
        entry[1] += best
    print(json.dumps({"tree": withhold.__file__, **out}))


def measure(plugin: Path, folder: Path, repeat: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(plugin)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(folder), "--repeat", str(repeat)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    out = json.loads(proc.stdout)
    if not out.pop("tree").startswith(str(plugin)):
        raise SystemExit(f"{plugin}: the worker imported withhold from elsewhere")
    return out  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another tree's plugin folder, timed in the same run (repeatable; the first is the baseline)")
    parser.add_argument("--tree", type=Path, help="the plugin folder to time (default: this checkout's)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="scans of each file per round (the best counts)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "withhold-attachments-speed")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.repeat)
    files = write_files(args.workdir)
    pages = pdf_pages(files)
    plugins = [p.resolve() for p in args.against] + [(args.tree or HERE.parent / "plugin").resolve()]
    names = [str(p.parent) if p.name == "plugin" else str(p) for p in plugins]
    runs: list[list[dict[str, list[float]]]] = [[] for _ in plugins]
    for _ in range(args.rounds):  # in alternation, so every tree sees the same load
        for i, plugin in enumerate(plugins):
            runs[i].append(measure(plugin, args.workdir, args.repeat))
    kinds = [k for k, _, _ in MIX]
    counts = {k: sum(1 for f in files if f.suffix == f".{k}") for k in kinds}
    seconds = [{k: statistics.median(r[k][1] for r in rs) for k in kinds} for rs in runs]
    print(f"{len(files)} files in {args.workdir / 'files'}; {args.rounds} rounds, medians; {pages} PDF pages")
    for i, name in enumerate(names):
        print(f"  [{i}] {name}")
    columns = [f"[{i}] MB/s" for i in range(len(plugins))] + [f"[{i}]/[0]" for i in range(1, len(plugins))]
    print("| format | files | MB of file | " + " | ".join(columns) + " |")
    print("|---" * (3 + len(columns)) + "|")
    for kind in kinds:
        size = runs[0][0][kind][0] / 1e6
        cells = [f"{size / s[kind]:.2f}" for s in seconds] + [f"{seconds[0][kind] / s[kind]:.1f}x" for s in seconds[1:]]
        print(f"| {kind} | {counts[kind]} | {size:.2f} | " + " | ".join(cells) + " |")
    print("| PDF pages/s | | | " + " | ".join(f"{pages / s['pdf']:.0f}" for s in seconds) + " |" + " |" * (len(plugins) - 1))


if __name__ == "__main__":
    main()
