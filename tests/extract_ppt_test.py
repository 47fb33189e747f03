"""PowerPoint 97-2003 presentations: every text atom read and located, shortfall reported.

Built after MS-PPT by tests/legacy.py, and (where LibreOffice is installed) written by LibreOffice.
"""

from __future__ import annotations

import pytest

import attachments as A
import legacy as L
from people import PEOPLE

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE


def _deck(**kwargs: object) -> bytes:
    return L.ppt(slide=ANA.full, notes=f"remember {JEAN.full}", comment=SOREN.full, user=MARIA.full, **kwargs)


@pytest.mark.parametrize(
    ("locator", "record"),
    [("#slide-1", "P00002"), ("#notes-1", "P00003"), ("#comment", "P00005"), ("#current-user", "P00001"),
     ("#properties", "P00004")],
)
def test_every_text_of_a_powerpoint_97_deck_is_read(protected, locator, record):
    result = A.scan("deck.ppt", _deck(), protected)
    assert (locator, record) in A.places(result)
    assert A.statuses(result)["deck.ppt"] == ("examined", "")


def test_an_unlisted_name_in_a_deck_is_clean(protected):
    result = A.scan("deck.ppt", L.ppt(slide="Ana Roe", notes="Paz", user="clerk"), protected)
    assert [f for f in result.findings if f.records[0] != "P00004"] == []
    assert A.statuses(result)["deck.ppt"] == ("examined", "")


@pytest.mark.parametrize(
    ("make", "reason"),
    [(lambda: _deck(cut=60), "incomplete"), (lambda: _deck(persist_offset=7), "incomplete")],
    ids=["document stream cut short", "persist directory points at no record"],
)
def test_a_deck_that_cannot_be_read_whole_is_reported_with_its_findings(protected, make, reason):
    result = A.scan("deck.ppt", make(), protected)
    assert A.statuses(result)["deck.ppt"] == ("not examined", reason)
    assert ("#current-user", "P00001") in A.places(result)


@pytest.fixture(scope="module")
def libreoffice_ppt(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if L.soffice() is None:
        pytest.skip("LibreOffice is not installed (make test installs it when root)")
    return L.convert({"deck.pptx": A.pptx()}, "ppt", tmp_path_factory.mktemp("lo"))["deck.pptx"]


@pytest.mark.parametrize(("locator", "record"), [("#slide-2", "P00002"), ("#notes-2", "P00003"), ("#properties", "P00004")])
def test_a_deck_libreoffice_writes_is_read(protected, libreoffice_ppt, locator, record):
    result = A.scan("deck.ppt", libreoffice_ppt, protected)
    assert (locator, record) in A.places(result)
    assert A.statuses(result)["deck.ppt"] == ("examined", "")
