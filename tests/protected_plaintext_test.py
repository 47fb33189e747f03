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
    assert protected._forms  # filled by the name hits
    copy = pickle.loads(pickle.dumps(protected))
    assert not copy._forms  # the cache holds what preparing made, not what a scan looked at
    assert copy.find(text) == protected.find(text)
    assert "_forms" not in pickle.dumps(protected).decode("latin-1")
