"""The package type-checks (mypy, disallow_untyped_defs: pyproject.toml), as the style guide asks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_mypy_is_clean():
    root = Path(__file__).parent.parent
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
