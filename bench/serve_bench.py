"""withhold's share of a `mkdocs serve` rebuild after one page is edited, on the demo site with a large list.

    .venv/bin/python bench/serve_bench.py [--list /work/baseline/list100k.csv | --records 100000] [--edits 5]

Two real `mkdocs serve` processes are started on a copy of site_example/ (attachments written
clean by its make_attachments.py): one with the withhold plugin and the protected list, one with the
plugin taken out of mkdocs.yml (the reference), both running at once. One page is edited --edits
times in each, in turn, so both see the same load on a shared machine. Each rebuild is timed by
the line MkDocs logs when it is done ("Documentation built in S seconds": the whole build with
every plugin, started by the file watcher), by the wall time from the write to that line, and by
the CPU seconds the serve process spent meanwhile (Linux: /proc; the steadiest figure when other
work shares the cores). withhold's share is the difference of the medians, with and without the
plugin. The preview must still mark the edited page: every other edit adds a listed person's name
and the next takes it out, and the bench checks the banner comes and goes. Without --list, a list
of fictional people is generated into a temporary folder and deleted afterwards. Timings are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen
from summary import target

REPO = Path(__file__).resolve().parent.parent
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
SERVING = re.compile(r"Serving on (http://\S+)")
EDITED = "docs/news/2022-11-28-fy2022-statistics.md"
START_SECONDS = 600  # the first build prepares a large list from scratch
REBUILD_SECONDS = 120


class Serve:
    """A real `mkdocs serve` whose log is read line by line as it comes."""

    def __init__(self, yml: Path, env: dict[str, str]) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        # MkDocs drops a log message it has logged before (utils.DuplicateFilter), so a rebuild that takes
        # as long as an earlier one, to the hundredth of a second, never logs BUILT; it adds that filter
        # only when no -W option is given, hence the one here (DeprecationWarnings stay ignored).
        self.proc = subprocess.Popen(
            [sys.executable, "-W", "ignore::DeprecationWarning", "-m", "mkdocs", "serve", "-f", str(yml),
             "-a", f"127.0.0.1:{port}"],
            cwd=yml.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.expect(SERVING, START_SECONDS).group(1).rstrip("/") + "/"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.append(line)
            self.lines.put(line)

    def expect(self, pattern: re.Pattern[str], seconds: float) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise SystemExit(f"mkdocs serve never logged {pattern.pattern!r}:\n{''.join(self.log[-40:])}") from None
            found = pattern.search(line)
            if found:
                return found

    def rebuild(self, page: Path, text: str) -> tuple[float, float, float]:
        """Write page; return MkDocs' own build seconds, the seconds from the write to the end of the
        build, and the CPU seconds the process spent meanwhile (nan where /proc is not there)."""
        while not self.lines.empty():  # nothing from before the edit counts
            self.lines.get_nowait()
        cpu = self.cpu()
        started = time.perf_counter()
        page.write_text(text, encoding="utf-8")
        built = float(self.expect(BUILT, REBUILD_SECONDS).group(1))
        return built, time.perf_counter() - started, self.cpu() - cpu

    def cpu(self) -> float:
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return str(response.read().decode("utf-8"))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)


def demo_site(folder: Path, plugin: bool) -> Path:
    """Copy site_example/ to folder with clean attachments; without plugin, take withhold out of mkdocs.yml."""
    shutil.copytree(REPO / "site_example", folder, ignore=shutil.ignore_patterns("site", "protected"))
    subprocess.run([sys.executable, str(folder / "make_attachments.py"), "--clean"], check=True, capture_output=True)
    yml = folder / "mkdocs.yml"
    if not plugin:
        text = yml.read_text(encoding="utf-8")
        yml.write_text(re.sub(r"\n  - withhold:\n(?:      .*\n)+", "\n", text), encoding="utf-8")
        assert "withhold:" not in yml.read_text(encoding="utf-8")
    return yml


class Site:
    """A served copy of the demo site and the page edited in it."""

    def __init__(self, yml: Path, env: dict[str, str], name: str | None) -> None:
        self.serve = Serve(yml, env)
        self.page = yml.parent / EDITED
        self.original = self.page.read_text(encoding="utf-8")
        self.name = name  # a listed person to plant on the page, with the plugin
        self.times: list[tuple[float, float, float]] = []

    def edit(self, i: int) -> None:
        planted = self.name is not None and i % 2 == 0
        added = f"\n\nEdit {i}: a note from {self.name}.\n" if planted else f"\n\nEdit {i}: a note.\n"
        self.times.append(self.serve.rebuild(self.page, self.original + added))
        if self.name is not None:
            shown = "withhold-banner" in self.serve.page("news/2022-11-28-fy2022-statistics/")
            if shown != planted:
                raise SystemExit(f"edit {i}: the preview {'kept' if shown else 'lost'} the banner of the edited page")

    def medians(self) -> tuple[float, float, float]:
        return tuple(statistics.median(t[k] for t in self.times) for k in range(3))  # type: ignore[return-value]


def listed_name(list_path: Path) -> str:
    """Return the full name of the list's first record (fictional), to plant on the edited page."""
    import csv

    with list_path.open(encoding="utf-8", newline="") as f:
        row = next(csv.DictReader(f))
    return f"{row['given_name']} {row['family_name']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, help="a protected list of fictional people (default: generate one)")
    parser.add_argument("--records", type=int, default=100_000, help="records of the generated list")
    parser.add_argument("--edits", type=int, default=5, help="edits of the page under each serve")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="withhold-serve-bench-") as tmp:
        tmp_path = Path(tmp)
        list_path = gen.given_or_written(args.list, args.records, tmp_path)
        env = {k: v for k, v in os.environ.items() if k not in ("WITHHOLD_LIST", "PYTHONDONTWRITEBYTECODE")} | {
            "NO_MKDOCS_2_WARNING": "1", "WITHHOLD_LIST": str(list_path), "WITHHOLD_CACHE_DIR": str(tmp_path / "cache"),
            "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
        records = sum(1 for _ in list_path.open(encoding="utf-8")) - 1
        sites = [Site(demo_site(tmp_path / "without", plugin=False), env, None),
                 Site(demo_site(tmp_path / "with", plugin=True), env, listed_name(list_path))]
        try:
            for i in range(args.edits):
                for site in sites:
                    site.edit(i)
        finally:
            for site in sites:
                site.serve.stop()
    without, with_plugin = sites[0].medians(), sites[1].medians()
    share = [b - a for a, b in zip(without, with_plugin)]
    print(f"mkdocs serve of site_example/, {records:,} records, {args.edits} edits each, in turn (medians, s)")
    print(f"| {'':48} | build (MkDocs' log) | write to built | CPU of serve |")
    print(f"| {'-' * 48} | ------------------ | -------------- | ------------ |")
    for label, row in (("rebuild after one edit, without withhold", without), ("the same with withhold", with_plugin)):
        print(f"| {label:48} | {row[0]:18.2f} | {row[1]:14.2f} | {row[2]:12.2f} |")
    print(f"| {'withhold share (target: at most 0.30 s)':48} | {share[0]:18.2f} | {share[1]:14.2f} | {share[2]:12.2f} |")
    ratios = [b / a for a, b in zip(without, with_plugin)]
    print(f"| {'ratio with / without':48} | {ratios[0]:17.2f}x | {ratios[1]:13.2f}x | {ratios[2]:11.2f}x |")
    target(f"mkdocs serve, one page edited, {records:,} records: withhold's share of the rebuild", share[0], "s", 0.3,
           f"rebuild {without[0]:.2f} s without, {with_plugin[0]:.2f} s with; CPU share {share[2]:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
