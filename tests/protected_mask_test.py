"""protected/mask.py: what a report may show of a matched identifier, or of a path that holds one.

Every person here is fictional (tests/people.py).
"""

from __future__ import annotations

import pytest

from withhold.protected.mask import MAX_EXCERPT, mask, mask_found, mask_spans


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Ana García-López", "A** G*****-L****"),  # each word: its first letter, then a star a letter
        ("María José", "M**** J***"),
        ("Søren Ærøskøbing", "S**** Æ*********"),
        ("A-123-456-789", "A-***-***-***"),  # every digit starred
        ("A012345678", "A*********"),
        ("1990-07-01", "****-**-**"),
        ("١٢٣", "***"),  # digits of any script
        ("x²", "*"),  # letters mixed with other numerals: nothing shown
        ("Ωμέγα 12", "Ω**** **"),
        ("日本", "日*"),
        ("a\tb\nc", "a b c"),  # whitespace of any kind is one space: no line break in an excerpt
        ("<b>&_", "<b>&_"),  # ASCII punctuation is kept
        ("Ana — Paz", "A**  P**"),  # non-ASCII symbols are dropped
        # invisible characters inside a word join it, as normalisation reads it: one letter shown, not two
        ("Gar\u2060\u2060\u2060cía", "G*****"),  # the HTML reader's joiner where "<b>" stood
        ("A\u2060\u2060na Paz", "A** P**"),  # a drop cap: "<span>A</span>na"
        ("Ana\u200bPaz", "A*****"),
        ("Gar\xadcía", "G*****"),
        ("é", "é"),
        ("", ""),
    ],
)
def test_mask(text, masked):
    assert mask(text) == masked


def test_a_long_excerpt_is_cut_at_the_limit():
    masked = mask("Ana Paz " * 12)
    assert (len(masked), masked) == (MAX_EXCERPT, "A** P** " * 9 + "A** P**…")
    assert mask("a" * MAX_EXCERPT) == "a" + "*" * (MAX_EXCERPT - 1)  # exactly the limit: not cut


@pytest.mark.parametrize(
    ("text", "spans", "masked"),
    [
        ("Dear Ana Paz, born 1990-07-01.", [(5, 12), (19, 29)], "Dear A** P**, born ****-**-**."),
        ("Dear Ana Paz, born 1990-07-01.", [(19, 29), (5, 12), (20, 22)], "Dear A** P**, born ****-**-**."),  # any order
        ("Ana Paz", [(0, 3), (3, 7)], "A** P**"),  # touching spans merge into one
        ("Ana Paz", [(0, 5), (4, 7)], "A** P**"),  # overlapping ones too
        ("Ana Paz", [(4, 7)], "Ana P**"),
        ("Ana Paz", [], "Ana Paz"),
    ],
)
def test_mask_spans(text, spans, masked):
    assert mask_spans(text, spans) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("people/ana-paz.html", "people/a**-p**.html"),
        ("files/Paz, Ana.pdf:3:1", "files/P**, A**.pdf:3:1"),
        ("docs/maria-jose-garcia-lopez/index.html", "docs/m****-j***-g*****-l****/index.html"),
        ("cases/A012345678.csv", "cases/A*********.csv"),
        ("reports/2023/q1.html", "reports/2023/q1.html"),  # nothing found: unchanged
        ("people/susana-pazos.html", "people/susana-pazos.html"),
    ],
)
def test_mask_found_masks_what_the_list_finds(protected, text, masked):
    assert mask_found(protected, text) == masked
