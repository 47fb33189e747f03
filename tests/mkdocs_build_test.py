"""`mkdocs build` with the withhold plugin: real sites, built by the real mkdocs command.

Every person is fictional (tests/people.py); every build's output is checked for leaks.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_sites import errors, mkdocs, write_site
from people import PEOPLE

MARIA, ANA, JEAN_LUC, OLUWASEUN = PEOPLE[0], PEOPLE[1], PEOPLE[2], PEOPLE[3]
CLEAN_PAGES = {
    "index.md": "# Home\n\nThe office publishes aggregate figures. Ana is a common name; Paz means peace.\n",
    "about.md": "# About\n\nOpening hours and [the data](files/figures.csv).\n",
    "files/figures.csv": "month,population\nOct,2431\nNov,2388\n",
}


def options(list_path: Path, **more: object) -> dict[str, object]:
    return {"list": str(list_path), "identifier_columns": ["passport"], **more}


def assert_failed_cleanly(run: subprocess.CompletedProcess[str]) -> str:
    """Check a build stopped by withhold: exit 1, one summary error, no traceback; return the summary."""
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "Aborted with a BuildError!" in run.stderr + run.stdout
    summaries = [line for line in errors(run.stderr) if line.startswith("build stopped")]
    assert len(summaries) == 1, run.stderr
    return summaries[0]


def test_clean_site_builds(tmp_path, list_path, assert_no_leak):
    yml = write_site(tmp_path / "web", CLEAN_PAGES, options(list_path, report="../reports/withhold.json"))
    run = mkdocs(yml)
    assert run.returncode == 0, run.stderr
    assert errors(run.stderr) == []
    assert (tmp_path / "web" / "site" / "about" / "index.html").is_file()
    report = json.loads((tmp_path / "reports" / "withhold.json").read_text(encoding="utf-8"))
    assert report["summary"]["failed"] is False
    statuses = {row["path"]: row["status"] for row in report["coverage"]}
    for published in ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                      "files/figures.csv"):
        assert statuses[published] == "examined"
    assert_no_leak(run.stderr, run.stdout)


def test_hit_in_a_page_names_the_markdown_line(tmp_path, list_path, assert_no_leak):
    pages = {**CLEAN_PAGES, "case.md": f"# Case\n\nA transfer.\n\nThe detainee {MARIA.full} was moved.\n"}
    run = mkdocs(write_site(tmp_path / "web", pages, options(list_path)))
    summary = assert_failed_cleanly(run)
    lines = errors(run.stderr)
    assert lines[0].startswith("docs/case.md:5:14: W001 protected name, record P00001 (M**** J*** G***** L****); "
                               "published in case/index.html:")
    assert "search/search_index.json:1:" in lines[0]  # the search index is published too: same source
    assert summary.startswith("build stopped: ") and "from 1 source(s)" in summary
    assert "site_dir was left on disk: do not deploy it" in summary
    assert_no_leak(run.stderr, run.stdout)


def test_hit_in_the_navigation_names_mkdocs_yml(tmp_path, list_path, assert_no_leak):
    nav = [{"Home": "index.md"}, {f"Case of {JEAN_LUC.full}": "about.md"}]
    yml = write_site(tmp_path / "web", CLEAN_PAGES, options(list_path), nav=nav)
    line = next(n for n, text in enumerate(yml.read_text(encoding="utf-8").splitlines(), 1) if "Case of" in text)
    column = yml.read_text(encoding="utf-8").splitlines()[line - 1].index(JEAN_LUC.given) + 1
    run = mkdocs(yml)
    assert_failed_cleanly(run)
    sources = [entry.split(": W0", 1)[0] for entry in errors(run.stderr)[:-1]]
    assert sources == [f"mkdocs.yml:{line}:{column}"]  # one source, though every page shows the label
    assert "published in about/index.html:" in errors(run.stderr)[0]
    assert_no_leak(run.stderr, run.stdout)


def test_hit_in_an_attachment_names_its_path_under_docs(tmp_path, list_path, assert_no_leak):
    pages = {**CLEAN_PAGES, "files/figures.csv": f"month,population\nOct,2431\nnote,ask {ANA.family}, {ANA.given}\n"}
    run = mkdocs(write_site(tmp_path / "web", pages, options(list_path)))
    assert_failed_cleanly(run)
    assert errors(run.stderr)[0] == ("docs/files/figures.csv:3:10: W001 protected name, record P00002 (P**, A**); "
                                     "published as files/figures.csv")
    assert_no_leak(run.stderr, run.stdout)


def test_an_attachment_that_cannot_be_read_fails_closed(tmp_path, list_path):
    pages = {**CLEAN_PAGES, "files/scan.bin": bytes(range(256)) * 8}
    run = mkdocs(write_site(tmp_path / "web", pages, options(list_path)))
    summary = assert_failed_cleanly(run)
    assert errors(run.stderr)[0].startswith("docs/files/scan.bin (published as files/scan.bin): W900 not examined: ")
    assert "1 file(s) not examined" in summary


HOOK = '''
import json, os

def on_post_build(config, **kwargs):
    """A feed plugin: writes the pages' summaries after the site is built (default priority)."""
    items = [{"title": "Release", "summary": SUMMARY}]
    with open(os.path.join(config.site_dir, "feed.json"), "w", encoding="utf-8") as f:
        json.dump({"items": items}, f)
