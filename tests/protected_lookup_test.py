"""The trie a hook matches with finds exactly the automaton's hits, in its order; Deferred loads the automaton when it pays."""

from __future__ import annotations

import io
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withhold.protected.lookup import AutomatonApart, Deferred, Lookup
from withhold.protected.matcher import Automaton

# Few letters and many spaces: patterns overlap, nest, share ends, hold double spaces or are empty.
TEXT = st.text(alphabet="ab éc ", max_size=40)
PATTERNS = st.lists(st.text(alphabet="ab éc ", max_size=8), max_size=12, unique=True)


@settings(max_examples=400, deadline=None)
@given(PATTERNS, st.lists(TEXT, max_size=4))
def test_the_lookup_finds_what_the_automaton_finds(patterns, texts):
    automaton = Automaton(patterns)
    lookup = Lookup.of(automaton)
    for text in texts:
        assert list(lookup.find(text)) == list(automaton.find(text))


@pytest.mark.parametrize(("patterns", "text"), [
    (["ana paz", "paz", "ana"], "dona ana paz de la paz"),
    (["maria jose garcia lopez", "garcia lopez", "jose garcia"], "la maria jose garcia lopez y jose garcia"),
    (["x"], "x x x"),
    ([], "nothing at all"),
    (["susana"], "susanapazos susana"),
])
def test_the_lookup_round_trips_and_agrees(patterns, text):
    automaton = Automaton(patterns)
    sink = io.BytesIO()
    Lookup.of(automaton).dump(sink)
    lookup = Lookup.loads(sink.getvalue())
    assert lookup.size == automaton.size
    assert list(lookup.find(text)) == list(automaton.find(text))


@settings(max_examples=200, deadline=None)
@given(PATTERNS)
def test_a_lookup_made_from_the_patterns_is_the_lookup_of_their_automaton(patterns):
    automaton = Automaton(patterns)
    made, of = Lookup.of_patterns(patterns), Lookup.of(automaton)
    assert (made.trie.tobytes(), made.pids, made.longest) == (of.trie.tobytes(), of.pids, of.longest)


def test_the_lookup_made_beside_an_automaton_is_kept_apart_never_in_its_pickle():
    automaton = Automaton(["ana paz", "paz ana"])
    automaton.lookup = Lookup.of_patterns(["ana paz", "paz ana"])
    kept = pickle.loads(pickle.dumps(automaton))
    assert kept.lookup is None and list(kept.find("ana paz ana")) == list(automaton.find("ana paz ana"))
    sinks = {name: io.BytesIO() for name in ("automaton", "lookup")}
    for name, write in AutomatonApart().parts(automaton).items():
        write(sinks[name])
    assert Lookup.loads(sinks["lookup"].getvalue()).trie.tobytes() == automaton.lookup.trie.tobytes()


class Loads:
    def __init__(self, automaton: Automaton | None) -> None:
        self.automaton, self.calls = automaton, 0

    def __call__(self) -> Automaton | None:
        self.calls += 1
        return self.automaton


@pytest.mark.parametrize(("budget", "texts", "calls", "loaded"), [
    (100, ["ana paz " * 5], 0, False),  # within the budget: the trie alone
    (10, ["ana paz " * 5, "ana paz"], 1, True),  # past it: loaded once, then the automaton matches
    (10, ["ana paz " * 5, "ana paz", "paz"], 1, True),
])
def test_deferred_loads_the_automaton_once_the_text_pays_for_it(budget, texts, calls, loaded):
    automaton = Automaton(["ana paz", "paz"])
    load = Loads(automaton)
    deferred = Deferred(Lookup.of(automaton), load, budget)
    for text in texts:
        assert list(deferred.find(text)) == list(automaton.find(text))
    assert (load.calls, deferred.loaded) == (calls, loaded)


def test_deferred_goes_on_with_the_trie_when_the_automaton_cannot_be_loaded():
    automaton = Automaton(["ana paz"])
    deferred = Deferred(Lookup.of(automaton), Loads(None), 0)
    assert list(deferred.find("la ana paz")) == list(automaton.find("la ana paz"))
    assert not deferred.loaded


def _sections(automaton: Automaton) -> dict[str, bytes]:
    out = {}
    for name, write in AutomatonApart().parts(automaton).items():
        sink = io.BytesIO()
        write(sink)
        out[name] = sink.getvalue()
    return out


@pytest.mark.parametrize("lazy", [False, True])
def test_the_apart_automaton_comes_back_whole(lazy):
    automaton = Automaton(["ana paz", "maria garcia"])
    sections = _sections(automaton)
    read: list[str] = []

    def reader(name: str) -> bytes | None:
        read.append(name)
        return sections.get(name)

    back = AutomatonApart().join(reader, lambda name: len(sections[name]), lazy)
    assert list(back.find("ana paz y maria garcia")) == list(automaton.find("ana paz y maria garcia"))
    assert read == (["lookup"] if lazy else ["automaton"])  # a lazy run never read the automaton here


def test_only_an_automaton_is_kept_apart():
    assert AutomatonApart().parts(["ana paz"]) is None
    with pytest.raises(ValueError):
        AutomatonApart().join(lambda name: None, lambda name: 0, False)
