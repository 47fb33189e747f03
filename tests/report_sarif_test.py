"""report/sarif.py: the exact SARIF 2.1.0 run for a small result: rules from findings.RULES, no value.

The result is report_json_test's: built by hand from fictional people (tests/people.py).
"""

from __future__ import annotations

import json

from report_json_test import COVERAGE, INFO, NAME, RESULT, SUMMARY
from withhold.findings import RULES, Coverage, ScanResult
from withhold.report import sarif


def _run(result: ScanResult = RESULT) -> dict:
    doc = json.loads(sarif.render(result, INFO))
    assert (doc["$schema"], doc["version"], len(doc["runs"])) == ("https://json.schemastore.org/sarif-2.1.0.json",
                                                                  "2.1.0", 1)
    return doc["runs"][0]


def test_the_rules_are_the_code_table():
    assert _run()["tool"] == {"driver": {"name": "withhold", "version": "9.9.9", "rules": [
        {"id": "W001", "name": "ProtectedName", "shortDescription": {"text": "A protected person's name is published."},
         "defaultConfiguration": {"level": "error"}},
        {"id": "W002", "name": "ProtectedANumber",
         "shortDescription": {"text": "A protected person's A-number is published."},
         "defaultConfiguration": {"level": "error"}},
        {"id": "W003", "name": "ProtectedIdentifier",
         "shortDescription": {"text": "A protected person's identifier is published."},
         "defaultConfiguration": {"level": "error"}},
        {"id": "W900", "name": "NotExamined",
         "shortDescription": {"text": "A published file could not be fully examined (fail closed)."},
         "defaultConfiguration": {"level": "error"}},
    ]}}
    assert [r["id"] for r in _run()["tool"]["driver"]["rules"]] == [r.code for r in RULES.values()]


def test_one_result_per_finding_and_per_file_not_examined():
    assert _run()["results"] == [
        {"ruleId": "W001", "level": "error",
         "message": {"text": "W001 protected name, record P00002 (A** P**) at people/a**-p**.html:3:7"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "people/a%2A%2A-p%2A%2A.html"},
                                             "region": {"startLine": 3, "startColumn": 7}}}],
         "partialFingerprints": {"withhold/v1": "f1"},
         "properties": {"severity": "high", "records": ["P00002"], "locator": ":3:7"}},
        {"ruleId": "W002", "level": "error",
         "message": {"text": "W002 A-number, record P00001 (+1 more) (A*********) "
                             "[critical: birth date or context of the same record nearby] at cases.xlsx!Sheet1!B7"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "cases.xlsx"}}}],  # no line: no region
         "partialFingerprints": {"withhold/v1": "f2"},
         "properties": {"severity": "critical", "records": ["P00001", "P00003"], "locator": "!Sheet1!B7"}},
        {"ruleId": "W003", "level": "error",
         "message": {"text": "W003 protected identifier (passport), record P00002 (X* *******) "
                             "[critical: birth date or context of the same record nearby] at files/scan.pdf#page=2"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "files/scan.pdf"}}}],
         "partialFingerprints": {"withhold/v1": "f3"},
         "properties": {"severity": "critical", "records": ["P00002"], "locator": "#page=2"}},
        {"ruleId": "W900", "level": "error",
         "message": {"text": "W900 not examined: unsupported (binary content of no known format) at tool.bin"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "tool.bin"}}}],
         "properties": {"reason": "unsupported"}},
        {"ruleId": "W900", "level": "error",  # an archive member: its "!" becomes a path step
         "message": {"text": "W900 not examined: encrypted at old.zip!inner.doc"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "old.zip/inner.doc"}}}],
         "properties": {"reason": "encrypted"}},
    ]


def test_every_file_is_an_artifact_with_its_status():
    assert _run()["artifacts"] == [
        {"location": {"uri": uri}, "properties": {"withhold/status": c.status, "withhold/reason": c.reason}}
        for uri, c in zip(["index.html", "people/a%2A%2A-p%2A%2A.html", "tool.bin", "old.zip/inner.doc", "big.iso",
                           "drafts/x.html"], COVERAGE)
    ]
    assert _run()["properties"] == {"withhold/summary": SUMMARY, "withhold/list": "list-fingerprint-1"}


def test_a_line_without_a_column_starts_at_column_one():
    result = ScanResult([NAME._replace(column=None)], [])
    region = _run(result)["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 1}


def test_uris_are_percent_encoded():
    row = Coverage("a b/ü#?.bin", "a b/ü#?.bin", "not examined", "corrupt")
    assert _run(ScanResult([], [row]))["artifacts"][0]["location"]["uri"] == "a%20b/%C3%BC%23%3F.bin"


def test_no_protected_value_in_the_report(assert_no_leak):
    text = sarif.render(RESULT, INFO)
    assert "ana-paz" not in text  # the real path of a file whose name holds a name: never rendered
    assert_no_leak(text)
