"""Merging the JSON reports of a sharded scan into one verdict and one coverage ledger.

Each shard's report says which share it scanned, how many files the whole tree holds and a keyed
digest of the tree's file list. The merge refuses reports that disagree (another list, another
tree, another version), a share reported twice, and a missing share: every file of the tree must
be accounted for in exactly one report, or the merge fails. Messages name report files only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from withhold.errors import ConfigError
from withhold.findings import Coverage, Finding, ScanResult, Shard
from withhold.report import RunInfo
from withhold.report.json import SCHEMA

Report = tuple[str, dict[str, Any]]  # (where it came from, the parsed JSON report)


def _same(reports: Sequence[Report], what: str, get: Any) -> Any:
    values = {repr(get(doc)) for _, doc in reports}
    if len(values) > 1:
        raise ConfigError(f"the reports disagree on {what}: {', '.join(name for name, _ in reports)}; "
                          "merge the reports of one sharded run, made with one list, tool version and tree")
    return get(reports[0][1])


def merge(reports: Sequence[Report]) -> tuple[ScanResult, RunInfo]:
    """Return the merged result and run information of the shards' reports; ConfigError if incomplete."""
    if not reports:
        raise ConfigError("nothing to merge: pass the JSON report of every shard")
    for name, doc in reports:
        if not isinstance(doc, dict) or doc.get("schema") != SCHEMA or "shard" not in doc:
            raise ConfigError(f"{name} is not a JSON report of a sharded scan (withhold scan --shard I/N --format json)")
    version = _same(reports, "the tool version", lambda d: d["tool"]["version"])
    fingerprint = _same(reports, "the protected list", lambda d: d["list"]["fingerprint"])
    records = _same(reports, "the protected list", lambda d: d["list"]["records"])
    count = _same(reports, "the number of shards", lambda d: d["shard"]["parts"])
    files = _same(reports, "the tree (its files changed between shards?)", lambda d: d["shard"]["files"])
    tree = _same(reports, "the tree (its files changed between shards?)", lambda d: d["shard"]["tree"])
    seen: dict[int, str] = {}
    for name, doc in reports:
        index = doc["shard"]["part"]
        if index in seen:
            raise ConfigError(f"shard {index}/{count} is reported twice: {seen[index]} and {name}")
        seen[index] = name
        top = sum(1 for row in doc["coverage"] if not row.get("member"))
        if top != doc["shard"]["assigned"]:
            raise ConfigError(f"{name} accounts for {top} of the {doc['shard']['assigned']} files of its shard")
    missing = sorted(set(range(1, count + 1)) - set(seen))
    if missing:
        raise ConfigError(f"shard(s) {', '.join(f'{i}/{count}' for i in missing)} missing: their files were not "
                          "examined, so the merge fails; pass every shard's report")
    assigned = sum(doc["shard"]["assigned"] for _, doc in reports)
    if assigned != files:
        raise ConfigError(f"the shards account for {assigned} of the tree's {files} files")
    findings = [
        Finding(f["code"], f["kind"], tuple(f["records"]), f["path"], f["path"], f["locator"], f["severity"],
                f["excerpt"], f["corroborated"], f["fingerprint"], f.get("line"), f.get("column"))
        for _, doc in sorted(reports, key=lambda r: r[1]["shard"]["part"]) for f in doc["findings"]
    ]
    coverage = [
        Coverage(c["path"], c["path"], c["status"], c.get("reason", ""), c.get("detail", ""), c.get("sha256", ""),
                 bool(c.get("member")))
        for _, doc in sorted(reports, key=lambda r: r[1]["shard"]["part"]) for c in doc["coverage"]
    ]
    findings.sort(key=lambda f: (f.path, f.locator, f.code, f.records))
    result = ScanResult(findings, coverage, frozenset(), Shard(1, 1, files, files, tree))
    return result, RunInfo(version, fingerprint, records)
