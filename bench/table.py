"""Every speed and size target in one table: `make bench`.

    .venv/bin/python bench/table.py [--only leak,hook,...] [--full]

Runs each benchmark below in its own process (its detail goes to a log beside the table), gathers
the figures each one records through bench/summary.py, and prints one row per target: what was
measured, the figure, the goal and whether it is met. The default sizes run in well under an
hour on 2 cores; `--full` uses the sizes the issues name (the agency site at full scale alone takes
about 45 minutes). Timings are printed, never asserted: the ratios measured in one run are what
counts on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name: (arguments by default, arguments with --full)
STEPS: dict[str, tuple[list[str], list[str]]] = {
    "leak": (["leak_bench.py", "--pages", "200", "--attachments", "60"], ["leak_bench.py"]),
    # the density issue 13 measured (about 20,000 findings in 500 pages and 150 files): a tenth of the above
    "sparse-leak": (["leak_bench.py", "--pages", "200", "--attachments", "60", "--share", "0.025"],
                    ["leak_bench.py", "--share", "0.025"]),
    "hook": (["hook_bench.py", "--records", "100000"], ["hook_bench.py", "--records", "100000"]),
    "serve": (["serve_bench.py", "--records", "100000"], ["serve_bench.py", "--records", "100000"]),
    "agency": (["agency.py", "--pages", "2000", "--attachments", "200", "--records", "100000", "--single-for", ""],
               ["agency.py", "--records", "100000", "--single-for", ""]),
    "million": (["million.py"], ["million.py"]),
}


def run_step(name: str, argv: list[str], summary: Path, logs: Path) -> tuple[float, int]:
    log = logs / f"{name}.log"
    script = HERE / argv[0]
    if not script.exists():
        log.write_text(f"{script} does not exist\n", encoding="utf-8")
        return 0.0, -1
    env = {**os.environ, "WITHHOLD_BENCH_SUMMARY": str(summary)}
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run([sys.executable, str(script), *argv[1:]], env=env, stdout=out,
                              stderr=subprocess.STDOUT, check=False).returncode
    return time.perf_counter() - started, code


def render(rows: list[dict[str, object]]) -> str:
    lines = ["| target | measured | goal | met |", "|---|---|---|---|"]
    for row in rows:
        sign = "<=" if row["lower_is_better"] else ">="
        reference = f" ({row['reference']})" if row["reference"] else ""
        lines.append(f"| {row['what']} | {row['value']:.2f} {row['unit']}{reference} | "
                     f"{sign} {row['goal']:g} {row['unit']} | {'yes' if row['met'] else '**no**'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(STEPS), help=f"comma-separated steps of: {', '.join(STEPS)}")
    parser.add_argument("--full", action="store_true", help="the sizes the issues name (about an hour more)")
    parser.add_argument("--logs", type=Path, help="folder for each step's log (default: a temporary folder, kept)")
    args = parser.parse_args(argv)
    chosen = [s for s in args.only.split(",") if s]
    unknown = sorted(set(chosen) - set(STEPS))
    if unknown:
        parser.error(f"unknown steps: {', '.join(unknown)}; choose from {', '.join(STEPS)}")
    logs = args.logs or Path(tempfile.mkdtemp(prefix="withhold-bench-logs-"))
    logs.mkdir(parents=True, exist_ok=True)
    summary = logs / "summary.jsonl"
    summary.unlink(missing_ok=True)
    failed = []
    for name in chosen:
        print(f"bench: {name} ...", flush=True)
        seconds, code = run_step(name, STEPS[name][1 if args.full else 0], summary, logs)
        state = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"bench: {name} {state} in {seconds:.0f} s, log: {logs / (name + '.log')}", flush=True)
        if code != 0:
            failed.append(name)
    rows = [json.loads(line) for line in summary.read_text(encoding="utf-8").splitlines()] if summary.exists() else []
    print()
    print(render(rows))
    if failed:
        print(f"\nbench: {', '.join(failed)} did not run to the end: see the logs above")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
