"""The JSON report: findings and the full coverage ledger, for machines and `withhold merge`."""

from __future__ import annotations

import json

from withhold.findings import NOT_EXAMINED, ScanResult, kind_label
from withhold.report import RunInfo, summary

SCHEMA = 1


def render(result: ScanResult, info: RunInfo, verbose: bool = False) -> str:
    doc = {
        "schema": SCHEMA,
        "tool": {"name": "withhold", "version": info.version},
        "list": {"fingerprint": info.list_fingerprint, "records": info.records},
        "summary": summary(result),
        "findings": [
            {
                "code": f.code,
                "kind": f.kind,
                "label": kind_label(f.kind),
                "records": list(f.records),
                "path": f.display,
                "locator": f.locator,
                "line": f.line,
                "column": f.column,
                "severity": f.severity,
                "corroborated": f.corroborated,
                "excerpt": f.excerpt,
                "fingerprint": f.fingerprint,
            }
            for f in result.findings
        ],
        "coverage": [
            {
                "path": c.display,
                "status": c.status,
                "reason": c.reason,
                "detail": c.detail,
                **({"sha256": c.sha256} if c.status == NOT_EXAMINED and c.sha256 else {}),
                **({"member": True} if c.member else {}),
            }
            for c in result.coverage
        ],
    }
    if result.shard is not None:
        doc["shard"] = result.shard._asdict()
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
