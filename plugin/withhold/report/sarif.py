"""SARIF 2.1.0, as GitHub code scanning accepts it: one result per finding and per file not examined."""

from __future__ import annotations

import json
import urllib.parse

from withhold.findings import NOT_EXAMINED, NOT_EXAMINED_CODE, RULES, ScanResult
from withhold.report import RunInfo, coverage_message, finding_message, summary


def _uri(display: str) -> str:
    return urllib.parse.quote(display.replace("!", "/"), safe="/")


def render(result: ScanResult, info: RunInfo, verbose: bool = False) -> str:
    results = []
    for f in result.findings:
        location: dict[str, object] = {"artifactLocation": {"uri": _uri(f.display)}}
        if f.line:
            location["region"] = {"startLine": f.line, "startColumn": f.column or 1}
        results.append({
            "ruleId": f.code,
            "level": "error",
            "message": {"text": f"{finding_message(f)} at {f.display}{f.locator}"},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"withhold/v1": f.fingerprint},
            "properties": {"severity": f.severity, "records": list(f.records), "locator": f.locator},
        })
    for c in result.coverage:
        if c.status == NOT_EXAMINED:
            results.append({
                "ruleId": NOT_EXAMINED_CODE,
                "level": "error",
                "message": {"text": f"{coverage_message(c)} at {c.display}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(c.display)}}}],
                "properties": {"reason": c.reason},
            })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "withhold",
                "version": info.version,
                "rules": [
                    {"id": r.code, "name": r.name, "shortDescription": {"text": r.description},
                     "defaultConfiguration": {"level": "error"}}
                    for r in RULES.values()
                ],
            }},
            "results": results,
            "artifacts": [
                {"location": {"uri": _uri(c.display)},
                 "properties": {"withhold/status": c.status, "withhold/reason": c.reason}}
                for c in result.coverage
            ],
            "properties": {"withhold/summary": summary(result), "withhold/list": info.list_fingerprint},
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
