"""One withhold command with its phases stamped on stderr: when preparing, the cache write, the workers and each canary proof begin and end.

    PYTHONDONTWRITEBYTECODE=1 .venv/bin/python bench/timeline.py scan --list LIST.csv --no-progress --jobs 2 SITE_DIR

The arguments are the CLI's. The package is the checkout's (or TREE/plugin, with TREE set), and the
stamps are seconds since this script started; a proof made in a forked child (canary.Ahead) is not
stamped, only the ones this process makes. Where the time of a run goes, before reaching for a profiler.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.join(os.environ.get("TREE", str(Path(__file__).resolve().parent.parent)), "plugin"))
_T0 = time.perf_counter()


def _log(what: str) -> None:
    print(f"{time.perf_counter() - _T0:7.2f} {what}", file=sys.stderr, flush=True)


def _stamped(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    def stamped(*args: Any, **kwargs: Any) -> Any:
        _log(f"{name} start")
        try:
            return f(*args, **kwargs)
        finally:
            _log(f"{name} end")

    return stamped


def main() -> int:
    import withhold.cli as cli
    import withhold.scan.canary as canary
    import withhold.scan.tree as tree
    import withhold.store.cache as cache

    _log("imported")
    cli.prepare_run = _stamped("prepare", cli.prepare_run)  # type: ignore[assignment]
    cli.check = _stamped("check", cli.check)  # type: ignore[assignment]
    cache.write_private = _stamped("cache entry written", cache.write_private)  # type: ignore[assignment]
    prove = canary._PROVEN.compute
    canary._PROVEN.compute = lambda key: _stamped(f"proof of {key[0]}", prove)(key)
    fork_map = tree.fork_map

    def stamped_map(*args: Any, **kwargs: Any) -> Iterator[Any]:
        _log("workers start")
        for index, result in enumerate(fork_map(*args, **kwargs)):
            if index == 0:
                _log("first chunk back")
            yield result
        _log("workers end")

    tree.fork_map = stamped_map  # type: ignore[assignment]
    code = cli.main(sys.argv[1:])
    _log(f"main returned {code}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
