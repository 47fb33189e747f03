"""`withhold scan --manifest` and `withhold verify`: the deploy publishes exactly what a passing scan saw.

Every person is fictional (tests/people.py); every output and the manifest itself are checked for leaks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_sites import mkdocs, write_site
from people import PEOPLE
from withhold.cli import main
from withhold.deploy import manifest

MARIA, JEAN_LUC = PEOPLE[0], PEOPLE[2]
PAGES = {
    "index.html": "<html><body><p>Opening hours</p></body></html>",
    "files/figures.csv": "month,population\nOct,2431\n",
    "assets/app.js": "console.log('ready');\n",
}


def _site(root: Path, pages: dict[str, str] = PAGES) -> Path:
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _scan(list_path: Path, site: Path, out: Path, *more: str) -> int:
    return main(["scan", "--list", str(list_path), "--identifier-column", "passport", "--manifest", str(out),
                 "--no-cache", *more, str(site)])


def test_a_passing_scan_writes_a_manifest_that_verifies(tmp_path, list_path, capsys, assert_no_leak):
    site = _site(tmp_path / "site")
    out = tmp_path / "out" / "manifest.json"
    assert _scan(list_path, site, out) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(f["path"] for f in doc["files"]) == sorted(PAGES)
    assert {f["status"] for f in doc["files"]} == {"examined"}
    assert doc["list_fingerprint"] and doc["withhold"] and doc["created"] and doc["settings"]["window"] == 20
    assert main(["verify", "--manifest", str(out), str(site)]) == 0
    captured = capsys.readouterr()
    assert f"verify passed: {site} holds exactly the 3 file(s)" in captured.err
    assert_no_leak(out.read_text(encoding="utf-8"), captured.out, captured.err)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda site: (site / "extra.html").write_text("<p>late</p>"), "withhold: e****.h***: added after the scan"),
        (lambda site: (site / "files/figures.csv").write_text("month\nDec\n"),
         "withhold: files/figures.csv: changed after the scan"),
        (lambda site: (site / "assets/app.js").unlink(), "withhold: assets/app.js: removed after the scan"),
    ],
    ids=["added", "changed", "removed"],
)
def test_verify_fails_on_any_change_after_the_scan(tmp_path, list_path, capsys, change, expected):
    site = _site(tmp_path / "site")
    out = tmp_path / "manifest.json"
    assert _scan(list_path, site, out) == 0
    change(site)
    capsys.readouterr()
    assert main(["verify", "--manifest", str(out), str(site)]) == 1
    captured = capsys.readouterr()
    assert captured.out == expected + "\n"  # without a list, a new path is masked whole
    assert "do not deploy it" in captured.err


def test_an_added_file_and_a_changed_one_are_both_named(tmp_path, list_path, capsys, assert_no_leak):
    site = _site(tmp_path / "site")
    out = tmp_path / "manifest.json"
    assert _scan(list_path, site, out) == 0
    (site / f"{MARIA.given} {MARIA.family}.html").write_text("<p>new</p>", encoding="utf-8")
    (site / "index.html").write_text(f"<p>{JEAN_LUC.full}</p>", encoding="utf-8")
    capsys.readouterr()
    assert main(["verify", "--manifest", str(out), "--list", str(list_path), str(site)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[1] == "withhold: index.html: changed after the scan"
    assert lines[0].startswith("withhold: M**** J*** G***** L****.html [ref ") and lines[0].endswith("added after the scan")
    assert "(1 added, 1 changed, 0 removed)" in captured.err
    assert_no_leak(captured.out, captured.err)


def test_a_leaky_scan_writes_no_manifest_and_removes_a_stale_one(tmp_path, list_path, capsys, assert_no_leak):
    site = _site(tmp_path / "site")
    out = tmp_path / "manifest.json"
    assert _scan(list_path, site, out) == 0 and out.exists()
    (site / "case.html").write_text(f"<p>The detainee {MARIA.full} was moved.</p>", encoding="utf-8")
    assert _scan(list_path, site, out) == 1
    assert not out.exists()
    captured = capsys.readouterr()
    assert "removed the stale manifest" in captured.err
    assert main(["verify", "--manifest", str(out), str(site)]) == 2
    assert "a failing scan writes none" in capsys.readouterr().err
    assert_no_leak(captured.out, captured.err)


def test_a_path_holding_a_name_is_kept_masked_with_a_digest(tmp_path, list_path, capsys, assert_no_leak):
    pages = {**PAGES, f"archive/{JEAN_LUC.given}-{JEAN_LUC.family}.txt": "kept off the scan by an exclude\n"}
    site = _site(tmp_path / "site", pages)
    out = tmp_path / "manifest.json"
    assert _scan(list_path, site, out, "--exclude", "*/archive/*") == 0
    text = out.read_text(encoding="utf-8")
    hidden = [f for f in json.loads(text)["files"] if "path" not in f]
    assert len(hidden) == 1 and hidden[0]["status"] == "excluded"
    assert hidden[0]["shown"].startswith("archive/J***-L**-D*****.txt [ref ") and len(hidden[0]["path_digest"]) == 32
    assert main(["verify", "--manifest", str(out), str(site)]) == 0  # matched by its digest, without the list
    (site / "archive" / f"{JEAN_LUC.given}-{JEAN_LUC.family}.txt").write_text("edited\n", encoding="utf-8")
    assert main(["verify", "--manifest", str(out), str(site)]) == 1
    captured = capsys.readouterr()
    assert "archive/J***-L**-D*****.txt [ref " in captured.out and "changed after the scan" in captured.out
    assert_no_leak(text, captured.out, captured.err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard", "1/2"], "--manifest needs the whole site"),
        (["EXTRA"], "pass exactly one SITE_DIR folder"),
        (["INSIDE"], "is inside"),
    ],
)
def test_a_manifest_that_could_not_state_one_tree_is_refused(tmp_path, list_path, capsys, args, message):
    site = _site(tmp_path / "site")
    out = site / "manifest.json" if args == ["INSIDE"] else tmp_path / "manifest.json"
    more = [str(site)] if args == ["EXTRA"] else [] if args == ["INSIDE"] else args
    assert _scan(list_path, site, out, *more) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_broken_manifest_is_a_usage_error(tmp_path, capsys):
    site = _site(tmp_path / "site")
    bad = tmp_path / "manifest.json"
    bad.write_text("{\"files\": []}", encoding="utf-8")
    assert main(["verify", "--manifest", str(bad), str(site)]) == 2
    assert "is not a withhold manifest" in capsys.readouterr().err


def test_the_path_digest_is_salted():
    assert manifest.path_digest("a/b.html", "00" * 16) != manifest.path_digest("a/b.html", "11" * 16)


CLEAN_PAGES = {"index.md": "# Home\n\nAggregate figures only.\n", "files/figures.csv": "month,population\nOct,2431\n"}


def test_the_mkdocs_plugin_writes_the_manifest_on_a_passing_build(tmp_path, list_path, assert_no_leak):
    web = tmp_path / "web"
    yml = write_site(web, CLEAN_PAGES, {"list": str(list_path), "manifest": "../deploy/manifest.json"})
    run = mkdocs(yml)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "deploy" / "manifest.json"
    assert "index.html" in {f.get("path") for f in json.loads(out.read_text(encoding="utf-8"))["files"]}
    assert main(["verify", "--manifest", str(out), str(web / "site")]) == 0
    (web / "docs" / "case.md").write_text(f"# Case\n\n{MARIA.full} was moved.\n", encoding="utf-8")
    failed = mkdocs(yml)
    assert failed.returncode == 1
    assert not out.exists()  # the failed build removed the stale manifest
    assert_no_leak(run.stderr, failed.stderr)


def test_the_plugin_refuses_a_manifest_inside_site_dir(tmp_path, list_path):
    yml = write_site(tmp_path / "web", CLEAN_PAGES, {"list": str(list_path), "manifest": "site/manifest.json"})
    run = mkdocs(yml)
    assert run.returncode == 1
    assert "the manifest site/manifest.json is inside" in run.stderr
