"""nearby.dates_near() reads only the dates in reach of a family name: held to dated() over the whole text."""

from __future__ import annotations

import random

import pytest

from protected_dates_test import _text
from withhold.protected.dates import dated
from withhold.protected.nearby import dates_near
from withhold.protected.partial import WITHIN


@pytest.mark.parametrize("seed", range(8))
def test_dates_near_reads_every_date_a_name_in_reach_could_pair_with(seed: int) -> None:
    rng = random.Random(300 + seed)
    for _ in range(300):
        tokens = _text(rng)
        named = sorted(rng.sample(range(len(tokens)), rng.randrange(0, min(4, len(tokens)) + 1)))
        # births() pairs a date [a, b) with a name starting at p, a - WITHIN <= p < b + WITHIN
        expected = {d for d in dated(tokens) if any(d[0] - WITHIN <= p < d[1] + WITHIN for p in named)}
        got = dates_near(" ".join(tokens), named, WITHIN)
        assert expected <= got, (tokens, named)
        assert all(any(a - WITHIN <= p <= a + 8 for p in named) for a, _, _ in got), (tokens, named)
