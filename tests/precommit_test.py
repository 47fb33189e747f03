"""Real pre-commit in temporary git repositories, using this repository's .pre-commit-hooks.yaml.

The hook repository is a clone of this checkout's HEAD (a fresh clone in CI), so what is tested is
what is committed. pre-commit installs withhold into its own environment once per session: the
PRE_COMMIT_HOME is shared by every test here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=600)


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Return a clone of this repository at HEAD and that commit."""
    assert (ROOT / ".git").exists(), "the pre-commit tests need withhold's git checkout"
    clone = tmp_path_factory.mktemp("hook-repo") / "withhold"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, check=True, text=True,
                         stdout=subprocess.PIPE).stdout.strip()
    return clone, rev


@pytest.fixture(scope="session")
def base_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WITHHOLD_LIST", "GIT_", "PRE_COMMIT", "SKIP"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.invalid",
    )
    return env


@pytest.fixture(scope="module")
def site_repo(tmp_path_factory: pytest.TempPathFactory, hook_repo: tuple[Path, str], base_env: dict[str, str]):
    """Return (repository, env, first commit): a site's repository using the withhold hook, the list in env."""
    from people import PEOPLE, write_list

    clone, rev = hook_repo
    list_path = write_list(tmp_path_factory.mktemp("secure") / "protected.csv", PEOPLE)
    repo = tmp_path_factory.mktemp("site") / "site"
    repo.mkdir()
    env = {**base_env, "WITHHOLD_LIST": str(list_path)}
    _run(["git", "init", "--quiet", "--initial-branch=main"], repo, env).check_returncode()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {clone}\n  rev: {rev}\n  hooks:\n  - id: withhold\n", encoding="utf-8")
    _run(["pre-commit", "install"], repo, env).check_returncode()
    assert _commit(repo, env, {"docs/index.md": "# Welcome\n\nA page about the project.\n"}).returncode == 0
    return repo, env, _run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


@pytest.fixture
def site(site_repo):
    """Return (repository, env), the repository as it was after its first commit."""
    repo, env, first = site_repo
    yield repo, env
    _run(["git", "reset", "--quiet", "--hard", first], repo, env).check_returncode()
    _run(["git", "clean", "-fdxq"], repo, env).check_returncode()


def _commit(repo: Path, env: dict[str, str], files: dict[str, str | bytes]) -> subprocess.CompletedProcess[str]:
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    _run(["git", "add", "--all"], repo, env).check_returncode()
    return _run(["git", "commit", "--quiet", "-m", "change"], repo, env)


def _commits(repo: Path, env: dict[str, str]) -> int:
    return int(_run(["git", "rev-list", "--count", "HEAD"], repo, env).stdout)


def _zip(name: str, content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(name, content)
    return buffer.getvalue()


def test_manifest_and_own_config_validate(base_env):
    assert _run(["pre-commit", "validate-manifest", ".pre-commit-hooks.yaml"], ROOT, base_env).returncode == 0
    assert _run(["pre-commit", "validate-config", ".pre-commit-config.yaml"], ROOT, base_env).returncode == 0


def test_a_page_with_a_protected_name_is_refused(site, assert_no_leak):
    repo, env = site
    done = _commit(repo, env, {"docs/people.md": "---\ntitle: People\n---\n# Our team\n\nMaría José García López\n"})
    assert done.returncode == 1
    assert "docs/people.md:6:1: W001 protected name, record P00001 (M**** J*** G***** L****)\n" in done.stdout
    assert _commits(repo, env) == 1
    assert_no_leak(done.stdout)


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("files/cases.csv", "id,name,city\n7,Jean-Luc Dubois,Lyon\n",
         "files/cases.csv:2:3: W001 protected name, record P00003 (J***-L** D*****)"),
        ("data/people.json", json.dumps({"people": [{"name": "Ana Paz", "role": "guest"}]}, indent=1) + "\n",
         'data/people.json:4:13: W001 protected name, record P00002 (A** P**)'),
        ("mkdocs.yml", "site_name: Demo\nnav:\n  - Home: index.md\n  - Jean-Luc Dubois: story.md\n",
         "mkdocs.yml:4:5: W001 protected name, record P00003 (J***-L** D*****)"),
    ],
)
def test_an_attachment_or_config_with_a_protected_name_is_refused(site, assert_no_leak, name, content, line):
    repo, env = site
    done = _commit(repo, env, {name: content})
    assert done.returncode == 1, done.stdout
    assert line + "\n" in done.stdout
    assert _commits(repo, env) == 1
    assert_no_leak(done.stdout)


