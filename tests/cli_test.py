from __future__ import annotations

from withhold.cli import main


def test_version(capsys):
    assert main(["--version"]) == 0
    assert "withhold" in capsys.readouterr().out
