"""`withhold history`: every blob of a real git repository's history, by real git, without a checkout.

Every person is fictional (tests/people.py); every output is checked for leaks.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest

from people import PEOPLE
from withhold.cli import main

MARIA, JEAN_LUC = PEOPLE[0], PEOPLE[2]
ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, files: dict[str, str | bytes | None], message: str = "change") -> str:
    for name, content in files.items():
        path = repo / name
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def workbook(name: str) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Figures"
    book.active["A1"] = "month"
    hidden = book.create_sheet("Detail")
    hidden["B2"] = name
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "sources"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit(repo, {"docs/index.md": "# Home\n\nAggregate figures only.\n"}, "start")
    return repo


def history(capsys, list_path: Path, repo: Path, *more: str) -> tuple[int, str, str]:
    code = main(["history", "--list", str(list_path), "--no-cache", "--no-progress", *more, str(repo)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_name_removed_from_a_page_and_one_in_a_workbook_on_a_branch_are_reported(
        repo, list_path, capsys, assert_no_leak):
    added = commit(repo, {"docs/case.md": f"# Case\n\nThe detainee {MARIA.full} was moved.\n"}, "case")
    page = git(repo, "rev-parse", "HEAD:docs/case.md")
    commit(repo, {"docs/case.md": None}, "remove the case")
    git(repo, "checkout", "--quiet", "-b", "stats")
    book = commit(repo, {"docs/stats.xlsx": workbook(JEAN_LUC.full)}, "figures")
    sheet = git(repo, "rev-parse", "HEAD:docs/stats.xlsx")
    git(repo, "checkout", "--quiet", "main")
    code, out, err = history(capsys, list_path, repo)
    assert code == 1
    assert out.splitlines() == [
        f"docs/case.md:3:14: W001 protected name, record P00001 (M**** J*** G***** L****); blob {page[:12]} "
        f"written by {added[:12]} (docs/case.md); in no branch tip: history only",
        f"docs/stats.xlsx!Detail!B2: W001 protected name, record P00003 (J***-L** D*****); blob {sheet[:12]} "
        f"written by {book[:12]} (docs/stats.xlsx); still in branch tip(s) stats",
    ]
    assert "history FAILED: 2 finding(s) in 2 blob(s), 0 not examined" in err
    assert_no_leak(out, err)


def test_a_clean_history_passes(repo, list_path, capsys):
    commit(repo, {"docs/about.md": "# About\n\nOpening hours.\n"})
    code, out, err = history(capsys, list_path, repo)
    assert (code, out) == (0, "")
    assert "history passed: 0 finding(s) in 0 blob(s), 0 not examined; 2 of 2 blob(s) read" in err


def test_since_reads_only_what_came_after(repo, list_path, capsys, assert_no_leak):
    commit(repo, {"docs/case.md": f"{MARIA.full}\n"})
    checked = commit(repo, {"docs/case.md": None})
    commit(repo, {"docs/other.md": f"# Other\n\n{JEAN_LUC.full}\n"})
    code, out, err = history(capsys, list_path, repo, "--since", checked, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert [f["findings"][0]["records"] for f in doc["flagged"]] == [["P00003"]]
    assert doc["flagged"][0]["branch_tips"] == ["main"]
    assert_no_leak(out, err)


def test_a_file_named_after_a_person_is_reported_masked(repo, list_path, capsys, assert_no_leak):
    commit(repo, {f"docs/{JEAN_LUC.given}-{JEAN_LUC.family}.md": "# Notes\n"})
    code, out, err = history(capsys, list_path, repo)
    assert code == 1
    assert out.startswith("docs/J***-L**-D*****.md [ref ") and " (file name): W001 " in out
    assert_no_leak(out, err)


def test_a_blob_over_the_size_limit_is_not_examined_and_fails(repo, list_path, capsys, tmp_path):
    commit(repo, {"docs/big.csv": "x," * 4096})
    config = tmp_path / "withhold.toml"
    config.write_text("max-file-bytes = 4096\n", encoding="utf-8")
    code, out, err = history(capsys, list_path, repo, "--config", str(config))
    assert code == 1
    assert out.startswith("docs/big.csv: W900 not examined: too large (over the limit of 4096 bytes); blob ")
    assert "1 not examined" in err


@pytest.mark.parametrize(
    ("setup", "more", "message"),
    [
        ("plain folder", [], "is not a git repository"),
        ("repo", ["--since", "no-such-rev"], "--since 'no-such-rev' names no commit"),
    ],
)
def test_a_usage_problem_exits_2(tmp_path, repo, list_path, capsys, setup, more, message):
    target = repo if setup == "repo" else tmp_path / "plain"
    target.mkdir(exist_ok=True)
    code, _, err = history(capsys, list_path, target, *more)
    assert code == 2
    assert message in err