def _xlsx_with_a_hidden_sheet() -> bytes:
    """The November 2022 pattern: a statistics workbook with a hidden sheet of names."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Statistics"
    book.active["A1"], book.active["B1"] = "Facility", 12
    hidden = book.create_sheet("Detainees")
    hidden.sheet_state = "hidden"
    hidden["A1"], hidden["A2"] = "Name", "Jean-Luc Dubois"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Minutes of the meeting.")
    document.add_paragraph("Present: Ana Paz.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "line"),
    [
        ("files/bundle.zip", lambda: _zip("notes.txt", "Met Jean-Luc Dubois today.\n"),
         "files/bundle.zip!notes.txt:1:5: W001 protected name, record P00003 (J***-L** D*****)"),
        ("files/stats.xlsx", _xlsx_with_a_hidden_sheet,
         "files/stats.xlsx!Detainees!A2: W001 protected name, record P00003 (J***-L** D*****)"),
        ("files/minutes.docx", _docx, "files/minutes.docx#paragraph-2: W001 protected name, record P00002 (A** P**)"),
    ],
)
def test_an_archive_or_office_document_holding_a_protected_name_is_refused(site, assert_no_leak, name, make, line):
    repo, env = site
    done = _commit(repo, env, {name: make()})
    assert done.returncode == 1, done.stdout
    assert line + "\n" in done.stdout
    assert _commits(repo, env) == 1
    assert_no_leak(done.stdout)


def test_a_clean_commit_passes(site):
    repo, env = site
    done = _commit(repo, env, {"docs/news.md": "# News\n\nThe mayor opened the library.\n",
                               "files/budget.csv": "item,amount\nbooks,120\n"})
    assert done.returncode == 0, done.stdout
    assert _commits(repo, env) == 2


def test_a_waived_name_passes_and_the_waiver_file_is_checked_too(site, assert_no_leak):
    from withhold.protected.plaintext import Protected
    from withhold.scan.file import scan_bytes
    from withhold.settings import Settings

    repo, env = site
    page = "# The council\n\nThe mayor, Ana Paz, opened the library.\n"
    protected = Protected.load(Path(env["WITHHOLD_LIST"]), Settings())[0]
    (finding,) = scan_bytes("docs/council.md", page.encode(), protected, Settings()).findings
    waivers = (f'[[waiver]]\nfingerprint = "{protected.waiver_fingerprint(finding.fingerprint)}"\npath = "docs/council.md"\n'
               'reason = "the mayor, not the listed person"\nauthor = "editor"\nexpires = 2999-12-31\n')
    done = _commit(repo, env, {"docs/council.md": page, ".withhold-waivers.toml": waivers})
    assert done.returncode == 0, done.stdout
    assert _commits(repo, env) == 2
    assert_no_leak(done.stdout, waivers)


def test_without_the_list_the_commit_is_refused_until_skipped_deliberately(site, assert_no_leak):
    repo, env = site
    env = {k: v for k, v in env.items() if k != "WITHHOLD_LIST"}
    done = _commit(repo, env, {"docs/news.md": "# News\n"})
    assert done.returncode == 1
    assert "no protected list is configured" in done.stdout
    assert "SKIP=withhold git commit" in done.stdout
    skipped = _run(["git", "commit", "--quiet", "-m", "change"], repo, {**env, "SKIP": "withhold"})
    assert skipped.returncode == 0, skipped.stdout
    assert _commits(repo, env) == 2
    assert_no_leak(done.stdout, skipped.stdout)


def test_try_repo_refuses_a_protected_name(site, hook_repo, assert_no_leak):
    repo, env = site
    (repo / "docs" / "index.md").write_text("# Welcome\n\nNotes on Ana Paz.\n", encoding="utf-8")
    done = _run(["pre-commit", "try-repo", str(hook_repo[0]), "withhold", "--files", "docs/index.md"], repo, env)
    assert done.returncode == 1, done.stdout
    assert "docs/index.md:3:10: W001 protected name, record P00002 (A** P**)\n" in done.stdout
    assert_no_leak(done.stdout)


def test_own_config_runs_withhold_on_the_example_site():
    """Dogfooding: the repository's own config runs the shipped hook on site_example/ with its synthetic list."""
    import re

    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    example = hooks["withhold-example"]
    assert example["entry"].split()[-3:] == ["hook", "--list", "site_example/protected/protected.csv"]
    assert re.search(example["files"], "site_example/docs/index.md")
    assert re.search(example["exclude"], "site_example/protected/protected.csv")
    shipped = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in shipped] == ["withhold"]
    for name in ("docs/a.md", "mkdocs.yml", "data/x.JSON", "f/a.csv", "f/b.docx", "f/c.xlsx", "f/d.pdf",
                 "f/e.zip", "f/f.pptx", "f/g.odt", "f/h.tar.gz"):
        assert re.search(shipped[0]["files"], name), name
    for name in ("src/app.py", "img/logo.png", "Makefile"):
        assert not re.search(shipped[0]["files"], name), name


