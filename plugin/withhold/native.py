"""The compiled hot paths (_fast.c), or None: each has a pure-Python twin that gives the same result.

setup.py builds them where the install finds a C compiler, and goes on without them where it does
not; WITHHOLD_PURE_PYTHON=1 runs the twins alone (to compare, or to rule the C out of a problem).
tests/fast_test.py holds each to its twin.
"""

from __future__ import annotations

import os

try:
    from withhold import _fast
except ImportError:  # pragma: no cover - an install without a C compiler
    _fast = None  # type: ignore[assignment]

fast = None if os.environ.get("WITHHOLD_PURE_PYTHON") == "1" else _fast
