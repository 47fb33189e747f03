"""The JSON report: findings and the full coverage ledger, for machines and `withhold merge`.

The document is indented, but each finding and each coverage entry is one compact object on its
own line: the report of a large leak holds hundreds of thousands of them, `json.dumps(indent=...)`
runs the pure-Python encoder (about 4 s for 100 MB), and one line per finding greps well.
"""

from __future__ import annotations

import json

from withhold.findings import NOT_EXAMINED, Finding, ScanResult, kind_label
from withhold.report import RunInfo, summary

SCHEMA = 1


def render(result: ScanResult, info: RunInfo, verbose: bool = False) -> str:
    doc = {
        "schema": SCHEMA,
        "tool": {"name": "withhold", "version": info.version},
        "list": {"fingerprint": info.list_fingerprint, "records": info.records},
        "summary": summary(result),
        "findings": [_finding(f) for f in result.findings],
        "coverage": [
            _ITEM.encode({
                "path": c.display,
                "status": c.status,
                "reason": c.reason,
                "detail": c.detail,
                **({"sha256": c.sha256} if c.status == NOT_EXAMINED and c.sha256 else {}),
                **({"member": True} if c.member else {}),
            })
            for c in result.coverage
        ],
    }
    if result.shard is not None:
        doc["shard"] = result.shard._asdict()
    return _document(doc)


_ITEM = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
_LISTS = ("findings", "coverage")  # their items are encoded already, each one line
_string = json.encoder.encode_basestring  # what _ITEM writes of a str


def _finding(f: Finding) -> str:
    """Return f as _ITEM encodes its object, written directly: a dict and an encoder call per finding
    cost seconds of a large leak's report, in the process that waits for nothing else."""
    records = ", ".join(map(_string, f.records))
    return (f'{{"code": {_string(f.code)}, "kind": {_string(f.kind)}, "label": {_string(kind_label(f.kind))}, '
            f'"records": [{records}], "path": {_string(f.display)}, "locator": {_string(f.locator)}, '
            f'"line": {_number(f.line)}, "column": {_number(f.column)}, "severity": {_string(f.severity)}, '
            f'"corroborated": {"true" if f.corroborated else "false"}, "excerpt": {_string(f.excerpt)}, '
            f'"fingerprint": {_string(f.fingerprint)}}}')


def _number(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def _document(doc: dict[str, object]) -> str:
    """`doc` as indented JSON, the items of its long lists (_LISTS, encoded already) one per line."""
    parts = []
    for key, value in doc.items():
        name = json.dumps(key, ensure_ascii=False)
        if key in _LISTS and isinstance(value, list) and value:
            items = ",\n    ".join(value)
            parts.append(f"  {name}: [\n    {items}\n  ]")
        else:
            body = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
            parts.append(f"  {name}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
