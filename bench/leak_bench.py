"""A large leak against the same site with no listed person on it (issue 13): findings must cost almost nothing.

    .venv/bin/python bench/leak_bench.py [--pages 500] [--attachments 150] [--share 0.25] [--records 100000]
    .venv/bin/python bench/leak_bench.py --corpus DIR --list LIST.csv   # DIR/leak and DIR/clean, written before
    .venv/bin/python bench/leak_bench.py --corpus DIR --list LIST.csv --rounds 3   # medians of 3 turns each

Writes two twins from one random stream: the same pages (tables and prose), PDFs, workbooks and
documents; in `leak` a share of the table rows names a listed person (name, birth date, A-number),
in `clean` the same rows hold unlisted names (bench/gen.py's disjoint site pool), dates and
A-numbers on no record. Everything is fictional. Each twin is scanned cold by the real CLI (empty
cache: the list is prepared inside the run), beside `rg -F -c -f` with the listed names (as written,
lower, upper) and A-numbers; the ratios are what counts. Wall and CPU seconds (the CLI and its
workers) are both given: on a shared machine the CPU ratio moves less. With --rounds the twins take
turns and each figure is the median of its rounds.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import gen  # noqa: E402
from run import rg_binary, rg_patterns  # noqa: E402
from summary import target  # noqa: E402


class People:
    """Rows of (name, birth date, A-number): listed people in `leak`, unlisted ones in `clean`."""

    def __init__(self, records: list[dict[str, str]], leak: bool, share: float) -> None:
        self.records, self.leak, self.share = records, leak, share
        self.numbers = {r["a_number"] for r in records}

    def row(self, rng: random.Random) -> tuple[str, str, str]:
        listed = rng.random() < self.share  # the same draws in both twins
        rec = self.records[rng.randrange(len(self.records))]
        name = f"{rng.choice(gen.SITE_GIVEN)} {rng.choice(gen.SITE_FAMILY)}"
        dob = f"{rng.randrange(1940, 2006)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        number = f"A{rng.randrange(10**8, 10**9)}"
        while number in self.numbers:
            number = f"A{rng.randrange(10**8, 10**9)}"
        if listed and self.leak:
            return f"{rec['given_name']} {rec['family_name']}", rec["dob"], rec["a_number"]
        return name, dob, number


def _page(rng: random.Random, people: People, index: int, target: int) -> str:
    nav = "".join(f'<li><a href="/s/{i}/p-{j}/">{gen._prose(rng, 3)}</a></li>' for i in range(4) for j in range(10))
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Report {index}</title></head>"
             f"<body><nav><ul>{nav}</ul></nav><main>"]
    size = len(parts[0])
    while size < target:
        if rng.random() < 0.5:
            rows = "".join(f"<tr><td>{n}</td><td>{d}</td><td>{a}</td><td>{gen._prose(rng, 4)}</td></tr>"
                           for n, d, a in (people.row(rng) for _ in range(rng.randint(10, 40))))
            chunk = f"<table><tr><th>Name</th><th>Born</th><th>A-number</th><th>Note</th></tr>{rows}</table>"
        else:
            chunk = f"<h2>{gen._prose(rng, 5)}</h2><p>{gen._prose(rng, rng.randint(40, 160))}</p>"
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts) + "</main></body></html>"


def _pdf(path: Path, rng: random.Random, people: People) -> None:
    from fpdf import FPDF

    doc = FPDF()
    doc.set_font("helvetica", size=8)
    for _ in range(rng.randint(4, 30)):
        doc.add_page()
        for _ in range(45):
            n, d, a = people.row(rng)
            line = f"{n}  {d}  {a}  {' '.join(rng.choice(gen.WORDS) for _ in range(6))}"
            doc.cell(0, 5, line.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    doc.output(str(path))


def _xlsx(path: Path, rng: random.Random, people: People) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Detention statistics")
    sheet.append(["Name", "Born", "A-number", "Facility", "Days"])
    for _ in range(rng.randint(500, 6000)):
        n, d, a = people.row(rng)
        sheet.append([n, d, a, rng.choice(gen.WORDS).title(), rng.randrange(1, 400)])
    book.save(path)


def _docx(path: Path, rng: random.Random, people: People) -> None:
    from docx import Document

    doc = Document()
    for _ in range(rng.randint(20, 150)):
        n, d, a = people.row(rng)
        doc.add_paragraph(f"{n} (born {d}, {a}) " + " ".join(rng.choice(gen.WORDS) for _ in range(rng.randint(20, 80))))
    doc.save(str(path))


def write_twin(root: Path, people: People, pages: int, attachments: int) -> None:
    rng = random.Random(7)
    for i in range(pages):
        folder = root / f"section-{i % 25}" / f"page-{i}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(_page(rng, people, i, rng.randint(30, 80) * 1024), encoding="utf-8")
    files = root / "files"
    files.mkdir(parents=True, exist_ok=True)
    writers = {"pdf": _pdf, "xlsx": _xlsx, "docx": _docx}
    for i in range(attachments):
        kind = ("pdf", "xlsx", "docx")[i % 3]
        writers[kind](files / f"{kind}-{i}.{kind}", rng, people)


def _size(root: Path) -> int:
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Return the wall seconds, the CPU seconds (the command and every process it waited for) and its last line."""
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr.decode(errors="replace")[-2000:])
    return seconds, cpu, proc.stderr.decode(errors="replace").strip().splitlines()[-1:][0] if proc.stderr else ""


