"""The plaintext list's memo of corroborating forms: used by every name hit, never written into the cache."""

from __future__ import annotations

import pickle

import pytest

from withhold.protected.plaintext import Protected


@pytest.mark.parametrize("text, corroborated", [
    ("María José García López, born 12/03/1985, Fictionland.", True),
    ("María José García López\t1985-03-12\tA012345678", True),
    ("María José García López, born 1 July 1990.", False),
    ("Ana Paz (Utopia) and Søren Ærøskøbing, 29 February 1968", True),
])
def test_forms_memo_stays_out_of_the_pickle(protected: Protected, text: str, corroborated: bool) -> None:
    first = [h for h in protected.find(text) if h.kind == "name"]
    assert first and first[0].corroborated is corroborated
    protected._forms[next(iter(protected._context))]  # a record's context forms, as a name hit beside them reads them
    assert protected._forms
    copy = pickle.loads(pickle.dumps(protected))
    assert not copy._forms  # the cache holds what preparing made, not what a scan looked at
    assert copy.find(text) == protected.find(text)
    assert "_forms" not in pickle.dumps(protected).decode("latin-1")


def _held(protected: Protected) -> dict[str, object]:
    """Return what a prepared list holds, pattern ids aside: each pattern with its meaning, every table and key."""
    automaton = protected.automaton._automaton
    return {
        "patterns": sorted((word, protected.meaning(pid)) for word, pid in automaton.items()),
        "tables": {name: list(values) for name, values in protected.partial.tables.items()},
        "keys": [protected.record_key(i) for i in range(len(protected._dobs))],
        "ids": [protected.record_id(i) for i in range(len(protected._dobs))],
        "rest": (list(protected._dobs), protected._context, list(protected.a_numbers._numbers), protected.pattern_count),
    }


def test_a_list_prepared_on_two_cores_is_the_list_prepared_on_one(tmp_path, monkeypatch) -> None:
    from people import generated, write_list
    from withhold.protected import plaintext
    from withhold.settings import Settings

    path = write_list(tmp_path / "list.csv", generated(400))
    settings = Settings(identifier_columns=("passport",), context_columns=("nationality",))
    one, _ = Protected.load(path, settings)
    monkeypatch.setattr(plaintext, "FORK_FROM", 0)
    monkeypatch.setattr(plaintext, "_cores", lambda: 2)
    assert plaintext._forks(400)
    two, _ = Protected.load(path, settings)
    assert _held(two) == _held(one)
