"""A plain install runs the MkDocs plugin: a fresh venv, `pip install <checkout> mkdocs`, a real `mkdocs build`;
an install without a C compiler runs the Python twins of the compiled hot path.

As a new user would install it: no extra named. pip is the test environment's own, driving the
fresh interpreter (`pip --python`), so its cache serves the wheels and no pip is bootstrapped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

from mkdocs_sites import write_site
from people import PEOPLE

ROOT = Path(__file__).parent.parent
MARIA = PEOPLE[0]


def test_the_plugin_runs_from_a_plain_install(tmp_path, list_path, assert_no_leak):
    source = _source(tmp_path)
    env_dir = tmp_path / "user-venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                              str(source), "mkdocs"], capture_output=True, text=True, timeout=600, check=False)
    assert install.returncode == 0, install.stderr[-3000:]
    if shutil.which("cc") or shutil.which("gcc"):  # the install built the compiled path (setup.py)
        built = subprocess.run([str(python), "-c", "import withhold._fast"], capture_output=True, text=True)
        assert built.returncode == 0, built.stderr[-3000:]
    environ = {k: v for k, v in os.environ.items() if k not in ("WITHHOLD_LIST", "PYTHONPATH")}
    environ["NO_MKDOCS_2_WARNING"] = "1"
    pages = {"index.md": "# Home\n", "case.md": f"# Case\n\nThe detainee {MARIA.full} was moved.\n"}
    yml = write_site(tmp_path / "web", pages, {"list": str(list_path)})
    run = subprocess.run([str(env_dir / "bin" / "mkdocs"), "build", "-f", str(yml)], cwd=yml.parent, env=environ,
                         capture_output=True, text=True, timeout=300, check=False)
    assert "ModuleNotFoundError" not in run.stderr and "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 1
    assert "withhold: build stopped: " in run.stderr
    assert_no_leak(run.stderr, run.stdout)


def test_an_install_without_a_c_compiler_runs_the_python_twins(tmp_path):
    # A slim image has no compiler: setup.py's module is optional, the install goes on, the twins run.
    source = _source(tmp_path)
    env_dir = tmp_path / "slim-venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    environ = {**os.environ, "CC": "/bin/false"}
    environ.pop("PYTHONPATH", None)
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                              str(source)], env=environ, capture_output=True, text=True, timeout=600, check=False)
    assert install.returncode == 0, install.stderr[-3000:]
    code = "from withhold import native; from withhold.text import skeleton; print(native.fast is None, skeleton.skeleton('iuliia shcherbakova'))"
    run = subprocess.run([str(python), "-c", code], env=environ, capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["True", "iulia'", "serbakova'"]


def _source(tmp_path: Path) -> Path:
    """Return a copy of the checkout's package source (building in the checkout would leave build/ there)."""
    source = tmp_path / "withhold"
    shutil.copytree(ROOT / "plugin", source / "plugin", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "*.so"))
    for name in ("setup.py", "setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    return source
