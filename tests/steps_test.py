"""Progress while preparing the list (steps the core reports, a door shows), and one cache for the three doors."""

from __future__ import annotations

import io
import re

import pytest

from people import PEOPLE
from withhold.cli import main
from withhold.protected.plaintext import Protected
from withhold.report.progress import Steps
from withhold.run.prepare import prepare


class Heard:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def __call__(self, what: str, done: int, total: int) -> None:
        self.calls.append((what, done, total))

    def steps(self) -> list[str]:
        return list(dict.fromkeys(re.sub(r"\d+", "N", w) for w, _, _ in self.calls))


def test_preparing_then_loading_the_cache_report_their_steps(list_path, tmp_path, monkeypatch):
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(tmp_path / "cache"))
    cold, warm = Heard(), Heard()
    prepare(str(list_path), None, {}, [], steps=cold)
    prepare(str(list_path), None, {}, [], steps=warm)
    assert cold.steps() == ["reading the protected list", "preparing the protected list: records",
                            "building the automaton (N patterns)"]
    assert ("preparing the protected list: records", len(PEOPLE), len(PEOPLE)) in cold.calls
    assert warm.steps() == ["loading the prepared list from the cache"]


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        ([("reading", 0, 0)], r"\rreading \.\.\. \d+\.\d s\n"),
        ([("records", 0, 2), ("records", 2, 2)],
         r"\rrecords \[\.{30}\] 0/2 \rrecords \[#{30}\] 2/2  \d+\.\d s\n"),
        ([("a", 0, 0), ("b", 0, 0)], r"\ra \.\.\. \d+\.\d s\n\rb \.\.\. \d+\.\d s\n"),
    ],
)
def test_steps_show_one_line_each_with_its_time(calls, expected):
    out = io.StringIO()
    steps = Steps(stream=out, every=0)
    for call in calls:
        steps(*call)
    steps.end()
    assert re.fullmatch(expected, out.getvalue())


def test_steps_not_shown_write_nothing():
    out = io.StringIO()
    steps = Steps(show=False, stream=out)
    steps("reading", 0, 0)
    steps.end()
    assert out.getvalue() == ""


def test_the_cli_hook_and_plugin_settings_share_one_prepared_list(list_path, tmp_path, monkeypatch):
    monkeypatch.setenv("WITHHOLD_CACHE_DIR", str(tmp_path / "cache"))
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>Nothing to see.</p>", encoding="utf-8")
    assert main(["scan", "--list", str(list_path), "--no-progress", str(page.parent)]) == 0
    built: list[int] = []
    real = Protected.load
    monkeypatch.setattr(Protected, "load", classmethod(lambda cls, *a, **k: built.append(1) or real(*a, **k)))
    assert main(["hook", "--list", str(list_path), str(page)]) == 0
    # the plugin's options (excludes, fail_on) differ from the CLI's: they do not change the list
    plugin = prepare(str(list_path), None, {"exclude": ["drafts/**"], "fail-on": "critical"}, [])
    assert built == [] and len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    assert plugin.protected.fingerprint != prepare(str(list_path), None, {}, []).protected.fingerprint