def measure(corpus: Path, list_path: Path, work: Path, jobs: int, rounds: int) -> list[tuple[str, float, float, str]]:
    """Return (what, seconds, CPU seconds, note) for a cold scan and rg over each twin: the median of rounds.

    The twins take turns round after round, so a machine that slows down mid-run slows both.
    """
    patterns = work / "patterns.txt"
    rg_patterns(list_path, patterns)
    withhold = str(Path(sys.executable).parent / "withhold")
    runs: dict[str, list[tuple[float, float, str]]] = {}
    for _ in range(rounds):
        for twin in ("clean", "leak"):
            cache = work / f"cache-{twin}"
            shutil.rmtree(cache, ignore_errors=True)
            env = {**os.environ, "WITHHOLD_CACHE_DIR": str(cache)}
            seconds, cpu, summary = _timed([withhold, "scan", "--list", str(list_path), "--no-progress",
                                            "--jobs", str(jobs), str(corpus / twin)], env)
            runs.setdefault(f"withhold scan, cold, {twin}", []).append((seconds, cpu, summary.removeprefix("withhold: ")[:90]))
            runs.setdefault(f"rg -F -c -f, {twin}", []).append(
                _timed([rg_binary(), "-F", "-c", "-f", str(patterns), str(corpus / twin)], env)[:2] + ("",))
    order = [f"{what}, {twin}" for twin in ("clean", "leak") for what in ("withhold scan, cold", "rg -F -c -f")]
    return [(what, statistics.median(r[0] for r in runs[what]), statistics.median(r[1] for r in runs[what]),
             runs[what][-1][2]) for what in order]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--attachments", type=int, default=150)
    parser.add_argument("--share", type=float, default=0.25, help="share of table rows naming a listed person")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="runs of each twin, taking turns; medians reported")
    parser.add_argument("--corpus", type=Path, help="DIR with leak/ and clean/, written before (needs --list)")
    parser.add_argument("--list", type=Path, help="the list the corpus was written from")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="withhold-leak-") as tmp:
        work = Path(tmp)
        corpus, list_path = args.corpus, args.list
        if corpus is None:
            corpus, list_path = work / "corpus", gen.write_list(work / "list.csv", args.records)
            with list_path.open(encoding="utf-8") as f:
                records = list(csv.DictReader(f))
            for twin in ("leak", "clean"):
                write_twin(corpus / twin, People(records, twin == "leak", args.share), args.pages, args.attachments)
        assert list_path is not None, "--corpus needs --list"
        print(f"corpus: {_size(corpus / 'leak') / 1e6:.1f} MB per twin; list: {list_path.name}")
        rows = measure(corpus, list_path, work, args.jobs, args.rounds)
        print(f"{'median of ' + str(args.rounds) + ' round(s)':<32}{'wall':>8}    {'CPU':>8}")
        for what, seconds, cpu, note in rows:
            print(f"{what:<32}{seconds:8.2f} s  {cpu:8.2f} s  {note}")
        clean, leak = rows[0][1], rows[2][1]
        print(f"{'leak / clean (target <= 1.3)':<32}{leak / clean:8.2f}    {rows[2][2] / rows[0][2]:8.2f} in CPU")
        print(f"{'leak / rg on leak (target <= 4)':<32}{leak / rows[3][1]:8.2f}")
        size = f"{_size(corpus / 'leak') / 1e6:.0f} MB"
        what = "leak-dense corpus" if args.corpus else f"leak-dense corpus (a share of {args.share:g} of rows)"
        target(f"{what} / its clean twin, cold", leak / clean, "x", 1.3, f"{leak:.1f} s / {clean:.1f} s, {size}")
        target(f"{what} / rg -F -c -f, cold", leak / rows[3][1], "x", 4, f"rg {rows[3][1]:.1f} s")


if __name__ == "__main__":
    main()
