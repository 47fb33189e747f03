from __future__ import annotations

from withhold.cli import main


def test_version(capsys):
    assert main(["--version"]) == 0
    assert "withhold" in capsys.readouterr().out


def test_leak_check_sees_a_planted_name(assert_no_leak):
    import pytest

    with pytest.raises(AssertionError):
        assert_no_leak("report: GARCÍA LÓPEZ, María José")
    assert_no_leak("report: G***** L****, M**** J*** record P00001")