'''


def test_hit_in_a_derived_file_is_traced_to_its_source(tmp_path, list_path, assert_no_leak):
    """A file another plugin writes after the pages (here a feed) is scanned, and traced to the Markdown."""
    release = f"---\nsummary: Statement on {JEAN_LUC.full}\n---\n# Release\n\nA statement.\n"
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "feed_hook.py").write_text(
        HOOK.replace("SUMMARY", repr(f"Statement on {JEAN_LUC.full}")), encoding="utf-8")
    yml = write_site(tmp_path / "web", {**CLEAN_PAGES, "release.md": release}, options(list_path),
                     extra={"hooks": ["feed_hook.py"]})
    run = mkdocs(yml)
    assert_failed_cleanly(run)
    lines = errors(run.stderr)
    assert lines[0].startswith("docs/release.md:2:23: W001 protected name, record P00003 (J***-L** D*****); "
                               "published in feed.json:1:")
    assert_no_leak(run.stderr, run.stdout)


def test_name_in_a_file_name_is_found_in_the_sitemap_and_masked_everywhere(tmp_path, list_path, assert_no_leak):
    slug = JEAN_LUC.full.lower().replace(" ", "-")
    nav = [{"Home": "index.md"}, {"About": "about.md"}]  # MkDocs logs the pages left out of it, by file name
    run = mkdocs(write_site(tmp_path / "web", {**CLEAN_PAGES, f"people/{slug}.md": "# A case\n\nNo name here.\n"},
                            options(list_path, report="../withhold.json"), nav=nav))
    assert_failed_cleanly(run)
    (source, _) = errors(run.stderr)
    assert source.startswith("docs/people/j***-l**-d*****.md [ref ") and "(file name): W001" in source
    report = json.loads((tmp_path / "withhold.json").read_text(encoding="utf-8"))
    published = {f["path"] for f in report["findings"]}
    for derived in ("sitemap.xml", "sitemap.xml.gz!sitemap.xml", "search/search_index.json"):
        assert derived in published
    assert "  - people/j***-l**-d*****.md" in run.stderr.splitlines()  # MkDocs' own line, masked
    assert_no_leak(run.stderr, run.stdout)


@pytest.mark.parametrize("problem, plugin, expected", [
    ("missing", {"list": "no/such/protected.csv"}, "the protected list .*no/such/protected.csv does not exist"),
    ("unset", {}, "no protected list: pass --list PATH or set WITHHOLD_LIST"),
    ("inside docs", {"list": "docs/protected.csv"}, "is inside the scanned tree .*docs: it would be published"),
    ("empty", {"list": "empty.csv"}, "has no recognised column|has no usable entry"),
])
def test_no_usable_list_stops_the_build_with_a_configuration_error(tmp_path, problem, plugin, expected):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "empty.csv").write_text("id\n", encoding="utf-8")
    yml = write_site(tmp_path / "web", {**CLEAN_PAGES, "protected.csv": "id,full_name\nX1,Someone Listed\n"}, plugin)
    run = mkdocs(yml)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    (message,) = [line for line in errors(run.stderr)]
    assert message.startswith("configuration error: ") and re.search(expected, message), message
    assert not (tmp_path / "web" / "site" / "index.html").exists()  # stopped before a page was written


def test_mkdocs_enabled_false_switches_it_off(tmp_path):
    run = mkdocs(write_site(tmp_path / "web", CLEAN_PAGES, {"enabled": False, "list": "no/such/protected.csv"}))
    assert run.returncode == 0, run.stderr
    assert "withhold" not in run.stderr


def test_list_from_an_environment_variable(tmp_path, list_path):
    yml = write_site(tmp_path / "web", {**CLEAN_PAGES, "case.md": f"# Case\n\n{MARIA.full}\n"}, {"identifier_columns": ["passport"]})
    yml.write_text(yml.read_text(encoding="utf-8").replace('"withhold": {', '"withhold": {"list": !ENV [AGENCY_LIST],'),
                   encoding="utf-8")
    assert mkdocs(yml, env={"AGENCY_LIST": str(list_path)}).returncode == 1
    unset = mkdocs(yml)
    assert unset.returncode == 1 and "configuration error: no protected list" in unset.stderr


@pytest.mark.parametrize("name, check", [
    ("withhold.html", lambda text: text.startswith("<!doctype html>") and "W001" in text and "<script" not in text),
    ("withhold.json", lambda text: json.loads(text)["summary"]["findings"] > 0),
    ("withhold.sarif", lambda text: {"W001", "W002"} <= {r["ruleId"] for r in json.loads(text)["runs"][0]["results"]}),
    ("withhold.txt", lambda text: "W001 protected name" in text and "FAILED" in text),
])
def test_reports_are_written_outside_site_dir(tmp_path, list_path, assert_no_leak, name, check):
    pages = {**CLEAN_PAGES, "case.md": f"# Case\n\n{MARIA.full} ({MARIA.a_number})\n"}
    run = mkdocs(write_site(tmp_path / "web", pages, options(list_path, report=f"../reports/{name}")))
    summary = assert_failed_cleanly(run)
    report = tmp_path / "reports" / name
    assert f"report: {report.relative_to(tmp_path)}" in summary.replace("../", "")
    text = report.read_text(encoding="utf-8")
    assert check(text)
    assert not list((tmp_path / "web" / "site").rglob(name))
    assert_no_leak(text, run.stderr)


@pytest.mark.parametrize("report", ["site/withhold.html", "docs/withhold.html"])
def test_a_report_inside_the_published_tree_is_refused(tmp_path, list_path, report):
    run = mkdocs(write_site(tmp_path / "web", CLEAN_PAGES, options(list_path, report=report)))
    assert run.returncode == 1
    assert f"configuration error: the report {report} is inside" in run.stderr


def test_remove_offending_deletes_what_failed_and_keeps_the_rest(tmp_path, list_path):
    pages = {**CLEAN_PAGES, "case.md": f"# Case\n\n{MARIA.full}\n", "files/scan.bin": bytes(range(256))}
    run = mkdocs(write_site(tmp_path / "web", pages, options(list_path, remove_offending=True)))
    summary = assert_failed_cleanly(run)
    site = tmp_path / "web" / "site"
    for gone in ("case/index.html", "search/search_index.json", "files/scan.bin"):
        assert not (site / gone).exists(), gone
    for kept in ("index.html", "about/index.html", "files/figures.csv"):
        assert (site / kept).is_file(), kept
    assert re.search(r"removed \d+ offending file\(s\) from site_dir", summary)


def test_fail_on_critical_warns_on_the_rest_and_strict_stops_on_the_warning(tmp_path, list_path):
    pages = {**CLEAN_PAGES, "case.md": f"# Case\n\nA statement by {ANA.full}.\n"}  # no birth date nearby: high
    yml = write_site(tmp_path / "web", pages, options(list_path, fail_on="critical"))
    relaxed = mkdocs(yml)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "WARNING -  withhold: docs/case.md:3:16: W001 protected name, record P00002" in relaxed.stderr
    strict = mkdocs(yml, "--strict")
    assert strict.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in strict.stdout + strict.stderr
    pages["case.md"] += f"\nBorn {MARIA.dob.isoformat()}: {MARIA.full}.\n"  # corroborated: critical, fails
    assert_failed_cleanly(mkdocs(write_site(tmp_path / "web", pages, options(list_path, fail_on="critical"))))


def test_include_and_exclude_globs_skip_files_visibly(tmp_path, list_path):
    pages = {**CLEAN_PAGES, "files/scan.bin": bytes(range(256))}
    yml = write_site(tmp_path / "web", pages, options(list_path, exclude=["files/*.bin"], report="../r/withhold.json"))
    assert mkdocs(yml).returncode == 0
    coverage = {r["path"]: r["status"] for r in json.loads((tmp_path / "r" / "withhold.json").read_text())["coverage"]}
    assert coverage["files/scan.bin"] == "excluded"
    yml = write_site(tmp_path / "web", pages, options(list_path, include=["*.html", "**/*.html"], report="../r/withhold.json"))
    assert mkdocs(yml).returncode == 0
    coverage = {r["path"]: r["status"] for r in json.loads((tmp_path / "r" / "withhold.json").read_text())["coverage"]}
    assert coverage["files/scan.bin"] == coverage["sitemap.xml"] == "excluded"
    assert coverage["about/index.html"] == "examined"


def test_a_waived_finding_no_longer_stops_the_build(tmp_path, list_path):
    pages = {**CLEAN_PAGES, "files/figures.csv": f"month,population\nnote,{ANA.full}\n"}
    yml = write_site(tmp_path / "web", pages, options(list_path, report="../reports/withhold.json"))
    assert mkdocs(yml).returncode == 1
    report = tmp_path / "reports" / "withhold.json"
    fingerprint = json.loads(report.read_text())["findings"][0]["fingerprint"]
    waive = subprocess.run(
        [sys.executable, "-m", "withhold", "waive", str(report), "--fingerprint", fingerprint, "--list", str(list_path),
         "--identifier-column", "passport", "--reason", "a public official's name, cleared by counsel",
         "--author", "web team", "--expires", "2999-12-31", "--waivers", str(tmp_path / "web" / ".withhold-waivers.toml")],
        check=False, capture_output=True, text=True, timeout=60)
    assert waive.returncode == 0, waive.stderr
    run = mkdocs(yml)
    assert run.returncode == 0, run.stderr
    assert "waived by waiver #1 in .withhold-waivers.toml" in run.stderr


def test_site_example_fails_on_its_hidden_sheet_and_passes_without_it(tmp_path, assert_no_leak):
    """The demo: the workbook's hidden sheet of names stops the build; without it nothing is found."""
    example = Path(__file__).parent.parent / "site_example"
    site = tmp_path / "site_example"
    shutil.copytree(example, site, ignore=shutil.ignore_patterns("site", "*.xlsx"))
    workbook = site / "docs" / "statistics" / "FY2022-detention-statistics.xlsx"
    generate = [sys.executable, str(site / "make_attachments.py"), "--output", str(workbook)]
    subprocess.run(generate, check=True, capture_output=True, timeout=60)
    run = mkdocs(site / "mkdocs.yml")
    assert_failed_cleanly(run)
    book = "docs/statistics/FY2022-detention-statistics.xlsx"
    workbook_lines = [e.removeprefix(book).split(": ") for e in errors(run.stderr) if e.startswith(book)]
    # The hidden sheet is read: each of the twelve listed people by name (column A) and A-number (D).
    assert [(cell, message[:4]) for cell, message, *_ in workbook_lines] == \
        [(f"!Sheet3!A{row}", "W001") for row in range(2, 14)] + [(f"!Sheet3!D{row}", "W002") for row in range(2, 14)], \
        run.stderr
    # The scanned roster is pixels only: read by OCR (the test extra installs the engine).
    scan_lines = [e for e in errors(run.stderr) if e.startswith("docs/statistics/FY2022-facility-roster-scan.pdf")]
    assert scan_lines and all("#page=1#box=" in e for e in scan_lines), run.stderr
    assert_no_leak(run.stderr, (tmp_path / "reports" / "site_example.html").read_text(encoding="utf-8"))

    subprocess.run([*generate, "--clean"], check=True, capture_output=True, timeout=60)
    clean = mkdocs(site / "mkdocs.yml")
    assert not re.search(r"W00\d", clean.stderr), clean.stderr  # no protected identifier anywhere
    # Every kind of file Material ships is read: nothing fails closed, and the build passes.
    assert [e for e in errors(clean.stderr) if "W900" in e] == [], clean.stderr
    assert clean.returncode == 0, clean.stderr
    gz = site / "site" / "sitemap.xml.gz"
    assert gzip.decompress(gz.read_bytes()).startswith(b"<?xml")
