"""List preparation at scale (issue 13): a 100k and a million-record list, prepared, cached, scanned and sealed.

    .venv/bin/python bench/million.py                                     # 100k and 1M, this checkout
    .venv/bin/python bench/million.py --against /tmp/before/plugin       # and another tree, in turn
    .venv/bin/python bench/million.py --records 100000 --rounds 3         # quicker

For each list of fictional people (bench/gen.py, written once into --workdir) and each tree, the real
CLI runs in a subprocess (`python -m withhold`, the tree first on PYTHONPATH):

- prepare: `withhold check-list --no-cache` (read the CSV, build the automaton and the tables);
- scan cold: `withhold scan --jobs 2` of a small generated site (--pages) with an empty cache, so
  the list is prepared inside the scan and the cache entry written; peak memory is the largest sum,
  over the CLI and its workers, of their proportional set sizes (PSS: a page two forked processes
  share counts half in each), sampled every 0.1 s, and beside it the largest single process's
  resident size (what bench/agency.py reports);
- cache entry: the size of the prepared list's pickle that the cold scan wrote;
- ready warm: `withhold check-list` with that cache;
- seal: `withhold seal` (default key cost, every CPU).

Beside each time, its CPU (user + system of the CLI and every process it waited for: the forked
helpers of preparing, the scan's workers), the figure to compare on a loaded machine.

With --against, each measurement alternates between the trees, so both see the same load on a
shared machine: compare the ratios, not the absolute seconds. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen  # noqa: E402
from summary import target  # noqa: E402

KEY = "bench-key-for-fictional-people-0123456789"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _descendants(root: int) -> list[int]:
    """Return root and every process below it, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, ()))
    return out


def _pss(pid: int) -> int:
    """Return a process's proportional set size in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Return (seconds, peak GB summed PSS of the tree, peak GB RSS of one process, CPU seconds) of a command.

    CPU is user + system of the command and every process it waited for (its forked helpers and workers):
    what a loaded machine still measures fairly.
    """
    peak = [0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], sum(_pss(p) for p in _descendants(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.stderr.write(stderr.decode(errors="replace")[-2000:])
    return seconds, peak[0] / 1e9, usage.ru_maxrss / 1e6, usage.ru_utime + usage.ru_stime


def measure(tree: str, list_path: Path, site: Path, work: Path) -> dict[str, float]:
    """Return one round of every figure for one tree ("" for this checkout) and one list."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {k: v for k, v in os.environ.items() if k not in ("WITHHOLD_LIST", "WITHHOLD_KEY")}
    env.update(WITHHOLD_CACHE_DIR=str(cache), PYTHONPATH=tree)
    cli = [sys.executable, "-m", "withhold"]
    out: dict[str, float] = {}
    out["prepare"], out["prepare_gb"], _, out["prepare_cpu"] = run([*cli, "check-list", "--no-cache", "--list", str(list_path)], env)
    scan = [*cli, "scan", "--list", str(list_path), "--jobs", "2", "--no-progress", "--quiet", str(site)]
    out["scan"], out["scan_gb"], out["scan_rss_gb"], out["scan_cpu"] = run(scan, env)
    out["entry_mb"] = sum(p.stat().st_size for p in cache.glob("*.pickle")) / 1e6
    out["warm"], _, _, _ = run([*cli, "check-list", "--list", str(list_path)], env)
    sealed = work / "sealed.list"
    sealed.unlink(missing_ok=True)
    out["seal"], out["seal_gb"], _, _ = run([*cli, "seal", str(list_path), "--out", str(sealed)],
                                            {**env, "WITHHOLD_KEY": KEY})
    sealed.unlink(missing_ok=True)
    shutil.rmtree(cache, ignore_errors=True)
    return out


COLUMNS = (("prepare", "prepare s", "{:.1f}"), ("prepare_cpu", "prepare CPU s", "{:.1f}"),
           ("prepare_gb", "prepare peak GB", "{:.2f}"), ("scan", "scan cold s", "{:.1f}"),
           ("scan_cpu", "scan cold CPU s", "{:.1f}"), ("scan_gb", "scan peak GB (PSS sum)", "{:.2f}"),
           ("scan_rss_gb", "scan max RSS GB", "{:.2f}"), ("entry_mb", "cache entry MB", "{:.0f}"),
           ("warm", "ready warm s", "{:.2f}"), ("seal", "seal s", "{:.1f}"), ("seal_gb", "seal peak GB", "{:.2f}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", default="100000,1000000")
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--against", action="append", default=[], help="another tree's plugin folder")
    parser.add_argument("--skip-self", action="store_true", help="measure only the --against trees")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "withhold-million"))
    args = parser.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    site = work / f"site-{args.pages}"
    if not site.exists():
        gen.write_site(site, args.pages)
    trees = ([] if args.skip_self else [""]) + args.against
    rows = []
    for count in (int(c) for c in args.records.split(",")):
        list_path = work / f"list-{count}.csv"
        if not list_path.exists():
            gen.write_list(list_path, count)
        rounds: dict[str, list[dict[str, float]]] = {tree: [] for tree in trees}
        for _ in range(args.rounds):
            for tree in trees:
                rounds[tree].append(measure(tree, list_path, site, work))
        for tree in trees:
            rows.append((count, tree or "this checkout",
                         {k: statistics.median(r[k] for r in rounds[tree]) for k, _, _ in COLUMNS}))
        print(f"{count:,} records done", flush=True)
    print()
    print("| records | tree | " + " | ".join(title for _, title, _ in COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for count, tree, figures in rows:
        print(f"| {count:,} | {tree} | " + " | ".join(fmt.format(figures[k]) for k, _, fmt in COLUMNS) + " |")
        if tree == "this checkout" and count >= 1_000_000:
            target(f"{count:,} people: peak memory of the cold scan (CLI and workers, PSS)", figures["scan_gb"], "GB", 4,
                   f"largest process {figures['scan_rss_gb']:.2f} GB")
            target(f"{count:,} people: sealing the list", figures["seal"] / 60, "min", 10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
