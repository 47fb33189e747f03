"""The pre-commit hook's wall time on a commit of ten pages with a 100,000-record list, cold and warm.

    .venv/bin/python bench/hook_bench.py [--records 100000] [--pages 10] [--runs 3]

Each figure is the wall time of a whole `withhold hook --list LIST page1.md ... page10.md` process,
as pre-commit starts it (interpreter, imports, the prepared list, the scan):
- cold: an empty cache, so the list is prepared and the cache written;
- warm: the cache from the cold run (median of --runs);
- no cache: `--no-cache`, the list prepared every time (median of --runs).
The list is generated (fictional people) into a temporary folder and deleted afterwards: it is
never written into the repository. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # noqa: E402


def write_pages(root: Path, count: int, seed: int = 3) -> list[str]:
    """Write count Markdown pages (front matter, headings, prose, a table) and return their relative paths."""
    rng = random.Random(seed)
    names = []
    for i in range(count):
        people = [f"{rng.choice(gen.SITE_GIVEN)} {rng.choice(gen.SITE_FAMILY)}" for _ in range(3)]
        body = "\n\n".join(" ".join(rng.choice(gen.WORDS) for _ in range(120)).capitalize() + "." for _ in range(6))
        rows = "\n".join(f"| {p} | {rng.randint(1, 99)} |" for p in people)
        text = (f"---\ntitle: Report {i}\nauthor: {people[0]}\n---\n# Quarterly report {i}\n\n{body}\n\n"
                f"| Officer | Cases |\n| --- | --- |\n{rows}\n")
        path = root / "docs" / f"page{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        names.append(path.relative_to(root).as_posix())
    return names


def run_hook(cwd: Path, env: dict[str, str], args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "withhold", "hook", *args], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the hook exited {done.returncode} on clean pages:\n{done.stdout.decode()}{done.stderr.decode()}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="withhold-hook-bench-") as tmp:
        tmp_path = Path(tmp)
        secure = tmp_path / "secure"
        secure.mkdir()
        list_path = gen.write_list(secure / "protected.csv", args.records)
        list_bytes = list_path.stat().st_size
        site = tmp_path / "site"
        site.mkdir()
        pages = write_pages(site, args.pages)
        env = {k: v for k, v in os.environ.items() if k != "WITHHOLD_LIST"}
        env["WITHHOLD_CACHE_DIR"] = str(tmp_path / "cache")
        hook_args = ["--list", str(list_path), *pages]
        cold = run_hook(site, env, hook_args)
        cache_bytes = sum(p.stat().st_size for p in (tmp_path / "cache").iterdir())
        warm = statistics.median(run_hook(site, env, hook_args) for _ in range(args.runs))
        fresh = statistics.median(run_hook(site, env, ["--no-cache", *hook_args]) for _ in range(args.runs))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import withhold.cli"], check=True)
        startup = time.perf_counter() - started
    print(f"withhold hook: {args.pages} pages, {args.records:,} records "
          f"({list_bytes / 1e6:.1f} MB list, {cache_bytes / 1e6:.1f} MB cache entry)")
    print(f"  cold (empty cache, prepares and writes it): {cold:6.2f} s")
    print(f"  warm (from the cache), median of {args.runs}:       {warm:6.2f} s")
    print(f"  no cache (--no-cache), median of {args.runs}:       {fresh:6.2f} s")
    print(f"  of which Python start-up and imports:       {startup:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
