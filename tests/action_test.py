"""The GitHub Action and the GitLab template, run as their CI would: action.yml's own `run:` steps in bash.

The steps run with the environment the runner gives a composite action (RUNNER_TEMP,
GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY); `uses:` steps (the SARIF upload)
and the install step (withhold is installed here) are skipped. Every file they write is checked for leaks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from people import PEOPLE

ROOT = Path(__file__).parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
MARIA = PEOPLE[0]


def run_action(tmp_path: Path, inputs: dict[str, str]) -> tuple[dict[str, str], Path]:
    """Run the action's steps; return its outputs and the runner's temp folder."""
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()} | inputs
    files = {name: tmp_path / name for name in ("output", "env", "summary")}
    for path in files.values():
        path.write_text("", encoding="utf-8")
    runner = tmp_path / "runner-temp"
    runner.mkdir()
    base = {k: v for k, v in os.environ.items() if k != "WITHHOLD_LIST"}
    base.update({"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "RUNNER_TEMP": str(runner),
                 "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_OUTPUT": str(files["output"]),
                 "GITHUB_ENV": str(files["env"]), "GITHUB_STEP_SUMMARY": str(files["summary"])})
    for step in ACTION["runs"]["steps"]:
        if "uses" in step or step["id"] == "install":
            continue
        env = dict(base)
        env.update(line.split("=", 1) for line in files["env"].read_text(encoding="utf-8").splitlines())  # type: ignore[arg-type]
        env.update({k: re.sub(r"\$\{\{ inputs\.([a-z-]+) \}\}", lambda m: values[m.group(1)], v)
                    for k, v in step.get("env", {}).items()})
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300, check=False)
        if step["id"] == "verdict":
            return dict(line.split("=", 1) for line in files["output"].read_text().splitlines()) | {
                "verdict": str(done.returncode), "log": done.stdout + done.stderr}, runner
        assert done.returncode == 0, done.stderr
    raise AssertionError("the action has no verdict step")


@pytest.mark.parametrize(("leaky", "verdict"), [(True, "1"), (False, "0")])
def test_the_action_scans_summarises_and_gates(tmp_path, list_path, assert_no_leak, leaky, verdict):
    site = tmp_path / "public"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Opening hours</p></body></html>", encoding="utf-8")
    if leaky:
        (site / "case.html").write_text(f"<html><body><p>{MARIA.full} was moved.</p></body></html>", encoding="utf-8")
    outputs, runner = run_action(tmp_path, {"site": str(site), "list": list_path.read_text(encoding="utf-8"),
                                            "manifest": str(tmp_path / "manifest.json")})
    assert outputs["verdict"] == outputs["exit-code"] == verdict
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    sarif = json.loads(Path(outputs["sarif"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    if leaky:
        assert summary.startswith("## withhold: FAILED\n\n1 finding(s) in 1 file(s); 2 file(s) scanned")
        assert f"| W001 | `{site}/case.html:1:16` | P00001 | `M**** J*** G***** L****` |" in summary
        assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["W001"]
        assert not (tmp_path / "manifest.json").exists()
    else:
        assert summary.startswith("## withhold: passed\n")
        assert (tmp_path / "manifest.json").exists()
    assert not (runner / "withhold" / "list.csv").exists()  # the list does not outlive the step
    assert Path(outputs["report"]).name == "report.html"
    for path in [*runner.rglob("*"), tmp_path / "summary", tmp_path / "output", tmp_path / "env"]:
        if path.is_file():
            assert_no_leak(path.read_bytes())
    assert_no_leak(outputs["log"])


def test_the_gitlab_template_runs_scan_and_keeps_the_reports():
    job = yaml.safe_load((ROOT / "ci" / "gitlab" / "withhold.gitlab-ci.yml").read_text(encoding="utf-8"))["withhold"]
    script = "\n".join(job["script"])
    assert "withhold scan" in script and "--manifest withhold-out/manifest.json" in script
    assert job["artifacts"]["when"] == "always" and job["artifacts"]["paths"] == ["withhold-out/"]
