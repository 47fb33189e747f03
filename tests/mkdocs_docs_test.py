"""docs/mkdocs.md stays honest: every option it lists exists in the plugin's config, and the reverse."""

from __future__ import annotations

import re
from pathlib import Path

from withhold.mkdocs_plugin.config import WithholdConfig
from withhold.report.formats import FORMATS

DOC = (Path(__file__).parent.parent / "docs" / "mkdocs.md").read_text(encoding="utf-8")


def test_every_option_is_documented_and_every_documented_option_exists():
    table = DOC.split("## Options", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, re.MULTILINE))
    assert documented == {name for name, _ in WithholdConfig._schema}


def test_report_formats_are_the_cores():
    row = next(line for line in DOC.splitlines() if line.startswith("| `report_format`"))
    assert set(re.findall(r"`([a-z]+)`", row)) - {"report_format"} == set(FORMATS)
