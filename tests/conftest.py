"""Shared fixtures. Every person in these tests is fictional (tests/people.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from people import PEOPLE, write_list  # noqa: E402
from withhold.protected.plaintext import Protected  # noqa: E402
from withhold.protected.variants import date_forms  # noqa: E402
from withhold.protected.watchlist import canonical_a_number  # noqa: E402
from withhold.settings import Settings  # noqa: E402
from withhold.text.normalize import normalize  # noqa: E402

SETTINGS = Settings(identifier_columns=("passport",))


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the prepared-list cache of every test (and of what tests run) out of the user's cache."""
    import os

    before = os.environ.get("WITHHOLD_CACHE_DIR")
    os.environ["WITHHOLD_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache") / "withhold")
    yield
    if before is None:
        os.environ.pop("WITHHOLD_CACHE_DIR", None)
    else:
        os.environ["WITHHOLD_CACHE_DIR"] = before


@pytest.fixture
def list_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic protected list in its own folder, outside any site tree."""
    return write_list(tmp_path_factory.mktemp("secure") / "protected.csv", PEOPLE)


@pytest.fixture
def protected(list_path: Path) -> Protected:
    return Protected.load(list_path, SETTINGS)[0]


def leaks(blob: bytes | str, people=PEOPLE) -> list[str]:
    """Return descriptions (ids and kinds, never values) of every listed value found in blob.

    Checks the raw text (case-insensitive), the normalised text with withhold's own matcher (every
    written variant of names, A-numbers and identifiers), and birth dates in every written form.
    """
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    found = []
    lowered = text.lower()
    norm = f" {normalize(text)} "
    # Digit runs standing alone (grouped with spaces, dashes or dots), not digits inside hex or words.
    digits = " ".join(re.sub(r"\D", "", run) for run in re.findall(r"(?<![A-Za-z0-9])\d[\d .-]*\d(?![A-Za-z0-9])", text))
    for p in people:
        for value, kind in ((p.given + " " + p.family, "name"), (p.family + ", " + p.given, "name"),
                            (p.a_number, "a_number"), (p.passport, "passport")):
            if value.lower() in lowered:
                found.append(f"{p.id} {kind} (raw)")
        canonical = canonical_a_number(p.a_number)
        if canonical and (canonical in digits or canonical.lstrip("0") in digits):
            found.append(f"{p.id} a_number digits")
        for form in date_forms(p.dob):
            if f" {form} " in norm:
                found.append(f"{p.id} dob")
                break
    sealed = Protected(_records(people), SETTINGS, b"leak-check")
    for hit in sealed.find(text):
        found.append(f"{hit.kind} of {[sealed.record_id(r) for r in hit.records]}")
    return found


def _records(people):
    from withhold.protected.watchlist import Record

    return [Record(p.id, i, "", p.given, p.family, p.dob, canonical_a_number(p.a_number) or "",
                   (("passport", p.passport),), (p.nationality,)) for i, p in enumerate(people)]


@pytest.fixture
def assert_no_leak():
    def check(*blobs: bytes | str) -> None:
        for blob in blobs:
            found = leaks(blob)
            assert not found, f"protected values leaked: {found}"

    return check
