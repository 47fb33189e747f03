"""`withhold hook FILE...`: sources scanned as sources, exact output, exit codes, a missing list."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from withhold.cli import main
from withhold.hook import main as hook_main

PAGE = "---\ntitle: Our team\nauthor: Jean-Luc Dubois\n---\n# Team\n\nWith María José García López, born 12 March 1985.\n"
MKDOCS = "site_name: Demo\nnav:\n  - Home: index.md\n  - Ana Paz: story.md\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site's working tree as pre-commit sees it (the current folder), with no list in the environment."""
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    monkeypatch.chdir(root)
    monkeypatch.delenv("WITHHOLD_LIST", raising=False)
    return root


def _write(root: Path, files: dict[str, str | bytes]) -> list[str]:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return list(files)


def test_clean_files_pass_in_silence(repo, list_path, capsys):
    names = _write(repo, {"docs/index.md": "# Welcome\n", "mkdocs.yml": "site_name: Demo\n", "data/a.csv": "x,y\n1,2\n"})
    assert main(["hook", "--list", str(list_path), *names]) == 0
    assert capsys.readouterr() == ("", "")


def test_sources_are_scanned_with_line_and_column(repo, list_path, capsys, assert_no_leak):
    names = _write(repo, {
        "docs/team.md": PAGE,
        "mkdocs.yml": MKDOCS,
        "data/cases.json": '{"cases": [{"id": 7, "a": "A-203-040-506"}]}\n',
        "data/cases.csv": "id,name\n7,Søren Ærøskøbing\n",
    })
    assert main(["hook", "--list", str(list_path), *names]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "docs/team.md:3:9: W001 protected name, record P00003 (J***-L** D*****)\n"
        "docs/team.md:7:6: W001 protected name, record P00001 (M**** J*** G***** L****)"
        " [critical: birth date or context of the same record nearby]\n"
        "mkdocs.yml:4:5: W001 protected name, record P00002 (A** P**)\n"
        "data/cases.json:1:28: W002 A-number, record P00003 (A-***-***-***)\n"
        "data/cases.csv:2:3: W001 protected name, record P00005 (S**** Æ*********)\n"
    )
    assert err == ""
    assert_no_leak(out, err)


def test_a_file_that_cannot_be_examined_fails(repo, list_path, capsys):
    names = _write(repo, {"files/blob.bin": bytes(range(256)) * 4})
    assert main(["hook", "--list", str(list_path), *names]) == 1
    assert capsys.readouterr().out == "files/blob.bin: W900 not examined: unsupported (no reader for binary files)\n"


def test_split_over_processes_gives_the_same_lines(repo, list_path, capsys):
    """pre-commit may hand the files to several processes: each judges its own, together they judge all."""
    names = _write(repo, {"a.md": "Ana Paz\n", "b.md": "nothing\n", "c.md": "Jean-Luc Dubois\n", "d.md": "fine\n"})
    assert main(["hook", "--list", str(list_path), *names]) == 1
    whole = capsys.readouterr().out
    parts = ""
    for half in (names[:2], names[2:]):
        assert main(["hook", "--list", str(list_path), *half]) == 1
        parts += capsys.readouterr().out
    assert parts == whole
    assert whole.count("\n") == 2


def test_a_symlink_is_scanned_as_what_git_stores(repo, list_path, capsys):
    target = repo / "docs" / "Ana Paz.md"
    target.write_text("fine\n", encoding="utf-8")
    os.symlink("Ana Paz.md", repo / "docs" / "link.md")
    assert main(["hook", "--list", str(list_path), "docs/link.md"]) == 1
    assert capsys.readouterr().out == "docs/link.md:1:1: W001 protected name, record P00002 (A** P**)\n"


def test_no_files_pass_without_a_list(repo, capsys):
    assert main(["hook"]) == 0
    assert capsys.readouterr() == ("", "")


def test_a_missing_list_fails_and_says_how_to_get_it_or_skip(repo, capsys):
    names = _write(repo, {"docs/index.md": "# Welcome\n"})
    assert main(["hook", *names]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0] == (
        "withhold: no protected list is configured (--list, WITHHOLD_LIST or `list` in withhold.toml).")
    assert "export WITHHOLD_LIST=" in err
    assert "SKIP=withhold git commit ..." in err
    assert "--allow-missing-list" in err


