"""report/json.py: the exact document for a small result, and no protected value in it.

The findings are built by hand from fictional people (tests/people.py): masked excerpts, record ids.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withhold.findings import Coverage, Finding, RunInfo, ScanResult, Shard, kind_label
from withhold.report import json as json_report

INFO = RunInfo("9.9.9", "list-fingerprint-1", 5)
NAME = Finding("W001", "name", ("P00002",), "people/ana-paz.html", "people/a**-p**.html", ":3:7", "high",
               "A** P**", False, "f1", 3, 7)
NUMBER = Finding("W002", "a_number", ("P00001", "P00003"), "cases.xlsx", "cases.xlsx", "!Sheet1!B7", "critical",
                 "A*********", True, "f2")
PASSPORT = Finding("W003", "passport", ("P00002",), "files/scan.pdf", "files/scan.pdf", "#page=2", "critical",
                   "X* *******", True, "f3")
COVERAGE = [
    Coverage("index.html", "index.html", "examined"),
    Coverage("people/ana-paz.html", "people/a**-p**.html", "examined"),
    Coverage("tool.bin", "tool.bin", "not examined", "unsupported", "binary content of no known format", "ab" * 32),
    Coverage("old.zip!inner.doc", "old.zip!inner.doc", "not examined", "encrypted", "", "cd" * 32, True),
    Coverage("big.iso", "big.iso", "waived", "too large", "", "ef" * 32),
    Coverage("drafts/x.html", "drafts/x.html", "excluded"),
]
RESULT = ScanResult([NAME, NUMBER, PASSPORT], COVERAGE)

SUMMARY = {
    "findings": 3,
    "findings_by_kind": {"A-number": 1, "protected identifier (passport)": 1, "protected name": 1},
    "files_with_findings": 3,
    "files": 6,
    "files_by_status": {"examined": 2, "excluded": 1, "not examined": 2, "waived": 1},
    "not_examined_by_reason": {"encrypted": 1, "unsupported": 1},
    "failed": True,
}


def _finding(f: Finding, label: str) -> dict[str, object]:
    return {"code": f.code, "kind": f.kind, "label": label, "records": list(f.records), "path": f.display,
            "locator": f.locator, "line": f.line, "column": f.column, "severity": f.severity,
            "corroborated": f.corroborated, "excerpt": f.excerpt, "fingerprint": f.fingerprint}


def test_the_document_of_a_small_result():
    doc = json.loads(json_report.render(RESULT, INFO))
    assert doc == {
        "schema": 1,
        "tool": {"name": "withhold", "version": "9.9.9"},
        "list": {"fingerprint": "list-fingerprint-1", "records": 5},
        "summary": SUMMARY,
        "findings": [
            _finding(NAME, "protected name"),
            _finding(NUMBER, "A-number"),
            _finding(PASSPORT, "protected identifier (passport)"),
        ],
        "coverage": [  # the display path only; a digest only for what was not examined
            {"path": "index.html", "status": "examined", "reason": "", "detail": ""},
            {"path": "people/a**-p**.html", "status": "examined", "reason": "", "detail": ""},
            {"path": "tool.bin", "status": "not examined", "reason": "unsupported",
             "detail": "binary content of no known format", "sha256": "ab" * 32},
            {"path": "old.zip!inner.doc", "status": "not examined", "reason": "encrypted", "detail": "",
             "sha256": "cd" * 32, "member": True},
            {"path": "big.iso", "status": "waived", "reason": "too large", "detail": ""},
            {"path": "drafts/x.html", "status": "excluded", "reason": "", "detail": ""},
        ],
    }
    assert list(doc) == ["schema", "tool", "list", "summary", "findings", "coverage"]


def test_the_keys_of_a_finding_in_order():
    doc = json.loads(json_report.render(RESULT, INFO))
    assert list(doc["findings"][0]) == ["code", "kind", "label", "records", "path", "locator", "line", "column",
                                        "severity", "corroborated", "excerpt", "fingerprint"]


@pytest.mark.parametrize(
    ("result", "summary"),
    [
        (ScanResult([], []), {"findings": 0, "findings_by_kind": {}, "files_with_findings": 0, "files": 0,
                              "files_by_status": {}, "not_examined_by_reason": {}, "failed": False}),
        # under fail_on = "critical" the high finding is below the bar: the run passes
        (ScanResult([NAME], COVERAGE[:2], fail_on="critical"),
         {"findings": 1, "findings_by_kind": {"protected name": 1}, "files_with_findings": 1, "files": 2,
          "files_by_status": {"examined": 2}, "not_examined_by_reason": {}, "failed": False}),
    ],
    ids=["empty", "below the bar"],
)
def test_the_summary(result, summary):
    assert json.loads(json_report.render(result, INFO))["summary"] == summary


def test_a_shard_says_which_share_it_is():
    shard = Shard(2, 3, 61, 20, "tree-digest")
    doc = json.loads(json_report.render(RESULT._replace(shard=shard), INFO))
    assert doc["shard"] == {"part": 2, "parts": 3, "files": 61, "assigned": 20, "tree": "tree-digest"}
    assert list(doc)[-1] == "shard"


def test_the_real_path_is_never_rendered_nor_any_value(assert_no_leak):
    text = json_report.render(RESULT, INFO)
    assert "ana-paz" not in text
    assert text.endswith("}\n") and text.startswith('{\n  "schema": 1,')
    assert_no_leak(text)


def test_each_finding_and_coverage_entry_is_one_line():
    text = json_report.render(RESULT, INFO)
    lines = text.splitlines()
    for item in json.loads(text)["findings"] + json.loads(text)["coverage"]:
        line = json.dumps(item, ensure_ascii=False, separators=(", ", ": "))
        assert f"    {line}," in lines or f"    {line}" in lines
    empty = json.loads(json_report.render(ScanResult([], []), INFO))
    assert empty["findings"] == [] and empty["coverage"] == []


_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)  # quotes, controls, lone surrogates


@given(st.builds(Finding, _TEXT, _TEXT, st.lists(_TEXT, max_size=3).map(tuple), _TEXT, _TEXT, _TEXT, _TEXT, _TEXT,
                 st.booleans(), _TEXT, st.none() | st.integers(0, 10**9), st.none() | st.integers(0, 10**9)))
def test_a_finding_is_written_as_the_encoder_writes_its_object(finding):
    f = finding
    expected = {"code": f.code, "kind": f.kind, "label": kind_label(f.kind), "records": list(f.records),
                "path": f.display, "locator": f.locator, "line": f.line, "column": f.column,
                "severity": f.severity, "corroborated": f.corroborated, "excerpt": f.excerpt,
                "fingerprint": f.fingerprint}
    assert json_report._finding(f) == json.dumps(expected, ensure_ascii=False, separators=(", ", ": "))
