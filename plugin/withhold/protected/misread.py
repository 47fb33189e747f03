"""Names read from pixels with one character wrong: the forms a picture's text holds but for one letter.

OCR misreads without hesitating: RapidOCR read "Ærøskøbing" as "Erøskøbing" at 0.96, and the
Greek script model reads Δ as Λ; a picture holding a name then passed as examined (issue 11).
In text read from pixels (extract.base.Segment.misread), a list therefore also looks for each of
its forms written with one character wrong in one word: one letter replaced (a digit read for
a letter too: "Dan1el"), left out or added. The rule, the same for a plaintext and a sealed list:

- only where the text as read matched nothing: a word inside an exact hit is never changed, so
  "Maria Lopez" read as written does not also become a listed "Marta Lopez";
- only in a word of at least MIN_LETTERS characters, all letters but at most one: a short word
  one letter from a listed one is too often another name ("Zhang", "Zheng"; "Anne", "Anna");
- one change per form, of two words or more: every other word of it is read exactly as the list
  writes it (a name written as one word, as Han names are, is matched only as written);
- names only: an A-number with one digit wrong is another number.

A space read inside a word is such a change too: Tesseract's Greek model read ΠΑΠΑΔΌΠΟΥΛΟΣ as
"ΠΑΠΑΔΌ ΠΟΥΛΟΣ" at 0.91. Two words side by side, neither inside an exact hit, are read as one
where that word is long enough (the rule above, on the two together), and a form of two words or
more holds it as written.

The change is made to the normalised word, with the letters of its own scripts
(skeleton.alphabet), and the word is then matched through its skeleton like any text, so a Greek
Λ read for Δ meets the romanised list. A hit found so is a name finding like any other,
corroborated the same way; its locator says that one character was read differently.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from withhold.protected.hits import TextHit, from_skeleton, resolve_hits
from withhold.protected.matcher import Hit
from withhold.protected.sealfile import MAX_WORDS
from withhold.text.normalize import TokenSpans
from withhold.text.skeleton import alphabet, of_token
from withhold.text.spans import token_starts

# Characters a word read from pixels needs before a one-character change is tried. Short names differ
# from other people's by one letter all the time (Zhang, Zheng, Zhong; Anna, Anne).
MIN_LETTERS = 6
NOTE = " (read from pixels; one character differs from the list)"

# A list's forms that hold word i of skel_words: (first word, last word, key) of each. change=True:
# word i once changed, for the normalised word as read; False: word i as it stands (two words read
# as one, made here).
Forms = Callable[[list[str], int, str, bool], Iterator[tuple[int, int, int]]]


def eligible(word: str) -> bool:
    """Return True for a normalised word a change may be tried in: long enough, letters but at most one."""
    return len(word) >= MIN_LETTERS and sum(not c.isalpha() for c in word) <= 1


def variants(word: str) -> Iterator[str]:
    """Yield the skeleton of every word one change from a normalised word (repeats possible)."""
    letters = alphabet(word)
    for i in range(len(word)):
        head, tail = word[:i], word[i + 1 :]
        yield of_token(head + tail)
        for c in letters:
            if c != word[i]:
                yield of_token(head + c + tail)
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        for c in letters:
            yield of_token(head + c + tail)


def near(word: str, listed: Callable[[str], bool]) -> tuple[str, ...]:
    """Return the skeletons one change from a normalised word for which listed() holds, each once."""
    return tuple(dict.fromkeys(skel for skel in variants(word) if listed(skel)))


def word_at(offsets: list[int], offset: int) -> int:
    """Return the index of the word an offset of a text falls in (offsets: spans.token_starts of it)."""
    return bisect.bisect_right(offsets, offset) - 1


def find(index: Any, text: str, norm: str, skel: str, exact: list[Hit], forms: Forms,
         spans: Sequence[tuple[int, int]] | None) -> list[TextHit]:
    """Return the name hits of forms read with one character wrong (the module's rule), in text's offsets.

    exact: the hits of the text as read, at norm's offsets; forms: the list's own search.
    """
    norm_words, skel_words = norm.split(" "), skel.split(" ")
    norm_starts, skel_starts = token_starts(norm), token_starts(skel)
    taken: set[int] = set()
    for hit in exact:
        taken.update(range(word_at(norm_starts, hit.start), word_at(norm_starts, max(hit.end - 1, hit.start)) + 1))
    found: dict[tuple[int, int, int], None] = {}
    for i, word in enumerate(norm_words):
        if i not in taken and eligible(word):
            found.update(dict.fromkeys(form for form in forms(skel_words, i, word, True) if form[0] < form[1]))
    for i in range(len(norm_words) - 1):  # a space read inside a word: words i and i + 1 as one
        joined = norm_words[i] + norm_words[i + 1]
        if i in taken or i + 1 in taken or not eligible(joined):
            continue
        lo = max(0, i - MAX_WORDS + 1)
        window = [*skel_words[lo:i], of_token(joined), *skel_words[i + 2 : i + MAX_WORDS + 1]]
        # In the window, the words after the one made of two stand one place before they do in the text.
        found.update(dict.fromkeys((lo + first, lo + last + 1, key)
                                   for first, last, key in forms(window, i - lo, joined, False) if first < last))
    if not found:
        return []
    hits = [Hit(skel_starts[first], skel_starts[last] + len(skel_words[last]), key) for first, last, key in found]
    hits = from_skeleton(hits, skel, norm)
    resolved = resolve_hits(index, text, norm, hits, TokenSpans(text) if spans is None else spans)
    return [hit._replace(misread=True) for hit in resolved if hit.kind == "name"]
