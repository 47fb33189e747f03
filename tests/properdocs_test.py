"""ProperDocs (the continuation of MkDocs 1.x) runs the plugin: a real `properdocs build` fails a leaky site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mkdocs_sites import BUILD_SECONDS, write_site
from people import PEOPLE

MARIA = PEOPLE[0]
PAGES = {"index.md": "# Home\n\nAggregate figures only.\n"}


def properdocs(yml: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "WITHHOLD_LIST"}
    environ.update({"NO_COLOR": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    return subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", str(yml)], cwd=yml.parent, env=environ,
                          check=False, capture_output=True, text=True, timeout=BUILD_SECONDS)


def test_properdocs_build_of_a_leaky_site_fails_with_withholds_report(tmp_path, list_path, assert_no_leak):
    pages = {**PAGES, "case.md": f"# Case\n\nThe detainee {MARIA.full} was moved.\n"}
    run = properdocs(write_site(tmp_path / "web", pages, {"list": str(list_path)}))
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "docs/case.md:3:14: W001 protected name, record P00001 (M**** J*** G***** L****); published in case/index.html" \
        in run.stderr
    assert "withhold: build stopped: 3 protected identifier(s) published in 2 file(s), from 1 source(s)" in run.stderr
    assert_no_leak(run.stderr, run.stdout)


def test_properdocs_build_of_a_clean_site_passes(tmp_path, list_path):
    run = properdocs(write_site(tmp_path / "web", PAGES, {"list": str(list_path)}))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "web" / "site" / "index.html").is_file()
