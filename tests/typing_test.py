"""The package type-checks (mypy, disallow_untyped_defs) and lints clean (ruff), both configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_mypy_is_clean():
    root = Path(__file__).parent.parent
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_ruff_is_clean():
    root = Path(__file__).parent.parent
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "plugin", "tests", "bench"], cwd=root,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