def test_a_sealed_list_and_its_key_alone_refuse_a_leaking_commit(hook_repo, base_env, tmp_path, assert_no_leak):
    """A laptop holding the sealed list and the key, never the plaintext list (docs/sealed-lists.md)."""
    import re
    import shutil

    from people import PEOPLE, write_list
    from withhold.protected.seal import seal
    from withhold.settings import Settings

    key = "fictional-test-key-0123456789abcdef"
    secure, laptop, repo = tmp_path / "secure", tmp_path / "laptop", tmp_path / "site"
    for folder in (secure, laptop, repo):
        folder.mkdir()
    sealed = laptop / "protected.sealed"
    sealed.write_bytes(seal(write_list(secure / "protected.csv", PEOPLE), Settings(), key, cost=10).blob)
    shutil.rmtree(secure)
    clone, rev = hook_repo
    env = {**base_env, "WITHHOLD_LIST": str(sealed), "WITHHOLD_KEY": key}
    _run(["git", "init", "--quiet", "--initial-branch=main"], repo, env).check_returncode()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {clone}\n  rev: {rev}\n  hooks:\n  - id: withhold\n", encoding="utf-8")
    _run(["pre-commit", "install"], repo, env).check_returncode()
    assert _commit(repo, env, {"docs/index.md": "# Welcome\n"}).returncode == 0
    done = _commit(repo, env, {"docs/people.md": "# Our team\n\nMaría José García López, 12/03/1985\n"})
    assert done.returncode == 1, done.stdout
    assert re.search(r"docs/people\.md:3:1: W001 protected name, record sealed-[0-9a-f]{6}-\d \(M\*\*\*\* J\*\*\* "
                     r"G\*\*\*\*\* L\*\*\*\*\) \[critical", done.stdout), done.stdout
    wrong = _commit(repo, {**env, "WITHHOLD_KEY": key[::-1]}, {"docs/news.md": "# News\n"})
    assert wrong.returncode == 1 and "WITHHOLD_KEY does not open the sealed list" in wrong.stdout, wrong.stdout
    assert _commits(repo, env) == 1
    assert_no_leak(done.stdout, wrong.stdout)
