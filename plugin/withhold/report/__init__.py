"""Reports: every format renders the same ScanResult, and only masked, display-safe fields of it."""

from __future__ import annotations

from collections import Counter

from withhold.findings import (  # noqa: F401  RunInfo: every format takes it from here
    NOT_EXAMINED,
    NOT_EXAMINED_CODE,
    RULES,
    Coverage,
    Finding,
    RunInfo,
    ScanResult,
    kind_label,
)


def summary(result: ScanResult) -> dict[str, object]:
    """Return the counts every format reports: findings by kind, files by status and reason."""
    statuses = Counter(c.status for c in result.coverage)
    reasons = Counter(c.reason for c in result.coverage if c.status == NOT_EXAMINED)
    return {
        "findings": len(result.findings),
        "findings_by_kind": dict(sorted(Counter(kind_label(f.kind) for f in result.findings).items())),
        "files_with_findings": len({f.path for f in result.findings}),
        "files": len(result.coverage),
        "files_by_status": dict(sorted(statuses.items())),
        "not_examined_by_reason": dict(sorted(reasons.items())),
        "failed": result.failed,
    }


def finding_message(finding: Finding) -> str:
    """Return the one-line message of a finding, without its location."""
    note = " [critical: birth date or context of the same record nearby]" if finding.corroborated else ""
    return f"{finding_title(finding)}, {finding.records_text()} ({finding.excerpt}){note}"


def finding_title(finding: Finding) -> str:
    """Return a finding's code and the words for its kind: "W001 protected name"."""
    return f"{finding.code} {kind_label(finding.kind)}"


NOT_EXAMINED_TITLE = f"{NOT_EXAMINED_CODE} {RULES['not_examined'].label}"


def coverage_message(row: Coverage) -> str:
    """Return the one-line message of a file that was not examined."""
    detail = f" ({row.detail})" if row.detail else ""
    return f"{NOT_EXAMINED_TITLE}: {row.reason}{detail}"
