"""One line per measured target, gathered by bench/table.py into the one table `make bench` prints.

A benchmark calls `target(...)` for each figure an issue names. Outside `make bench` (no
WITHHOLD_BENCH_SUMMARY in the environment) the call does nothing, so every benchmark still runs
on its own and prints its own detail.
"""

from __future__ import annotations

import json
import os


def target(what: str, value: float, unit: str, goal: float, reference: str = "", lower_is_better: bool = True) -> None:
    """Record one figure against its goal (seconds, a ratio, GB...): `what` as the table shows it."""
    path = os.environ.get("WITHHOLD_BENCH_SUMMARY")
    if not path:
        return
    met = value <= goal if lower_is_better else value >= goal
    row = {"what": what, "value": value, "unit": unit, "goal": goal, "met": met,
           "reference": reference, "lower_is_better": lower_is_better}
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
