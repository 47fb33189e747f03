"""The pre-commit hook's time on a commit of ten pages with a 100,000-record list, warm and cold, beside references.

    .venv/bin/python bench/hook_bench.py [--records 100000 | --list FILE] [--pages 10] [--runs 5]

Each figure is a whole `withhold hook --list LIST page1.md ... page10.md` process, as pre-commit
starts it (interpreter, imports, the prepared list, the scan), in a git repository holding the
pages staged. In the same run, in turn with the hook so that both see the same load, two
references: `python -c pass` (the interpreter's start-up, which any Python hook pays) and
`git diff --cached --stat` (what git itself does for a commit). Wall seconds and CPU seconds
(user + system, from the kernel's accounting of the child: the steadiest figure on a shared
machine) are medians of --runs:
- warm: the prepared-list cache filled by the cold run; withhold's share is warm minus start-up;
- cold: an empty cache, so the list is prepared and the cache written (one run);
- no cache: `--no-cache`, the list prepared every time (one run).
Python runs from compiled bytecode, as an installed hook does (kept in the temporary folder,
even where PYTHONDONTWRITEBYTECODE is set). Without --list the list is generated (fictional people) into a temporary folder and deleted
afterwards: it is never written into the repository. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen
from summary import target


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


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run command; return its wall seconds and CPU seconds (user + system of the child). It must exit 0."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} ... exited {done.returncode}:\n{done.stdout.decode()}{done.stderr.decode()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(rows: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--list", type=Path, help="a protected list of fictional people (default: generate one)")
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="withhold-hook-bench-") as tmp:
        tmp_path = Path(tmp)
        list_path = gen.given_or_written(args.list, args.records, tmp_path)
        records = sum(1 for _ in list_path.open(encoding="utf-8")) - 1
        list_bytes = list_path.stat().st_size  # a generated list is gone with the folder before the table
        site = tmp_path / "site"
        site.mkdir()
        pages = write_pages(site, args.pages)
        env = {k: v for k, v in os.environ.items() if k not in ("WITHHOLD_LIST", "PYTHONDONTWRITEBYTECODE")}
        env["WITHHOLD_CACHE_DIR"] = str(tmp_path / "cache")
        # Bytecode as an installed hook has it (pip compiles it), kept in the temporary folder, not the checkout.
        env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
        for command in (["git", "init", "-q"], ["git", "add", *pages]):
            subprocess.run(command, cwd=site, check=True)
        hook = [sys.executable, "-m", "withhold", "hook", "--list", str(list_path), *pages]
        cold = timed(hook, site, env)
        cache_bytes = sum(p.stat().st_size for p in (tmp_path / "cache").iterdir())
        runs: dict[str, list[tuple[float, float]]] = {"start": [], "git": [], "warm": []}
        for _ in range(args.runs):
            runs["start"].append(timed([sys.executable, "-c", "pass"], site, env))
            runs["git"].append(timed(["git", "diff", "--cached", "--stat"], site, env))
            runs["warm"].append(timed(hook, site, env))
        fresh = timed([*hook[:4], "--no-cache", *hook[4:]], site, env)
    start, git, warm = medians(runs["start"]), medians(runs["git"]), medians(runs["warm"])
    print(f"withhold hook: {args.pages} pages, {records:,} records ({list_bytes / 1e6:.1f} MB list, "
          f"{cache_bytes / 1e6:.1f} MB cache entry); medians of {args.runs} runs in turn, s")
    print(f"| {'':52} | wall s | CPU s |")
    print(f"| {'-' * 52} | ------ | ----- |")
    for label, (wall, cpu) in (("python -c pass (reference: start-up)", start),
                               ("git diff --cached --stat (reference)", git),
                               ("hook, warm (the cache filled)", warm),
                               ("hook, cold (empty cache: prepares, writes it), 1 run", cold),
                               ("hook, --no-cache (prepares every time), 1 run", fresh)):
        print(f"| {label:52} | {wall:6.2f} | {cpu:5.2f} |")
    print(f"| {'withhold share, warm: hook - start-up (target 0.50)':52} | {warm[0] - start[0]:6.2f} | "
          f"{warm[1] - start[1]:5.2f} |")
    print(f"| {'ratio warm hook / git diff':52} | {warm[0] / git[0]:5.1f}x | {warm[1] / max(git[1], 1e-3):4.1f}x |")
    target(f"hook, {args.pages} pages, {records:,} records, warm: withhold's share (hook - start-up)", warm[0] - start[0],
           "s", 0.5, f"hook {warm[0]:.2f} s wall, {warm[1]:.2f} s CPU; python start-up {start[0]:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