def test_a_configured_list_that_is_not_here_fails(repo, tmp_path, capsys, monkeypatch):
    names = _write(repo, {"docs/index.md": "# Welcome\n"})
    monkeypatch.setenv("WITHHOLD_LIST", str(tmp_path / "elsewhere" / "protected.csv"))
    assert main(["hook", *names]) == 2
    first = capsys.readouterr().err.splitlines()[0]
    assert first == f"withhold: the protected list {tmp_path / 'elsewhere' / 'protected.csv'} does not exist on this machine."


def test_a_missing_list_may_be_allowed_by_option(repo, capsys):
    names = _write(repo, {"docs/index.md": "# Welcome\n"})
    assert hook_main(["--allow-missing-list", *names]) == 0
    assert capsys.readouterr() == ("", "withhold: skipped: no protected list is configured (--list, WITHHOLD_LIST or "
                                       "`list` in withhold.toml) (allowed by --allow-missing-list)\n")


def test_the_list_found_through_the_config(repo, list_path, capsys):
    _write(repo, {"withhold.toml": f'list = "{list_path.as_posix()}"\n'})
    names = _write(repo, {"docs/index.md": "Ana Paz\n"})
    assert main(["hook", *names]) == 1
    assert capsys.readouterr().out == "docs/index.md:1:1: W001 protected name, record P00002 (A** P**)\n"


def test_committing_the_list_itself_is_refused(repo, list_path, capsys, assert_no_leak):
    copy = repo / "protected.csv"
    os.link(list_path, copy)
    assert main(["hook", "--list", str(copy), "protected.csv"]) == 2
    err = capsys.readouterr().err
    assert "is inside the scanned tree" in err
    assert_no_leak(err)


def test_a_bad_config_is_a_usage_error(repo, list_path, capsys):
    _write(repo, {"withhold.toml": "colour = 'blue'\n"})
    names = _write(repo, {"docs/index.md": "# Welcome\n"})
    assert main(["hook", "--list", str(list_path), *names]) == 2
    assert "unknown key(s) colour" in capsys.readouterr().err


def test_waivers_apply_in_the_hook(repo, list_path, capsys, tmp_path):
    from withhold.run.prepare import prepare
    from withhold.run.waivers import WAIVERS_FILE
    from withhold.scan.tree import scan_paths

    names = _write(repo, {"docs/mayor.md": "# The mayor\n\nAna Paz opened the library.\n", "docs/other.md": "Ana Paz\n"})
    prepared = prepare(str(list_path), None, {}, [])
    shown = scan_paths([Path("docs/mayor.md")], prepared.protected, prepared.settings).findings[0].fingerprint
    fingerprint = prepared.protected.waiver_fingerprint(shown)  # what `withhold waive` writes
    _write(repo, {WAIVERS_FILE: (
        f'[[waiver]]\nfingerprint = "{fingerprint}"\npath = "docs/mayor.md"\nreason = "the mayor, a namesake"\n'
        'author = "editor"\nexpires = 2999-12-31\n\n'
        '[[waiver]]\nfingerprint = "fedcba9876fedcba9876"\npath = "docs/mayor.md"\nreason = "old"\n'
        'author = "editor"\nexpires = 2999-12-31\n'
    )})
    assert main(["hook", "--list", str(list_path), *names]) == 1
    assert capsys.readouterr().out == (
        "docs/other.md:1:1: W001 protected name, record P00002 (A** P**)\n"
        f"docs/mayor.md: waiver #2 in {WAIVERS_FILE} waived nothing in this run; remove it if the finding is gone\n"
    )
    assert main(["hook", "--list", str(list_path), "docs/mayor.md"]) == 0
    assert main(["hook", "--list", str(list_path), "docs/other.md"]) == 1


def test_a_waiver_made_from_a_scan_of_the_files_holds_in_the_hook(repo, list_path, capsys, assert_no_leak):
    """The documented way to waive what the hook found: scan the same files by the same names, then waive."""
    import json

    names = _write(repo, {"docs/mayor.md": "# The mayor\n\nAna Paz opened the library.\n"})
    assert main(["scan", "--list", str(list_path), "--format", "json", "--output", "r.json", *names]) == 1
    fingerprint = json.loads((repo / "r.json").read_text(encoding="utf-8"))["findings"][0]["fingerprint"]
    assert main(["waive", "r.json", "--list", str(list_path), "--fingerprint", fingerprint, "--reason", "the mayor",
                 "--author", "editor", "--expires", "2999-12-31"]) == 0
    (repo / "r.json").unlink()
    capsys.readouterr()
    assert main(["hook", "--list", str(list_path), *names]) == 0
    assert capsys.readouterr() == ("", "")
