"""The self-contained HTML report (withhold.report.html), also reachable as `withhold scan --format html`."""

from __future__ import annotations

import re

from people import PEOPLE
from withhold.cli import main
from withhold.findings import NOT_EXAMINED, Coverage, Finding, ScanResult
from withhold.report import RunInfo
from withhold.report.formats import FORMATS

INFO = RunInfo("0.1.0", "abcdef0123456789", 5)


def test_html_report_escapes_everything_and_loads_nothing():
    finding = Finding("W001", "name", ("P<1>",), "a.html", "dir/<a>.html", ":3:1 [alt]", "high", "M**** <b>",
                      False, "f" * 20, 3, 1)
    unread = Coverage("x.bin", "x&y.bin", NOT_EXAMINED, "unsupported", "no reader for <binary> files")
    html = FORMATS["html"](ScanResult([finding], [unread]), INFO, False)
    assert html.startswith("<!doctype html>")
    assert "<code>dir/&lt;a&gt;.html:3:1 [alt]</code>" in html and "M**** &lt;b&gt;" in html
    assert "x&amp;y.bin" in html and "no reader for &lt;binary&gt; files" in html
    assert "<script" not in html and not re.search(r'(src|href)="(https?:)?//', html)
    assert "withhold: FAILED" in html


def test_cli_writes_the_html_report(tmp_path, list_path, assert_no_leak):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f"<p>{PEOPLE[0].full}</p>", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["scan", str(site), "--list", str(list_path), "--format", "html", "--output", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    assert "W001" in text and "P00001" in text
    assert_no_leak(text)
