"""The text report: one line per finding and per file not examined, then a summary."""

from __future__ import annotations

from withhold.findings import NOT_EXAMINED, ScanResult
from withhold.report import RunInfo, coverage_message, finding_message, summary


def render(result: ScanResult, info: RunInfo, verbose: bool = False) -> str:
    lines = [f"{f.display}{f.locator}: {finding_message(f)}" for f in result.findings]
    lines += [f"{c.display}: {coverage_message(c)}" for c in result.coverage if c.status == NOT_EXAMINED]
    if verbose:
        lines += [f"{c.display}: {c.status}" + (f" ({c.detail})" if c.detail else "")
                  for c in result.coverage if c.status != NOT_EXAMINED]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def summary_line(result: ScanResult) -> str:
    s = summary(result)
    kinds = ", ".join(f"{n} {k}" for k, n in s["findings_by_kind"].items())  # type: ignore[attr-defined]
    statuses = ", ".join(f"{n} {k}" for k, n in s["files_by_status"].items())  # type: ignore[attr-defined]
    reasons = ", ".join(f"{n} {k}" for k, n in s["not_examined_by_reason"].items())  # type: ignore[attr-defined]
    head = f"{s['findings']} finding(s)" + (f" ({kinds}) in {s['files_with_findings']} file(s)" if kinds else "")
    tail = f"{s['files']} file(s): {statuses or 'none'}" + (f" [not examined: {reasons}]" if reasons else "")
    verdict = "FAILED" if result.failed else "passed"
    return f"withhold: {verdict}: {head}; {tail}"
