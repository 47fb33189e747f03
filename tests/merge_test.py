"""Sharding: N shards together find exactly what one scan finds, and the merge fails closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from people import PEOPLE
from withhold.cli import main


def _site(root: Path) -> Path:
    for i in range(60):
        folder = root / f"part-{i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        person = PEOPLE[i % len(PEOPLE)]
        body = f"{person.family}, {person.given}" if i % 7 == 0 else f"report {i}"
        (folder / f"page-{i}.html").write_text(f"<p>{body}</p>", encoding="utf-8")
    (root / "blob.bin").write_bytes(bytes(range(256)))
    return root


def _report(capsys, list_path: Path, site: Path, out: Path, *extra: str) -> dict:
    main(["scan", "--list", str(list_path), "--format", "json", "--output", str(out), *extra, str(site)])
    capsys.readouterr()
    return json.loads(out.read_text())


# Files per share of the 61-file site: shard_of hashes the relative path alone, so these are the
# same on every machine (and a change to them would split a running CI matrix differently).
ASSIGNED = {2: [26, 35], 3: [27, 16, 18], 7: [9, 8, 9, 11, 3, 12, 9]}


@pytest.mark.parametrize("count", sorted(ASSIGNED))
def test_shards_together_find_exactly_what_one_scan_finds(count, capsys, list_path, tmp_path):
    site = _site(tmp_path / "site")
    whole = _report(capsys, list_path, site, tmp_path / "whole.json")
    shards = [tmp_path / f"shard-{i}.json" for i in range(1, count + 1)]
    docs = [_report(capsys, list_path, site, path, "--shard", f"{i}/{count}") for i, path in enumerate(shards, 1)]
    assert [d["shard"]["assigned"] for d in docs] == ASSIGNED[count]
    assert [d["shard"]["files"] for d in docs] == [61] * count
    merged = tmp_path / "merged.json"
    assert main(["merge", "--format", "json", "--output", str(merged), *map(str, shards)]) == 1
    capsys.readouterr()
    result = json.loads(merged.read_text())
    key = lambda f: (f["path"], f["locator"], f["fingerprint"])  # noqa: E731
    assert sorted(map(key, result["findings"])) == sorted(map(key, whole["findings"]))
    assert sorted(c["path"] for c in result["coverage"]) == sorted(c["path"] for c in whole["coverage"])
    assert result["summary"] == whole["summary"]


def test_a_missing_shard_fails_the_merge(capsys, list_path, tmp_path):
    site = _site(tmp_path / "site")
    shards = [tmp_path / f"shard-{i}.json" for i in (1, 2, 3)]
    for i, path in enumerate(shards, 1):
        _report(capsys, list_path, site, path, "--shard", f"{i}/3")
    assert main(["merge", str(shards[0]), str(shards[2])]) == 2
    assert "shard(s) 2/3 missing" in capsys.readouterr().err
    assert main(["merge", str(shards[0]), str(shards[0]), str(shards[1]), str(shards[2])]) == 2
    assert "reported twice" in capsys.readouterr().err


def test_a_report_short_of_a_file_or_of_another_tree_fails_the_merge(capsys, list_path, tmp_path):
    site = _site(tmp_path / "site")
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    _report(capsys, list_path, site, one, "--shard", "1/2")
    (site / "part-0" / "new.html").write_text("<p>added between shards</p>")
    _report(capsys, list_path, site, two, "--shard", "2/2")
    assert main(["merge", str(one), str(two)]) == 2
    assert "disagree on the tree" in capsys.readouterr().err
    doc = json.loads(one.read_text())
    doc["coverage"].pop()
    one.write_text(json.dumps(doc))
    assert main(["merge", str(one)]) == 2
    assert "accounts for" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["0/2", "3/2", "x", "1/0"])
def test_bad_shard_option_exits_2(bad, capsys, list_path, tmp_path):
    assert main(["scan", "--list", str(list_path), "--shard", bad, str(tmp_path)]) == 2


# How each format writes one of the site's nine W001 findings.
W001_IN = {"text": "W001 protected name", "json": '"code": "W001"', "sarif": '"ruleId": "W001"',
           "html": "<code>W001</code>"}


@pytest.mark.parametrize("fmt", sorted(W001_IN))
def test_the_merged_report_holds_no_protected_value(fmt, capsys, list_path, tmp_path, assert_no_leak):
    site = _site(tmp_path / "site")
    shards = [tmp_path / f"shard-{i}.json" for i in (1, 2)]
    for i, path in enumerate(shards, 1):
        _report(capsys, list_path, site, path, "--shard", f"{i}/2")
    assert main(["merge", "--format", fmt, *map(str, shards)]) == 1
    out, err = capsys.readouterr()
    assert out.count(W001_IN[fmt]) == 9, out
    assert_no_leak(out, err, *(p.read_bytes() for p in shards))
