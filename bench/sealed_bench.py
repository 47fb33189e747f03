"""Sealed lists beside plaintext ones: sealing, opening, the hook warm, a whole-site scan, a dense leak.

    .venv/bin/python bench/sealed_bench.py [--records 100000] [--pages 300] [--hook-pages 10] [--runs 3]

- seal: `withhold seal` of the generated list (real scrypt cost; record keys over every CPU);
- open: Protected.load (no cache) and SealedProtected.load (scrypt + HMAC of the file), in-process;
- hook, warm: wall time of whole `withhold hook` processes on --hook-pages Markdown pages, as
  pre-commit starts them: plaintext from the user's cache, sealed (nothing cached), median of --runs;
- site: scan_paths over a generated site of --pages HTML pages, one process, each list;
- leak: find() over text naming 2,000 listed people, each beside a birth date (the costly case:
  every name is a hit and every hit reads the dates around it).
Everything is generated (fictional people) into a temporary folder and deleted afterwards. Timings
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugin"))

import gen  # noqa: E402
from hook_bench import run_hook, write_pages  # noqa: E402
from withhold.protected.plaintext import Protected  # noqa: E402
from withhold.protected.sealed import SealedProtected  # noqa: E402
from withhold.scan.tree import scan_paths  # noqa: E402
from withhold.settings import Settings  # noqa: E402

KEY = "bench-key-for-fictional-people-0123456789"


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def leak_text(list_path: Path, people: int, seed: int = 4) -> str:
    """Return a page naming `people` listed people, each with a birth date, in a table."""
    with list_path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    chosen = random.Random(seed).sample(rows, people)
    return "\n".join(f"<tr><td>{r['given_name']} {r['family_name']}</td><td>{r['dob']}</td><td>detained</td></tr>"
                     for r in chosen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--hook-pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="withhold-sealed-bench-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "secure").mkdir()
        list_path = gen.write_list(tmp_path / "secure" / "protected.csv", args.records)
        sealed_path = tmp_path / "laptop" / "protected.sealed"
        sealed_path.parent.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("WITHHOLD_LIST", "WITHHOLD_KEY")}
        env.update(WITHHOLD_CACHE_DIR=str(tmp_path / "cache"), WITHHOLD_KEY=KEY)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "withhold", "seal", str(list_path), "--out", str(sealed_path)],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        t_seal = time.perf_counter() - started

        t_open_plain, (plain, _) = timed(Protected.load, list_path, settings)
        t_open_sealed, (sealed, _) = timed(SealedProtected.load, sealed_path, settings, KEY)

        repo = tmp_path / "repo"
        pages = write_pages(repo, args.hook_pages)
        run_hook(repo, env, ["--list", str(list_path), *pages])  # fills the plaintext cache
        hook_plain = statistics.median(run_hook(repo, env, ["--list", str(list_path), *pages])
                                       for _ in range(args.runs))
        hook_sealed = statistics.median(run_hook(repo, env, ["--list", str(sealed_path), *pages])
                                        for _ in range(args.runs))

        site = tmp_path / "site"
        mb = gen.write_site(site, args.pages) / 1e6
        t_site_plain, r_plain = timed(scan_paths, [site], plain, settings)
        t_site_sealed, r_sealed = timed(scan_paths, [site], sealed, settings)

        size, list_mb = sealed_path.stat().st_size, list_path.stat().st_size / 1e6
        text = leak_text(list_path, 2000)
        t_leak_plain, hits_plain = timed(plain.find, text)
        t_leak_sealed, hits_sealed = timed(sealed.find, text)

    print(f"sealed lists: {args.records:,} records, {plain.pattern_count:,} patterns "
          f"(list {list_mb:.1f} MB, sealed file {size / 1e6:.1f} MB)")
    print(f"{'':34}{'plaintext':>11}{'sealed':>11}")
    print(f"{'seal (withhold seal, all CPUs)':<34}{'':>11}{t_seal:10.1f}s")
    print(f"{'open the list, in-process':<34}{t_open_plain:10.2f}s{t_open_sealed:10.2f}s")
    print(f"{f'hook, {args.hook_pages} pages, warm (median)':<34}{hook_plain:10.2f}s{hook_sealed:10.2f}s")
    print(f"{f'site scan, {args.pages} pages, {mb:.1f} MB':<34}{t_site_plain:10.2f}s{t_site_sealed:10.2f}s"
          f"   ({len(r_plain.findings)} / {len(r_sealed.findings)} findings)")
    print(f"{'leak: 2,000 names with dates':<34}{t_leak_plain:10.2f}s{t_leak_sealed:10.2f}s"
          f"   ({len(hits_plain)} / {len(hits_sealed)} hits, "
          f"{sum(h.corroborated for h in hits_plain)} / {sum(h.corroborated for h in hits_sealed)} corroborated)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
