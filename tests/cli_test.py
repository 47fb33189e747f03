"""The CLI's contract: exit codes, list sources, formats, and errors that say what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from people import PEOPLE, write_list
from withhold.cli import main
from withhold.scan import file as scanner
from withhold.scan import tree


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Ana Paz</p></body></html>")
    return site


@pytest.fixture
def clean_site(tmp_path: Path) -> Path:
    site = tmp_path / "clean"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Nothing to see</p></body></html>")
    return site


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("withhold ")


def test_clean_site_exits_0(capsys, list_path, clean_site):
    assert main(["scan", "--list", str(list_path), str(clean_site)]) == 0
    assert capsys.readouterr().out == "withhold: passed: 0 finding(s); 1 file(s): 1 examined\n"


def test_findings_exit_1(capsys, list_path, site):
    assert main(["scan", "--list", str(list_path), str(site)]) == 1
    out = capsys.readouterr().out
    assert out == (
        f"{site}/index.html:1:16: W001 protected name, record P00002 (A** P**)\n"
        "withhold: FAILED: 1 finding(s) (1 protected name) in 1 file(s); 1 file(s): 1 examined\n"
    )


def test_list_from_the_environment(capsys, list_path, site, monkeypatch):
    monkeypatch.setenv("WITHHOLD_LIST", str(list_path))
    assert main(["scan", str(site)]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "SITE"], "no protected list: pass --list PATH or set WITHHOLD_LIST"),
        (["scan", "--list", "/nonexistent/list.csv", "SITE"], "does not exist"),
        (["scan", "--list", "LIST", "/nonexistent/site"], "does not exist; pass the folder of the built site"),
        (["scan", "--list", "LIST", "--config", "/nonexistent.toml", "SITE"], "cannot read config"),
    ],
)
def test_configuration_errors_exit_2(args, message, capsys, list_path, site, monkeypatch):
    monkeypatch.delenv("WITHHOLD_LIST", raising=False)
    argv = [str(site) if a == "SITE" else str(list_path) if a == "LIST" else a for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("withhold: error: ") and message in err


def test_bad_option_exits_2(capsys):
    assert main(["scan", "--no-such-option", "x"]) == 2
    assert main(["scan", "--format", "yaml", "x"]) == 2


def test_a_list_inside_the_scanned_tree_is_refused(capsys, site):
    inside = write_list(site / "protected.csv", PEOPLE)
    assert main(["scan", "--list", str(inside), str(site)]) == 2
    assert "is inside the scanned tree" in capsys.readouterr().err


def test_a_hard_link_to_the_list_in_the_tree_is_refused(capsys, list_path, site):
    (site / "copy.csv").hardlink_to(list_path)
    assert main(["scan", "--list", str(list_path), str(site)]) == 2
    assert "is the protected list itself" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,full_name\n", "has no usable entry"),
        ("id,full_name\n1,Ana\n2,Paz\n", "has no usable entry"),
        ("colour,size\nred,9\n", "has no recognised column"),
        ("", "has no usable entry"),
    ],
)
def test_a_list_with_no_usable_entry_is_a_configuration_error(content, message, capsys, tmp_path, site):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    assert main(["scan", "--list", str(bad), str(site)]) == 2
    assert message in capsys.readouterr().err


def test_check_list_reports_counts_and_rows_never_values(capsys, tmp_path, assert_no_leak):
    lst = tmp_path / "list.csv"
    lst.write_text(
        "id,given_name,family_name,dob,a_number\n"
        "P1,Ana,Paz,1990-07-01,987654321\n"
        "P2,Ana,Paz,1990-07-01,987654321\n"
        "P3,María José,García López,12/03/1985,A012345678\n"
        ",,,,\n"
        "P4,Ana,,1990-01-01,\n"
        "P5,Jean-Luc,Dubois,1979-11-23,A12\n"
        "P6,broken\n"
    )
    assert main(["check-list", "--list", str(lst)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1:] == [
        "1 duplicate records (rows 3)",
        "1 unparseable birth dates (use YYYY-MM-DD) (rows 4)",
        "1 blank rows (rows 5)",
        "1 given names without a family name (too common to match alone) (rows 6)",
        "1 unparseable A-numbers (7 to 9 digits, optional A prefix) (rows 7)",
        "1 malformed rows (rows 8)",
    ]
    assert_no_leak(out)


def test_json_and_sarif_reports(capsys, list_path, site, tmp_path):
    out_json = tmp_path / "r.json"
    assert main(["scan", "--list", str(list_path), "--format", "json", "--output", str(out_json), str(site)]) == 1
    doc = json.loads(out_json.read_text())
    assert doc["summary"]["failed"] is True
    assert [(f["code"], f["records"], f["excerpt"]) for f in doc["findings"]] == [("W001", ["P00002"], "A** P**")]
    assert doc["coverage"] == [{"path": f"{site}/index.html", "status": "examined", "reason": "", "detail": ""}]
    assert main(["scan", "--list", str(list_path), "--format", "sarif", str(site)]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "W001" and result["partialFingerprints"]["withhold/v1"]


def test_internal_error_exits_3_without_traceback_or_value(capsys, list_path, site, monkeypatch, assert_no_leak):
    def boom(*args, **kwargs):
        raise RuntimeError("failed on María José García López A012345678")

    monkeypatch.setattr("withhold.run.core.scan_paths", boom)
    assert main(["scan", "--list", str(list_path), str(site)]) == 3
    err = capsys.readouterr().err
    assert err.splitlines(keepends=True)[-1] == (
        "withhold: internal error (RuntimeError); this is a bug, please report it; "
        "rerun with --debug to see where it happened\n"
    )
    assert main(["scan", "--debug", "--list", str(list_path), str(site)]) == 3
    err = capsys.readouterr().err
    assert "cli.py" in err and "Traceback" not in err
    assert_no_leak(err)


def test_core_is_importable_without_adapters():
    assert tree.scan_paths and scanner.scan_bytes


def test_the_console_script_writes_all_it_has_to_say_before_it_leaves(list_path, tmp_path, assert_no_leak):
    """`withhold` leaves with os._exit (cli.run): a report far larger than a pipe's buffer still arrives whole."""
    import subprocess
    import sys

    site = tmp_path / "many"
    site.mkdir()
    rows = "".join(f"<tr><td>{p.full}</td><td>row {i}</td></tr>" for i, p in enumerate(PEOPLE * 40))
    (site / "index.html").write_text(f"<html><body><table>{rows}</table></body></html>", encoding="utf-8")
    (site / "empty.txt").write_text("Opening hours\n", encoding="utf-8")
    script = str(Path(sys.executable).parent / "withhold")
    found = subprocess.run([script, "scan", "--list", str(list_path), "--format", "json", "--no-progress", str(site)],
                           capture_output=True, timeout=120)
    assert found.returncode == 1
    assert len(found.stdout) > 1 << 16  # a pipe holds 64 KiB: the rest was written as the reader read
    report = json.loads(found.stdout)
    assert len(report["findings"]) >= 40 and report["summary"]["files"] == 2
    assert found.stderr.decode().rstrip().endswith("2 file(s): 2 examined")
    assert_no_leak(found.stdout + found.stderr)
    (site / "index.html").unlink()
    passed = subprocess.run([script, "scan", "--list", str(list_path), "--no-progress", str(site)],
                            capture_output=True, timeout=120)
    assert (passed.returncode, passed.stdout) == (0, b"withhold: passed: 0 finding(s); 1 file(s): 1 examined\n")
