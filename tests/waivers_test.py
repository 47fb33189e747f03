"""Waivers: keyed fingerprints that survive edits and a growing list, expiry, unused ones, `withhold waive`."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from conftest import SETTINGS
from people import PEOPLE, generated, write_list
from withhold.cli import main
from withhold.errors import ConfigError
from withhold.findings import NOT_EXAMINED, WAIVED, ScanResult
from withhold.protected.plaintext import Protected
from withhold.run.waivers import (
    NOTE_EXPIRED,
    NOTE_UNUSED,
    NOTE_WAIVED,
    WAIVERS_FILE,
    Note,
    Waiver,
    append,
    apply_waivers,
    load_waivers,
    render,
)
from withhold.scan.file import scan_bytes

TODAY = dt.date(2030, 6, 1)
PAGE = "# The council\n\nThe mayor, Ana Paz, opened the library.\n"


def _waiver(target: str, path: str = "docs/mayor.md", expires: dt.date = dt.date(2030, 12, 31), **kw) -> Waiver:
    sha = len(target) == 64
    return Waiver("" if sha else target, target if sha else "", path, kw.get("reason", "a namesake"),
                  kw.get("author", "editor"), expires, where=kw.get("where", "waiver #1 in .withhold-waivers.toml"))


def _scan(protected: Protected, text: str, path: str = "docs/mayor.md") -> ScanResult:
    return scan_bytes(path, text.encode("utf-8"), protected, SETTINGS)


def test_a_waived_finding_passes(protected):
    result = _scan(protected, PAGE)
    assert result.failed
    waiver = _waiver(protected.waiver_fingerprint(result.findings[0].fingerprint))
    waived, notes = apply_waivers(result, [waiver], TODAY, protected)
    assert not waived.failed and waived.findings == []
    assert notes == [Note(NOTE_WAIVED, waiver, "docs/mayor.md:3:12")]
    assert notes[0].line() == "docs/mayor.md:3:12: waived by waiver #1 in .withhold-waivers.toml (by editor, until 2030-12-31)"


def test_an_expired_waiver_no_longer_waives_and_is_reported(protected):
    result = _scan(protected, PAGE)
    waiver = _waiver(protected.waiver_fingerprint(result.findings[0].fingerprint), expires=TODAY - dt.timedelta(days=1))
    waived, notes = apply_waivers(result, [waiver], TODAY, protected)
    assert waived.failed and waived.findings == result.findings
    assert [n.line() for n in notes] == [
        "docs/mayor.md:3:12: waiver #1 in .withhold-waivers.toml expired on 2030-05-31 and no longer waives; "
        "fix the file or renew the waiver"
    ]
    assert apply_waivers(result, [waiver._replace(expires=TODAY)], TODAY, protected)[0].findings == []  # the last day holds


def test_an_unused_waiver_is_reported_only_where_its_file_was_scanned(protected):
    result = _scan(protected, "# The council\n\nNo names here.\n")
    waiver = _waiver("fedcba9876fedcba9876")
    assert apply_waivers(result, [waiver], TODAY, protected)[1] == [Note(NOTE_UNUSED, waiver, "docs/mayor.md")]
    assert apply_waivers(result, [waiver._replace(path="docs/other.md")], TODAY, protected)[1] == []
    old = waiver._replace(expires=dt.date(2020, 1, 1))
    assert apply_waivers(result, [old], TODAY, protected)[1] == [Note(NOTE_EXPIRED, old, "docs/mayor.md")]


def test_the_fingerprint_survives_edits_elsewhere_in_the_file(protected):
    before = _scan(protected, PAGE).findings[0]
    after = _scan(protected, "# The council\n\nNew intro paragraph.\n\n" + PAGE.replace("library", "new pool")).findings[0]
    assert (before.line, after.line) == (3, 7)
    assert before.fingerprint == after.fingerprint
    waived, _ = apply_waivers(_scan(protected, "Intro.\n\n" + PAGE), [_waiver(protected.waiver_fingerprint(before.fingerprint))],
                              TODAY, protected)
    assert not waived.failed


def test_the_fingerprint_is_per_file_per_record_and_per_matched_text(protected):
    base = _scan(protected, PAGE).findings[0].fingerprint
    assert _scan(protected, PAGE, "docs/other.md").findings[0].fingerprint != base
    assert _scan(protected, "Jean-Luc Dubois").findings[0].fingerprint != base
    assert _scan(protected, "PAZ, Ana").findings[0].fingerprint != base


def test_the_fingerprint_survives_a_growing_list_and_changes_with_its_record(tmp_path):
    small = Protected.load(write_list(tmp_path / "a.csv", PEOPLE), SETTINGS)[0]
    grown = Protected.load(write_list(tmp_path / "b.csv", [*generated(50), *reversed(PEOPLE)]), SETTINGS)[0]
    moved = PEOPLE[1]._replace(dob=dt.date(1990, 7, 2))
    changed = Protected.load(write_list(tmp_path / "c.csv", [PEOPLE[0], moved, *PEOPLE[2:]]), SETTINGS)[0]
    assert small.fingerprint != grown.fingerprint  # the list's own fingerprint does change
    shown = [_scan(p, PAGE).findings[0].fingerprint for p in (small, grown, changed)]
    lasting = [p.waiver_fingerprint(f) for p, f in zip((small, grown, changed), shown)]
    assert lasting[0] == lasting[1] != lasting[2]
    assert shown[0] != shown[1]  # a report's fingerprint is encrypted under the list's secret
    assert grown.waiver_fingerprint(shown[0]) == ""  # a report made under another list is told apart


@pytest.mark.parametrize("shown", ["", "zz", "ab" * 10, "ab" * 20, "ab" * 21])
def test_a_fingerprint_no_report_of_this_list_shows_has_no_lasting_fingerprint(protected, shown):
    assert protected.waiver_fingerprint(shown) == ""


class _Counting:
    """A list that counts its slow derivations."""

    def __init__(self, protected: Protected) -> None:
        self.protected, self.slow = protected, 0

    def waiver_fingerprint(self, shown: str) -> str:
        self.slow += 1
        return self.protected.waiver_fingerprint(shown)


@pytest.mark.parametrize(
    ("path", "code", "records", "slow", "waived"),
    [
        ("docs/mayor.md", "", (), 2, True),  # both names on the page are derived, once each
        ("site/docs/mayor.md", "W001", ("P00002",), 1, True),  # a waiver written from another root
        ("docs/other.md", "", (), 0, False),  # another file: not derived at all
        ("docs/mayor.md", "W002", (), 0, False),  # another code
        ("docs/mayor.md", "", ("P00001",), 0, False),  # other records
        ("docs/mayor.md", "", ("sealed-abc123-4",), 2, True),  # ids a sealed list shows: not compared
    ],
)
def test_the_slow_fingerprint_is_derived_only_for_findings_a_waiver_could_name(protected, path, code, records, slow, waived):
    result = _scan(protected, PAGE + "\nAlso Ana Paz and Jean-Luc Dubois.\n")
    lasting = protected.waiver_fingerprint(result.findings[0].fingerprint)
    counting = _Counting(protected)
    waiver = _waiver(lasting, path=path)._replace(code=code, records=records)
    after, _ = apply_waivers(result, [waiver], TODAY, counting)
    assert counting.slow == slow  # the same finding twice is derived once
    assert (len(after.findings) == len(result.findings) - 2) is waived


def test_a_file_not_examined_is_waived_only_by_its_content_hash(protected):
    blob = bytes(range(256)) * 8
    result = scan_bytes("files/tool.bin", blob, protected, SETTINGS)
    (row,) = result.coverage
    assert row.status == NOT_EXAMINED and row.sha256
    waiver = _waiver(row.sha256, path="files/tool.bin")
    waived, notes = apply_waivers(result, [waiver], TODAY, protected)
    assert not waived.failed
    assert waived.coverage == [row._replace(status=WAIVED, detail="unsupported, waived until 2030-12-31")]
    changed = scan_bytes("files/tool.bin", blob + b"\x00", protected, SETTINGS)
    still, notes = apply_waivers(changed, [waiver], TODAY, protected)
    assert still.failed and notes == [Note(NOTE_UNUSED, waiver, "files/tool.bin")]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('fingerprint = "abc"\npath = "p"\nreason = "r"\nauthor = "a"\nexpires = 2030-01-01\n',
         "fingerprint must be 20 hexadecimal digits, as `withhold waive` writes it"),
        ('path = "p"\nreason = "r"\nauthor = "a"\nexpires = 2030-01-01\n',
         "give exactly one of fingerprint (a finding) or sha256 (a file not examined)"),
        (f'fingerprint = "{"a" * 20}"\nsha256 = "{"b" * 64}"\npath = "p"\nreason = "r"\nauthor = "a"\n'
         'expires = 2030-01-01\n', "give exactly one of fingerprint (a finding) or sha256 (a file not examined)"),
        (f'fingerprint = "{"a" * 20}"\npath = "p"\nauthor = "a"\nexpires = 2030-01-01\n',
         "reason is required (a non-empty string)"),
        (f'fingerprint = "{"a" * 20}"\npath = "p"\nreason = "r"\nexpires = 2030-01-01\n',
         "author is required (a non-empty string)"),
        (f'fingerprint = "{"a" * 20}"\npath = "p"\nreason = "r"\nauthor = "a"\n',
         "expires is required: a date, YYYY-MM-DD"),
        (f'fingerprint = "{"a" * 20}"\npath = "p"\nreason = "r"\nauthor = "a"\nexpires = "next year"\n',
         "expires must be a date, YYYY-MM-DD"),
        (f'fingerprint = "{"a" * 20}"\npath = "p"\nreason = "r"\nauthor = "a"\nexpires = 2030-01-01\nline = 3\n',
         "unknown key(s) line"),
    ],
)
def test_a_malformed_waiver_is_a_usage_error(tmp_path, protected, body, problem):
    path = tmp_path / WAIVERS_FILE
    path.write_text("[[waiver]]\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_waivers(path, protected)
    assert str(exc.value) == f"waiver #1 in {WAIVERS_FILE}: {problem}; see docs/waivers.md"


def test_a_waiver_file_holding_a_protected_value_is_refused(tmp_path, protected, assert_no_leak):
    path = tmp_path / WAIVERS_FILE
    path.write_text(f'[[waiver]]\nfingerprint = "{"a" * 20}"\npath = "p"\nreason = "this is Ana Paz the mayor"\n'
                    'author = "a"\nexpires = 2030-01-01\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_waivers(path, protected)
    assert "holds a protected identifier" in str(exc.value)
    assert_no_leak(str(exc.value))


def test_render_round_trips_awkward_text(protected, tmp_path):
    waiver = _waiver("ab" * 10, reason='quotes " and \\ and\ttabs\nand a newline \x7f', author="Zoë")
    text = append("", [], [waiver])
    assert text.startswith("# withhold waivers:")
    (tmp_path / WAIVERS_FILE).write_text(text, encoding="utf-8")
    (loaded,) = load_waivers(tmp_path / WAIVERS_FILE, protected)
    assert loaded == waiver._replace(reason=waiver.reason.strip())
    with pytest.raises(ConfigError, match="is already waived"):
        append(text, [loaded], [waiver])
    assert tomllib.loads(render([waiver]))["waiver"][0]["expires"] == dt.date(2030, 12, 31)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / "built").mkdir(parents=True)
    (root / "built" / "mayor.html").write_text(f"<html><body><p>{PAGE}</p></body></html>", encoding="utf-8")
    (root / "built" / "tool.bin").write_bytes(bytes(range(256)) * 8)
    monkeypatch.chdir(root)
    monkeypatch.delenv("WITHHOLD_LIST", raising=False)
    return root


def test_waive_writes_a_waiver_the_scan_then_honours(site, list_path, capsys, assert_no_leak):
    assert main(["scan", "--list", str(list_path), "--format", "json", "--output", "r.json", "built"]) == 1
    report = json.loads((site / "r.json").read_text(encoding="utf-8"))
    fingerprint = report["findings"][0]["fingerprint"]
    sha = next(c["sha256"] for c in report["coverage"] if c["status"] == NOT_EXAMINED)
    capsys.readouterr()
    common = ["--reason", "the mayor shares the name", "--author", "editor", "--expires", "2999-12-31"]
    assert main(["waive", "r.json", "--list", str(list_path), "--fingerprint", fingerprint, *common]) == 0
    assert main(["waive", "r.json", "--list", str(list_path), "--sha256", sha, *common]) == 0
    out, err = capsys.readouterr()
    path = site / WAIVERS_FILE
    assert out == (f"withhold: waived W001 at built/mayor.html until 2999-12-31 in {WAIVERS_FILE}\n"
                   f"withhold: waived W900 at built/tool.bin until 2999-12-31 in {WAIVERS_FILE}\n")
    text = path.read_text(encoding="utf-8")
    lasting = Protected.load(list_path, SETTINGS)[0].waiver_fingerprint(fingerprint)
    assert len(lasting) == 20 and lasting not in json.dumps(report)  # a report's fingerprint changes with the list
    assert text.endswith(
        f'[[waiver]]\nfingerprint = "{lasting}"\npath = "built/mayor.html"\ncode = "W001"\nrecords = ["P00002"]\n'
        'reason = "the mayor shares the name"\nauthor = "editor"\nexpires = 2999-12-31\n\n'
        f'[[waiver]]\nsha256 = "{sha}"\npath = "built/tool.bin"\ncode = "W900"\n'
        'reason = "the mayor shares the name"\nauthor = "editor"\nexpires = 2999-12-31\n'
    )
    assert_no_leak(text, out, err)
    assert main(["scan", "--list", str(list_path), "--verbose", "built"]) == 0
    out, err = capsys.readouterr()
    assert out.endswith("withhold: passed: 0 finding(s); 2 file(s): 1 examined, 1 waived\n")
    assert "withhold: built/mayor.html:3:12: waived by waiver #1 in .withhold-waivers.toml (by editor, until 2999-12-31)\n" in err
    assert_no_leak(out, err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fingerprint", "fedcba9876fedcba9876"], "the report has no finding with fingerprint fedcba9876fedcba9876"),
        (["--expires", "2001-01-01"], "--expires is in the past; a waiver holds until a day to come"),
        (["--expires", "soon"], "--expires must be a date, YYYY-MM-DD"),
        (["--reason", "because Ana Paz is the mayor"],
         "the reason or author holds a protected identifier; say why without naming the person"),
    ],
)
def test_waive_refuses(site, list_path, capsys, assert_no_leak, args, message):
    assert main(["scan", "--list", str(list_path), "--format", "json", "--output", "r.json", "built"]) == 1
    fingerprint = json.loads((site / "r.json").read_text(encoding="utf-8"))["findings"][0]["fingerprint"]
    capsys.readouterr()
    base = {"--fingerprint": fingerprint, "--reason": "ok", "--author": "editor", "--expires": "2999-12-31"}
    base.update(dict(zip(args[::2], args[1::2])))
    assert main(["waive", "r.json", "--list", str(list_path), *[x for kv in base.items() for x in kv]]) == 2
    out, err = capsys.readouterr()
    assert err == f"withhold: error: {message}\n"
    assert not (site / WAIVERS_FILE).exists()
    assert_no_leak(out, err)
