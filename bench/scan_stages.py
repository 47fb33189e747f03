"""The scan phase alone (issue 13), stage by stage: CPU seconds of each reader and each part of matching.

    .venv/bin/python bench/scan_stages.py --list LIST.csv SITE_DIR [--against OTHER_CHECKOUT] [--cache DIR]

The list is prepared first (from --cache when it holds it), outside the figures; then one process
(jobs 1, no clean store, so every file is read) scans SITE_DIR while each stage's own CPU time is
summed: a reader by kind of file, normalising, the skeleton, A-numbers, partial names, encoded
layers. With --against, the same is measured with another checkout's package in a child process
of the same run, and the two columns print side by side: their ratio is what counts on a shared
machine. Stages are found by name; one a checkout lacks is left out of its column.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_CLOCK = time.process_time


class Stages:
    """Exclusive CPU seconds per stage: a stage's time less that of the stages it calls."""

    def __init__(self) -> None:
        self.own: Counter[str] = Counter()
        self._stack: list[float] = [0.0]

    def _enter(self) -> float:
        self._stack.append(0.0)
        return _CLOCK()

    def _leave(self, label: str, started: float) -> None:
        spent = _CLOCK() - started
        self.own[label] += spent - self._stack.pop()
        self._stack[-1] += spent

    def call(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = self._enter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._leave(label, started)
        return timed

    def drained(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Time fn and the draining of the iterator it returns (a generator's work is done as it is drained)."""
        return self.call(label, lambda *args, **kwargs: list(fn(*args, **kwargs)))

    def each_step(self, label: str, items: Iterator[Any]) -> Iterator[Any]:
        """Yield items, timing only the steps of the iterator (not what the caller does between them)."""
        while True:
            started = self._enter()
            try:
                item = next(items)
            except StopIteration:
                self._leave(label, started)
                return
            self._leave(label, started)
            yield item


def _patch(stages: Stages, module: Any, name: str, label: str, how: str = "call") -> None:
    owner, _, attr = name.rpartition(".")
    target = getattr(module, owner) if owner else module
    if hasattr(target, attr):
        setattr(target, attr, getattr(stages, how)(label, getattr(target, attr)))


def measure(list_path: str, site: str) -> dict[str, float]:
    """Return each stage's CPU seconds in a scan of site with a prepared list (this process's package)."""
    from withhold import extract
    from withhold.protected import partial, plaintext
    from withhold.run.core import check, prepare_run
    from withhold.scan import canary
    from withhold.scan import file as scan_file

    stages = Stages()
    for kind, reader in list(extract.EXTRACTORS.items()):
        def read(data: bytes, ctx: Any, reader: Any = reader, kind: str = kind) -> Iterator[Any]:
            suffix = ctx.name.rpartition(".")[2][:5] if "." in ctx.name else "-"
            return stages.each_step(f"read {kind} ({suffix})", iter(reader(data, ctx)))
        extract.EXTRACTORS[kind] = read
    for name, label in [("normalize", "match: normalise"), ("skeleton", "match: skeleton"),
                        ("resolve_hits", "match: resolve hits"), ("find_partial", "match: partial names, rest"),
                        ("Protected.find", "match: automaton and rest")]:
        _patch(stages, plaintext, name, label)
    _patch(stages, plaintext, "find_a_numbers", "match: A-numbers", "drained")
    _patch(stages, partial, "Partial.gaps", "match: partial names, gaps")
    _patch(stages, partial, "Partial.births", "match: partial names, births")
    _patch(stages, scan_file, "layers", "scan: encoded layers", "drained")
    _patch(stages, scan_file, "escapes", "scan: escapes")
    _patch(stages, canary, "apply", "canary")
    ready = prepare_run(list_path, None, {}, [Path(site)], waivers=None, cache=True)
    started = _CLOCK()
    check(ready, [Path(site)], jobs=1, clean=False)
    total = _CLOCK() - started
    figures = dict(stages.own)
    figures["(the rest)"] = total - sum(figures.values())
    figures["TOTAL"] = total
    return figures


def _against(tree: Path, args: argparse.Namespace) -> dict[str, float]:
    # A cache folder of its own: an entry of another build would replace this build's (store/cache.py keeps one).
    env = {**os.environ, "PYTHONPATH": str(tree / "plugin"),
           "WITHHOLD_CACHE_DIR": os.path.join(os.environ["WITHHOLD_CACHE_DIR"], "against")}
    out = subprocess.run([sys.executable, __file__, "--json", "--list", args.list, args.site],
                         env=env, check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(out.splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", required=True)
    parser.add_argument("--against", type=Path, help="another checkout, measured in the same run")
    parser.add_argument("--cache", help="prepared-list cache folder (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("site")
    args = parser.parse_args()
    if not os.environ.get("WITHHOLD_CACHE_DIR"):
        os.environ["WITHHOLD_CACHE_DIR"] = args.cache or tempfile.mkdtemp(prefix="withhold-bench-")
    if args.json:
        print(json.dumps(measure(args.list, args.site)))
        return
    other = _against(args.against, args) if args.against else {}
    this = measure(args.list, args.site)
    print(f"{'stage':40} {'this':>8}" + (f" {'against':>8} {'ratio':>6}" if other else ""))
    for label in sorted(set(this) | set(other), key=lambda k: (k == "TOTAL", -this.get(k, 0.0))):
        row = f"{label:40} {this.get(label, 0.0):8.2f}"
        if other:
            ratio = this.get(label, 0.0) / other[label] if other.get(label) else float("nan")
            row += f" {other.get(label, 0.0):8.2f} {ratio:6.2f}"
        print(row)


if __name__ == "__main__":
    main()
