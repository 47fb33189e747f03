"""Sealed lists (issue 7): the same findings as the plaintext list, from a file that holds none of it.

People: tests/people.py (fictional). Sealing runs at a small scrypt cost (KDF_COST) to keep the
tests fast; the cost is a parameter of the file, read back when it is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import random
import re
import struct
from pathlib import Path

import pytest

import attachments
from conftest import SETTINGS
from people import PEOPLE, generated, write_list
from scan_test import DECOYS, HITS, TEXT_FILES, _page
from withhold import __version__
from withhold.cli import main
from withhold.protected.dates import birth_date_keys, date_keys
from withhold.protected.plaintext import Protected
from withhold.protected.seal import seal
from withhold.protected.sealed import SealedProtected
from withhold.protected.sealfile import FORMAT, MAGIC
from withhold.protected.variants import corroborating_forms, date_forms, strong_forms
from withhold.protected.watchlist import canonical_a_number, load
from withhold.report import RunInfo
from withhold.report.formats import FORMATS
from withhold.scan.file import scan_bytes
from withhold.scan.tree import scan_paths
from withhold.text.normalize import normalize

KEY = "fictional-test-key-0123456789abcdef"  # a test key, for test lists of fictional people
KDF_COST = 10


def _seal(list_path: Path, settings=SETTINGS, keep_ids: bool = False) -> tuple[Path, dict[str, str]]:
    """Seal list_path beside it; return the sealed file and its opaque id -> record id map."""
    sealed = seal(list_path, settings, KEY, keep_ids=keep_ids, cost=KDF_COST)
    out = list_path.with_suffix(".sealed")
    out.write_bytes(sealed.blob)
    return out, dict(sealed.ids)


@pytest.fixture
def sealed_list(list_path: Path) -> tuple[Path, dict[str, str]]:
    return _seal(list_path)


@pytest.fixture
def sealed(sealed_list) -> SealedProtected:
    return SealedProtected.load(sealed_list[0], SETTINGS, KEY)[0]


def _findings(result, ids: dict[str, str] | None = None) -> list[tuple]:
    """Return the findings as comparable tuples: opaque ids mapped back, records in one order."""
    return sorted(f._replace(records=tuple(sorted((ids or {}).get(r, r) for r in f.records))) for f in result.findings)


# ---- the same findings ------------------------------------------------------------------------------

CORROBORATION = {
    "date in the same cell row": "<table><tr><td>Ana Paz</td><td>07/01/1990</td></tr></table>",
    "two-digit year": "<p>Ana Paz 1/7/90</p>",
    "month name": "<p>María José García López, born 12 March 1985</p>",
    "spanish month": "<p>García López, María José (12 de marzo de 1985)</p>",
    "compact date": "<p>Jean-Luc Dubois 19791123</p>",
    "someone else's date": "<p>Ana Paz, born 1985-03-12</p>",
    "date too far": "<p>Ana Paz</p>" + "<p>filler words here</p>" * 40 + "<p>1990-07-01</p>",
    "context value": "<p>Søren Ærøskøbing of Genovia</p>",
    "someone else's context": "<p>Søren Ærøskøbing of Utopia</p>",
    "a leap day": "<p>Soren Aeroskobing 29.02.1968</p>",
    "a-number glued": "<p>ref A099887766 and a 203-040-506</p>",
    "digits in cells": "<table><tr><td>012</td><td>345</td><td>678</td></tr></table>",
    "all at once": "<ul><li>Ana Paz 1990-07-01 Utopia 987 654 321</li><li>Dubois, Jean-Luc FR0000001</li></ul>",
}


def _corpus() -> dict[str, bytes]:
    files = {f"hits/{k}.html": HITS[k].encode() for k in HITS}
    files.update({f"decoys/{k}.html": _page(v).encode() for k, v in DECOYS.items()})
    files.update({f"near/{k}.html": _page(v).encode() for k, v in CORROBORATION.items()})
    files.update({f"text/{k}": v for k, v in TEXT_FILES.items()})
    files.update({
        "files/book.xlsx": attachments.xlsx(), "files/old.xls": attachments.xls(), "files/memo.docx": attachments.docx(),
        "files/deck.pptx": attachments.pptx(), "files/note.odt": attachments.odt(), "files/sheet.ods": attachments.ods(),
        "files/letter.rtf": attachments.rtf(), "files/report.pdf": attachments.pdf(), "files/mail.eml": attachments.eml(),
        "files/photo.jpg": attachments.iptc_jpeg("Ana Paz"), "files/font.ttf": attachments.font(None),
        "files/bundle.zip": attachments.zipped({"inner/ana-paz.txt": b"Ana Paz 01.07.1990", "b.csv": b"x,Paz, Ana\n"}),
        "people/maria-jose-garcia-lopez/index.html": _page("<p>profile</p>").encode(),
    })
    return files


def test_the_whole_corpus_gives_the_same_findings_both_ways(protected, sealed, sealed_list, tmp_path, assert_no_leak):
    _, ids = sealed_list
    site = tmp_path / "site"
    for name, data in _corpus().items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    plain = scan_paths([site], protected, SETTINGS)
    other = scan_paths([site], sealed, SETTINGS)
    assert len(plain.findings) > 100
    assert {f.severity for f in plain.findings} == {"critical", "high"}
    assert _findings(other, ids) == _findings(plain)
    assert other.coverage == plain.coverage
    info = RunInfo(__version__, sealed.fingerprint, len(PEOPLE))
    assert_no_leak(*(FORMATS[name](other, info, True) for name in sorted(FORMATS)))


@pytest.mark.parametrize("name", sorted(_corpus()))
def test_each_file_gives_the_same_findings_both_ways(name, protected, sealed, sealed_list):
    data = _corpus()[name]
    assert _findings(scan_bytes(name, data, sealed, SETTINGS), sealed_list[1]) == _findings(
        scan_bytes(name, data, protected, SETTINGS))


def test_kept_ids_give_identical_findings(list_path, protected):
    path, ids = _seal(list_path, keep_ids=True)
    assert ids == {}
    kept = SealedProtected.load(path, SETTINGS, KEY)[0]
    for name, data in _corpus().items():
        assert _findings(scan_bytes(name, data, kept, SETTINGS)) == _findings(scan_bytes(name, data, protected, SETTINGS))


def test_many_people_sharing_names_give_the_same_hits(tmp_path):
    """Generated people share given and family names: hits of several records, corroborated or not."""
    people = generated(400, seed=11)
    path, ids = _seal(write_list(tmp_path / "many.csv", people), keep_ids=False)
    plain = Protected.load(tmp_path / "many.csv", SETTINGS)[0]
    sealed = SealedProtected.load(path, SETTINGS, KEY)[0]
    rng = random.Random(5)
    for _ in range(150):
        chosen = rng.sample(people, 4)
        parts = []
        for p in chosen:
            given, family = p.given, p.family
            dob = rng.choice([p.dob, rng.choice(people).dob])
            parts.append(rng.choice([
                f"{given} {family}", f"{family}, {given}", f"{family.split()[0]} {given}",
                f"{given} {family} ({dob.day}/{dob.month}/{dob.year})", f"{family} {given} {dob:%d %b %y} {p.nationality}",
                f"<td>{given} {family}</td><td>{dob.isoformat()}</td>", f"{p.a_number} {p.passport}",
            ]))
        text = " lorem ipsum ".join(parts)
        assert _hits(sealed, text, ids) == _hits(plain, text)


def _hits(protected, text: str, ids: dict[str, str] | None = None) -> list[tuple]:
    return sorted((h.start, h.end, h.kind, tuple(sorted((ids or {}).get(protected.record_id(r), protected.record_id(r))
                                                       for r in h.records)), h.corroborated, h.matched)
                  for h in protected.find(text))


def test_fingerprints_refs_and_waiver_keys_are_those_of_the_plaintext_list(protected, sealed, sealed_list):
    ids = sealed_list[1]
    back = {v: k for k, v in ids.items()}
    for index in range(len(PEOPLE)):
        sealed_index = int(back[protected.record_id(index)].rsplit("-", 1)[1]) - 1
        assert sealed.record_key(sealed_index) == protected.record_key(index)
    assert sealed.key == protected.key
    assert sealed.keyed("path", "people/ana-paz") == protected.keyed("path", "people/ana-paz")
    assert sealed.pattern_count == protected.pattern_count
    assert sealed.fingerprint != protected.fingerprint  # a clean file under one mode is rescanned under the other


@pytest.mark.parametrize("day", [dt.date(1985, 3, 12), dt.date(1990, 7, 1), dt.date(1968, 2, 29), dt.date(2000, 2, 29),
                                 dt.date(2001, 1, 5), dt.date(1979, 11, 23), dt.date(1905, 12, 10), dt.date(2010, 5, 31)])
def test_every_written_form_of_a_date_is_read_back(day):
    for form in date_forms(day):
        assert birth_date_keys(day) & date_keys(form.split(" ")), form


def test_a_date_is_read_only_in_the_forms_withhold_writes():
    assert date_keys("85 03 12".split()) == set()  # no year-month-day form with a short year is written
    assert date_keys("30 2 1985".split()) == set()
    assert date_keys("1985 12 03".split()) == {("D", "1985-12-03")}
    assert date_keys("1985 31 03".split()) == set()  # no year-day-month form is written


# ---- nothing in the file ----------------------------------------------------------------------------

def _variants() -> set[str]:
    """Every value of the test list as withhold writes it, and the values as listed."""
    out: set[str] = set()
    for p in PEOPLE:
        digits = canonical_a_number(p.a_number) or ""
        out |= {p.id, p.given, p.family, p.full, p.a_number, p.passport, p.nationality, digits, digits.lstrip("0")}
        out |= date_forms(p.dob)
        out |= corroborating_forms(None, (p.nationality,))
    return {v for v in out if v}


def test_the_sealed_file_holds_no_value_and_no_unkeyed_hash_of_one(list_path, assert_no_leak):
    path, _ = _seal(list_path)
    blob = path.read_bytes()
    records, _ = load(list_path, SETTINGS)
    values = _variants() | {form for r in records for _, form in strong_forms(r)}
    lowered = blob.lower()
    for value in values:
        for written in {value, normalize(value), value.replace(" ", ""), normalize(value).replace(" ", "")}:
            data = written.encode()
            assert data.lower() not in lowered, "a listed value is in the sealed file"
            for algorithm in ("sha256", "sha1", "md5", "blake2b", "blake2s", "sha512", "sha3_256"):
                digest = hashlib.new(algorithm, data).digest()
                for form in (digest, digest.hex().encode(), digest[:8], digest[:16]):
                    assert form not in blob, f"an unkeyed {algorithm} of a listed value is in the sealed file"
            for size in (8, 16, 32):
                assert hashlib.blake2b(data, digest_size=size).digest() not in blob
    assert_no_leak(blob)
    kept, _ = _seal(list_path, keep_ids=True)
    assert not any(p.id.encode() in kept.read_bytes() for p in PEOPLE)  # kept ids are encrypted


def test_a_sealed_list_is_never_pickled(sealed):
    with pytest.raises(TypeError):
        pickle.dumps(sealed)


# ---- the doors ----------------------------------------------------------------------------------------

def _scan(capsys, list_path: Path, site: Path) -> tuple[int, str, str]:
    code = main(["scan", "--list", str(list_path), "--identifier-column", "passport", "--no-progress", str(site)])
    out, err = capsys.readouterr()
    return code, out, err


def test_seal_then_scan_on_the_command_line(capsys, list_path, tmp_path, monkeypatch, assert_no_leak):
    monkeypatch.setenv("WITHHOLD_KEY", KEY)
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(tmp_path / "cache"))
    out, id_map = tmp_path / "laptop" / "protected.sealed", tmp_path / "ids.csv"
    out.parent.mkdir()
    code = main(["seal", str(list_path), "--out", str(out), "--identifier-column", "passport",
                 "--kdf-cost", str(KDF_COST), "--id-map", str(id_map), "--keep-ids"])
    sealed_out, sealed_err = capsys.readouterr()
    assert code == 0, sealed_err
    assert re.fullmatch(r"withhold: sealed 5 records \(\d+ patterns\) into \S+, \d+ bytes; .*\n", sealed_out)
    assert out.read_bytes().startswith(MAGIC)
    assert id_map.read_text() == "sealed_id,id\n"  # ids kept: nothing to map
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.md").write_text("line one\n\n  see Ana Paz here, 07/01/1990\n")
    (site / "b.md").write_text("a clean page\n")
    list_path.unlink()  # the laptop: only the sealed list and the key
    code, text, err = _scan(capsys, out, site)
    assert code == 1
    assert text.startswith(f"{site}/a.md:3:7: W001 protected name, record P00002 (A** P**) [critical: ")
    assert_no_leak(text, err, sealed_out, sealed_err)
    # The cache holds the clean files' keys, and nothing the key derives (no prepared list is pickled).
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".keys"]


def test_the_id_map_names_the_records_behind_opaque_ids(capsys, list_path, tmp_path, monkeypatch):
    monkeypatch.setenv("WITHHOLD_KEY", KEY)
    out, id_map = tmp_path / "protected.sealed", tmp_path / "ids.csv"
    assert main(["seal", str(list_path), "--out", str(out), "--identifier-column", "passport",
                 "--kdf-cost", str(KDF_COST), "--id-map", str(id_map)]) == 0
    capsys.readouterr()
    rows = dict(line.split(",") for line in id_map.read_text().splitlines()[1:])
    assert sorted(rows.values()) == [p.id for p in PEOPLE]
    assert id_map.stat().st_mode & 0o077 == 0
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.txt").write_text("Jean-Luc Dubois")
    code, text, _ = _scan(capsys, out, site)
    (opaque,) = re.findall(r"record (sealed-[0-9a-f]{6}-\d+) ", text)
    assert rows[opaque] == "P00003"


def test_the_hook_gives_the_same_lines_with_a_sealed_list(capsys, list_path, tmp_path, monkeypatch):
    monkeypatch.setenv("WITHHOLD_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    path, _ = _seal(list_path, keep_ids=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("---\ntitle: María José García López\n---\nAna Paz, 1990-07-01\n")
    (tmp_path / "docs" / "b.csv").write_text("id,name\n1,Dubois Jean Luc\n2,A-11-222-333\n")
    lines = []
    for listed in (list_path, path):
        code = main(["hook", "--list", str(listed), "--identifier-column", "passport", "docs/a.md", "docs/b.csv"])
        lines.append((code, capsys.readouterr().out))
    assert lines[0] == lines[1]
    assert lines[0][0] == 1 and lines[0][1].count("\n") == 4


def test_the_mkdocs_plugin_builds_against_a_sealed_list(tmp_path, list_path, assert_no_leak):
    from mkdocs_build_test import CLEAN_PAGES, assert_failed_cleanly, options
    from mkdocs_sites import errors, mkdocs, write_site

    path, _ = _seal(list_path, keep_ids=True)
    pages = {**CLEAN_PAGES, "case.md": "# Case\n\nThe detainee María José García López was moved.\n"}
    runs = [mkdocs(write_site(tmp_path / f"web{i}", pages, options(listed)), env={"WITHHOLD_KEY": KEY})
            for i, listed in enumerate((list_path, path))]
    assert_failed_cleanly(runs[1])
    assert errors(runs[1].stderr) == errors(runs[0].stderr)
    assert_no_leak(runs[1].stderr, runs[1].stdout)
    clean = mkdocs(write_site(tmp_path / "clean", CLEAN_PAGES, options(path)), env={"WITHHOLD_KEY": KEY})
    assert clean.returncode == 0, clean.stderr


# ---- refusals: exit 2, a clear message, never a clean pass ------------------------------------------

def _altered(blob: bytes, where: str) -> bytes:
    size = struct.unpack("<I", blob[len(MAGIC) : len(MAGIC) + 4])[0]
    head_end = len(MAGIC) + 4 + size
    header = blob[len(MAGIC) + 4 : head_end]
    if where == "body":
        at = head_end + 40
        return blob[:at] + bytes([blob[at] ^ 1]) + blob[at + 1 :]
    if where == "mac":
        return blob[:-1] + bytes([blob[-1] ^ 1])
    if where == "format":
        changed = header.replace(f'"format": {FORMAT}'.encode(), b'"format": 9')
    elif where == "version":
        changed = header.replace(b'"withhold": "', b'"withhold": "9')
        return blob[: len(MAGIC)] + struct.pack("<I", len(changed)) + changed + blob[head_end:]
    elif where == "salt":
        salt = json.loads(header)["salt"]
        changed = header.replace(salt.encode(), bytes(reversed(salt.encode())))
    else:
        changed = header.replace(b'"records": 5', b'"records": 6')
    assert changed != header
    return blob[: len(MAGIC) + 4] + changed + blob[head_end:]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong key", "WITHHOLD_KEY does not open the sealed list"),
        ("no key", "is sealed and WITHHOLD_KEY is not set: get the key from the team's secret store"),
        ("body", "has been altered or damaged (its authentication code does not match)"),
        ("mac", "has been altered or damaged"),
        ("count", "has been altered or damaged"),
        ("salt", "WITHHOLD_KEY does not open the sealed list"),
        ("truncated", "is truncated"),
        ("truncated header", "is truncated"),
        ("empty", "does not exist"),
        ("format", f"has format 9 and this withhold reads format {FORMAT}: seal the list again with this withhold"),
        ("version", "was sealed by withhold 9"),
        ("columns", "was sealed with identifier columns (passport)"),
    ],
)
def test_a_list_that_cannot_be_trusted_is_a_configuration_error(case, message, capsys, list_path, tmp_path,
                                                                monkeypatch, assert_no_leak):
    path, _ = _seal(list_path)
    blob = path.read_bytes()
    monkeypatch.setenv("WITHHOLD_KEY", KEY)
    if case == "wrong key":
        monkeypatch.setenv("WITHHOLD_KEY", KEY[::-1])
    elif case == "no key":
        monkeypatch.delenv("WITHHOLD_KEY")
    elif case == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif case == "truncated header":
        path.write_bytes(blob[: len(MAGIC) + 20])
    elif case == "empty":
        path.unlink()
    elif case != "columns":
        path.write_bytes(_altered(blob, case))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(_page("<p>Ana Paz</p>"))
    extra = [] if case == "columns" else ["--identifier-column", "passport"]
    code = main(["scan", "--list", str(path), *extra, str(site)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("withhold: error: ") and message in err, err
    assert_no_leak(err)


@pytest.mark.parametrize(
    ("key", "args", "message"),
    [
        (None, [], "WITHHOLD_KEY is not set: generate one on this machine, e.g. export WITHHOLD_KEY="),
        ("short-key", [], "WITHHOLD_KEY is too short to seal with"),
        (KEY, ["--kdf-cost", "4"], "the key derivation cost must be from 10 to 20"),
        (KEY, ["--out-is-list"], "--out names the plaintext list itself"),
        (KEY, ["--sealed"], "is sealed already; seal the plaintext list it came from"),
    ],
)
def test_seal_refuses_what_would_be_unsafe(key, args, message, capsys, list_path, tmp_path, monkeypatch):
    if key is None:
        monkeypatch.delenv("WITHHOLD_KEY", raising=False)
    else:
        monkeypatch.setenv("WITHHOLD_KEY", key)
    source, out = list_path, tmp_path / "out.sealed"
    if args == ["--out-is-list"]:
        args, out = [], list_path
    if args == ["--sealed"]:
        args, source = [], _seal(list_path)[0]
    before = list_path.read_bytes()
    code = main(["seal", str(source), "--out", str(out), "--identifier-column", "passport", *args])
    _, err = capsys.readouterr()
    assert code == 2 and message in err, err
    assert list_path.read_bytes() == before


def test_the_seal_options_match_docs():
    from withhold.cli import _parser

    doc = (Path(__file__).parent.parent / "docs" / "sealed-lists.md").read_text(encoding="utf-8")
    table = doc.split("### Options of `withhold seal`", 1)[1].split("\n\n", 2)[1]
    documented = {o for row in table.splitlines()[2:] for o in re.findall(r"`(--[a-z-]+)", row.split(" | ")[0])}
    sub = next(a for a in _parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    actual = {s for a in sub.choices["seal"]._actions for s in a.option_strings if s.startswith("--")} - {"--help"}
    assert documented | {"--no-cache"} == actual


# ---- the rules of issue 12, alike both ways ------------------------------------------------------------

def _forms_cases() -> dict[str, str]:
    from protected_middle_test import MIDDLE
    from protected_rows_test import ROWS
    from protected_scripts_test import NATIVE, SCRIPTS
    from protected_surname_dob_test import SURNAME_DOB
    from withhold.extract.html import reader_view

    tables = {"scripts": {k: v[0] for k, v in SCRIPTS.items()}, "middle": {k: v[0] for k, v in MIDDLE.items()},
              "surname dob": {k: v[0] for k, v in SURNAME_DOB.items()}, "rows": {k: v[0] for k, v in ROWS.items()},
              "native": {k: v[0] for k, v in NATIVE.items()}}
    return {f"{name}: {case}": reader_view(text) if text.startswith("<") else text
            for name, table in tables.items() for case, text in table.items()}


@pytest.fixture(scope="module")
def forms_lists(tmp_path_factory):
    from protected_forms import write_forms_list

    path = write_forms_list(tmp_path_factory.mktemp("secure") / "forms.csv", native=True)
    sealed_path, ids = _seal(path)
    return Protected.load(path, SETTINGS)[0], SealedProtected.load(sealed_path, SETTINGS, KEY)[0], ids


@pytest.mark.parametrize("case", sorted(_forms_cases()))
def test_scripts_partial_names_and_rows_give_the_same_hits_both_ways(case, forms_lists):
    plain, sealed, ids = forms_lists
    text = _forms_cases()[case]
    assert _hits(sealed, text, ids) == _hits(plain, text)
    severities = sorted(h.severity for h in plain.find(text))
    assert sorted(h.severity for h in sealed.find(text)) == severities


def test_generated_partial_names_give_the_same_hits_both_ways(tmp_path):
    """Generated people share given and family names: gaps and family names beside dates of several records."""
    people = generated(400, seed=13)
    path, ids = _seal(write_list(tmp_path / "many.csv", people))
    plain = Protected.load(tmp_path / "many.csv", SETTINGS)[0]
    sealed = SealedProtected.load(path, SETTINGS, KEY)[0]
    rng = random.Random(8)
    for _ in range(150):
        parts = []
        for p in rng.sample(people, 4):
            dob = rng.choice([p.dob, rng.choice(people).dob])
            parts.append(rng.choice([
                f"{p.given} M. {p.family}", f"{p.given} Other {p.family}", f"{p.family} (born {dob:%d %B %Y})",
                f"{p.family.split()[0]}, DOB {dob:%m/%d/%Y}", f"<tr><td>{p.given} {p.family}</td><td>{dob}</td></tr>",
                f"{p.given}\t{p.family}\t{dob:%d.%m.%Y}\n",
            ]))
        text = " lorem ipsum ".join(parts)
        assert _hits(sealed, text, ids) == _hits(plain, text)
