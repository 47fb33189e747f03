"""dates.dated() checks a date's form without writing out its forms: held to the membership test it stands for.
dates.dates_in() reads a stretch only where a date may start: held to date_keys() over all its tokens."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from withhold.protected.dates import _MONTH, _date, birth_date_keys, date_keys, dated, dates_from, dates_in, day_forms
from withhold.protected.variants import date_forms


def reference(tokens: list[str]) -> list[tuple[int, int, tuple[str, str]]]:
    """dated() as it was: every candidate looked up in date_forms() of its date."""
    found: list[tuple[int, int, tuple[str, str]]] = []

    def full(at: int, size: int, year: str, month: str | int, day: str) -> None:
        date = _date(year, month, day)
        if date is not None and " ".join(tokens[at : at + size]) in date_forms(date):
            found.append((at, at + size, ("D", date.isoformat())))

    def short(at: int, yy: str, month: str | int, day: str) -> None:
        date = _date(f"20{yy}", month, day) if len(yy) == 2 else None
        if date is not None and " ".join(tokens[at : at + 3]) in date_forms(date):
            found.append((at, at + 3, ("Y", f"{date.month:02d}-{date.day:02d}-{yy}")))

    count = len(tokens)
    for i, a in enumerate(tokens):
        if len(a) == 8 and a.isdigit():
            full(i, 1, a[:4], a[4:6], a[6:])
            full(i, 1, a[4:], a[2:4], a[:2])
            full(i, 1, a[4:], a[:2], a[2:4])
        if i + 2 >= count:
            continue
        b, c = tokens[i + 1], tokens[i + 2]
        full(i, 3, a, b, c)
        full(i, 3, c, b, a)
        full(i, 3, c, a, b)
        short(i, c, b, a)
        short(i, c, a, b)
        if b in _MONTH:
            full(i, 3, c, _MONTH[b], a)
            short(i, c, _MONTH[b], a)
        if a in _MONTH:
            full(i, 3, c, _MONTH[a], b)
        if i + 4 < count and b == "de" and tokens[i + 3] == "de" and c in _MONTH:
            full(i, 5, tokens[i + 4], _MONTH[c], a)
    return found


# Other scripts' digits pass str.isdigit() and int(), and are no form date_forms() writes.
_ODD = ["\u0663", "\u0967\u0968", "\uff11\uff12", "00", "0", "13", "32", "29", "0000", "1", "de", "x", "may"]


def _sample(rng: random.Random) -> list[str]:
    date = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(0, 200 * 366))
    tokens = rng.choice(sorted(date_forms(date))).split(" ")
    noise = [rng.choice(_ODD) for _ in range(rng.randrange(0, 4))]
    out = noise[: len(noise) // 2] + tokens + noise[len(noise) // 2 :]
    if rng.random() < 0.3:  # a digit of another script in place of one of the date's tokens
        i = rng.randrange(len(out))
        out[i] = "".join(chr(0x0660 + int(ch)) if ch.isdigit() else ch for ch in out[i])
    return out


@pytest.mark.parametrize("seed", range(8))
def test_dated_finds_what_the_forms_say(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        tokens = _sample(rng)
        assert dated(tokens) == reference(tokens), tokens


@pytest.mark.parametrize("text", [
    "19850307", "07031985", "03071985", "1985 3 7", "7 march 1985", "7 de marzo de 1985", "mar 7 85",
    "29 02 00", "02 29 00", "\u0663 3 1985", "7 \u0663 1985", "1985 03 \u0667", "30 02 1985", "7 sept 1985",
])
def test_dated_cases(text: str) -> None:
    tokens = text.split(" ")
    assert dated(tokens) == reference(tokens)


@pytest.mark.parametrize("seed", range(8))
def test_dates_in_reads_what_date_keys_reads(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(300):
        tokens = [t for _ in range(rng.randrange(1, 4)) for t in _sample(rng) + rng.sample(_ODD, 2)]
        stretch = " ".join(tokens)
        assert dates_in(stretch) == date_keys(tokens), stretch
        assert dates_in(f" {stretch} ") == date_keys(tokens), stretch


def test_dates_in_finds_every_form_of_a_date() -> None:
    rng = random.Random(5)
    for _ in range(200):
        date = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(0, 200 * 366))
        for form in date_forms(date):
            keys = dates_in(f" roe was born {form} in town ")
            assert ("D", date.isoformat()) in keys or ("Y", f"{date.month:02d}-{date.day:02d}-{date.year % 100:02d}") in keys, form


def _text(rng: random.Random) -> list[str]:
    words = ["roe", "paz", "born", "on", "de", "x"]
    return [t for _ in range(rng.randrange(1, 6))
            for t in _sample(rng) + [rng.choice(words + _ODD) for _ in range(rng.randrange(0, 9))]]


@pytest.mark.parametrize("seed", range(8))
def test_dates_are_read_where_they_start(seed: int) -> None:
    rng = random.Random(200 + seed)
    for _ in range(300):
        tokens = _text(rng)
        norm = " ".join(tokens)
        read = [(at, at + size, key) for at, found in dates_from(norm, [(0, len(tokens))]) for size, key in found]
        assert sorted(set(read)) == sorted(set(dated(tokens))), norm




def test_the_remembered_forms_of_a_day_are_its_birth_date_keys() -> None:
    rng = random.Random(13)
    for ordinal in [1, dt.date.max.toordinal(), *(rng.randrange(1, dt.date.max.toordinal()) for _ in range(2000))]:
        day = dt.date.fromordinal(ordinal)
        assert {("D", day_forms(ordinal)[0]), ("Y", day_forms(ordinal)[1])} == birth_date_keys(day)
