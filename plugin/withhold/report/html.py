"""The HTML report: one self-contained page a person can open (no script, no external resource).

Every value comes from the display-safe fields of the result and is escaped.
"""

from __future__ import annotations

from html import escape

from withhold.findings import NOT_EXAMINED, ScanResult, kind_label
from withhold.report import RunInfo, summary
from withhold.report.text import summary_line

_CSS = """
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d1d1f;background:#f6f6f7}
main{max-width:1100px;margin:0 auto;padding:24px}
header{padding:20px 24px;border-radius:8px;margin-bottom:20px;color:#fff}
header.failed{background:#b3261e}header.passed{background:#1e7b34}
header h1{margin:0 0 4px;font-size:22px}header p{margin:0}
section{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:20px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:18px;margin:0 0 10px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5e7;vertical-align:top}
th{font-size:13px;color:#555;font-weight:600}
code{font:13px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.sev-critical{color:#b3261e;font-weight:700}.sev-high{color:#8a4b00;font-weight:600}.sev-medium{color:#6b5900}
td.nowrap{white-space:nowrap}
.muted{color:#666;font-size:13px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:0}
dt{color:#555}dd{margin:0}
"""


def _row(*cells: str, nowrap: int = 0) -> str:
    """Return a table row; its first `nowrap` cells do not wrap."""
    return "<tr>" + "".join(f'<td class="nowrap">{c}</td>' if i < nowrap else f"<td>{c}</td>"
                            for i, c in enumerate(cells)) + "</tr>"


def render(result: ScanResult, info: RunInfo, verbose: bool = False) -> str:
    s = summary(result)
    verdict = "FAILED" if result.failed else "passed"
    findings = "".join(
        _row(
            f"<code>{escape(f.code)}</code>",
            escape(", ".join(f.records)),
            escape(kind_label(f.kind)),
            f"<code>{escape(f.display + f.locator)}</code>",
            f'<span class="sev-{escape(f.severity)}">{escape(f.severity)}</span>'
            + (" (birth date or context nearby)" if f.corroborated else ""),
            f"<code>{escape(f.excerpt)}</code>",
            nowrap=2,
        )
        for f in result.findings
    )
    unread = [c for c in result.coverage if c.status == NOT_EXAMINED]
    unread_rows = "".join(
        _row(f"<code>{escape(c.display)}</code>", escape(c.reason), escape(c.detail)) for c in unread
    )
    ledger = "".join(
        _row(f"<code>{escape(c.display)}</code>", escape(c.status), escape(c.detail)) for c in result.coverage
    )
    by_status = ", ".join(f"{n} {escape(k)}" for k, n in s["files_by_status"].items())  # type: ignore[attr-defined]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta name=\"referrer\" content=\"no-referrer\">",
        f"<title>withhold report: {verdict}</title><style>{_CSS}</style></head><body><main>",
        f'<header class="{verdict.lower()}"><h1>withhold: {verdict}</h1><p>{escape(summary_line(result).split(": ", 2)[-1])}</p></header>',
        "<section><h2>Run</h2><dl>",
        f"<dt>withhold</dt><dd>{escape(info.version)}</dd>",
        f"<dt>protected list</dt><dd>{info.records} records, fingerprint <code>{escape(info.list_fingerprint)}</code></dd>",
        f"<dt>files</dt><dd>{s['files']} ({by_status or 'none'})</dd>",
        f"<dt>findings</dt><dd>{s['findings']} in {s['files_with_findings']} file(s)</dd>",
        ("</dl><p class=\"muted\">Identifiers are masked (first letter of each word, digits starred). Records are "
        "named by their id in the protected list; look them up there, never copy a value into a ticket.</p></section>"),
    ]
    if result.findings:
        parts += [
            (f"<section><h2>Findings ({len(result.findings)})</h2><table><thead><tr><th>code</th><th>record</th>"
            "<th>kind</th><th>where</th><th>severity</th><th>masked excerpt</th></tr></thead>"),
            f"<tbody>{findings}</tbody></table></section>",
        ]
    if unread:
        parts += [
            (f"<section><h2>Not examined ({len(unread)})</h2><p class=\"muted\">withhold fails closed: a file it "
            "cannot read fails the run until a reader for it exists or a person waives it.</p>"),
            "<table><thead><tr><th>file</th><th>reason</th><th>detail</th></tr></thead>",
            f"<tbody>{unread_rows}</tbody></table></section>",
        ]
    parts += [
        f"<section><details><summary><h2 style=\"display:inline\">Every file ({len(result.coverage)})</h2></summary>",
        "<table><thead><tr><th>file</th><th>status</th><th>detail</th></tr></thead>",
        f"<tbody>{ledger}</tbody></table></details></section>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
