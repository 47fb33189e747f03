"""The README stays honest: every option it lists for `withhold scan` exists, and the reverse."""

from __future__ import annotations

import re
from pathlib import Path

from withhold.cli import _parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#)", README, re.MULTILINE | re.DOTALL)
    assert match, title
    return match.group(1)


def _subparser(name: str):
    parser = _parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices[name]


def test_scan_options_match_the_readme():
    documented = set(re.findall(r"^\| `(--[a-z-]+)", _section("Options of `withhold scan`"), re.MULTILINE))
    actual = {s for a in _subparser("scan")._actions for s in a.option_strings if s.startswith("--")} - {"--help"}
    assert documented == actual


def test_exit_codes_match_the_readme():
    from withhold import errors

    rows = dict(re.findall(r"^\| (\d) \| (.*?) \|$", _section("Exit codes"), re.MULTILINE))
    assert set(rows) == {str(errors.EXIT_CLEAN), str(errors.EXIT_FINDINGS), str(errors.EXIT_CONFIG),
                         str(errors.EXIT_INTERNAL)}


def test_codes_match_the_readme():
    from withhold.findings import CODES

    documented = set(re.findall(r"^\| (W\d{3}) \|", README, re.MULTILINE))
    assert documented == {code for code, _ in CODES.values()}


def test_config_keys_in_the_readme_exist():
    from withhold.settings import _KEYS, ADAPTER_KEYS

    block = README.split("## Configuration", 1)[1].split("##", 1)[0]
    keys = set(re.findall(r"^    ([a-z-]+) = ", block, re.MULTILINE)) | set(re.findall(r"`([a-z]+-[a-z-]+)`", block))
    assert keys <= set(_KEYS) | set(ADAPTER_KEYS)
