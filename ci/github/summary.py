"""Write the job summary of a withhold scan from its JSON report: counts and masked findings only.

Used by action.yml and the GitLab template; reads only the report, whose paths and excerpts are
already masked by withhold, so nothing here can print a protected value.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SHOWN = 50


def render(report: dict, verdict: int) -> str:  # type: ignore[type-arg]
    s = report["summary"]
    head = "passed" if verdict == 0 else "FAILED" if verdict == 1 else "did not run (configuration error)"
    lines = [f"## withhold: {head}", "",
             f"{s['findings']} finding(s) in {s['files_with_findings']} file(s); {s['files']} file(s) scanned", "",
             "| status | files |", "|---|---|"]
    lines += [f"| {k} | {n} |" for k, n in s["files_by_status"].items()]
    findings = report["findings"]
    if findings:
        lines += ["", "| code | where | record | excerpt (masked) |", "|---|---|---|---|"]
        lines += [f"| {f['code']} | `{f['path']}{f['locator']}` | {', '.join(f['records'])} | `{f['excerpt']}` |"
                  for f in findings[:SHOWN]]
        if len(findings) > SHOWN:
            lines.append(f"\n... and {len(findings) - SHOWN} more: see the SARIF in code scanning")
    unread = [c for c in report["coverage"] if c["status"] == "not examined"]
    if unread:
        lines += ["", "| not examined | reason |", "|---|---|"]
        lines += [f"| `{c['path']}` | {c['reason']} |" for c in unread[:SHOWN]]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    report_path, verdict, out = argv
    try:
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
        text = render(report, int(verdict))
    except (OSError, ValueError, KeyError):
        text = f"## withhold: did not run\n\nNo report was written (exit {verdict}); see the step's log.\n"
    with open(out, "a", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
