"""Code and markup in text: where tokens are joined as identifiers or tags, not as the words of a name.

Normalisation makes every non-letter a separator, so `Math.max,ye`, `lunr.da.min.js`, `</li> <li>`
and `new Ro(Po)` read as words side by side. These rules say, on the original text, when the
tokens of a hit are joined the way code or markup joins them; such a hit is no name (the rules
are specified in docs/normalization.md, "Code and markup"):

- a dot with a letter or digit on both sides and no space joins one dotted identifier (`a.b.c`,
  `xx.min.js`), except after an initial (`A.Paz`) and in an e-mail address (`ana.paz@...`);
- brackets, `=`, `<`, `>`, `$` or a backtick between two tokens, with no space, join code;
- a break the reader put between identifiers (the class names of an HTML `class` list) is kept;
- a word right after a dot that follows punctuation opens a CSS class selector (`}.fa-li{`);
- a tag's name (`<li>`, `</li>`, `&lt;li&gt;`) or an attribute's name (`class=`) is markup;
- in minified code (a stretch dense in `;{}()=` with almost no spaces), only the text inside a
  string literal or a comment is text: identifiers and keywords there never form a name, nor
  do the words of a string that is a list of lower-case words (a language pack's stop words).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from withhold.text.spans import LINE_END, NAME_BREAK

_DOT = "."
_OPERATORS = frozenset("()[]{}=<>$`")
_EMAIL_TAIL = re.compile(r"[A-Za-z0-9._%+-]{0,64}@[A-Za-z0-9-]")
_TAG_BEFORE = ("<", "</", "<\\/", "&lt;", "&lt;/")
_TAG_NAME_END = frozenset(" \t\r\n>/\\&")
_ATTRIBUTE_AFTER = re.compile(r"\s{0,3}=\s{0,3}\\?[\"']")
_CODE_MARKS = ";{}()="
_DATA_VALUE = re.compile(r"[\"']\s*:\s*[\"']?\Z")
VOCABULARY_WORDS = 20
_WORD_LIST = re.compile(r"(?:[^\W\d_]++[.'-]?|[ ])++")  # possessive: no backtracking on a near miss
CODE_REACH = 100  # characters either side of a hit looked at to tell minified code from text
_SPACE = re.compile(r"\s")
# What ends a stretch of plain code for the lexer: a quote, a slash (comment, regex or division).
_CODE_STOP = re.compile(r"[\"'`/]")
_STRING_END = {q: re.compile(rf"(?:[^{q}\\\n]|\\.)*(?:{q}|\Z|(?=\n))", re.DOTALL) for q in "\"'"}
_TEMPLATE_END = re.compile(r"(?:[^`\\]|\\.)*(?:`|\Z)", re.DOTALL)
_LAST_WORD = re.compile(r"[A-Za-z0-9_$]+\Z")
_BEFORE_REGEX = frozenset("return typeof case do else in of void yield await delete throw new instanceof".split())
_REGEX_END = re.compile(r"(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])*(?:/|\Z|(?=\n))")


class CodeView:
    """One text read for code and markup: which hits its separators join as code (the rules above).

    Made once per text that has hits; the string literals and comments of each stretch of code are
    found once, when a hit first stands in minified code there.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._texts: dict[int, tuple[list[int], list[int]]] = {}  # stretch start -> its text intervals

    def joined(self, spans: Sequence[tuple[int, int]]) -> bool:
        """Return True when the tokens at spans (their offsets in text, in order) are joined as code or markup."""
        text = self.text
        for (_, left_end), (right_start, _) in zip(spans, spans[1:]):
            gap = text[left_end:right_start]
            if gap == _DOT and not _initial(text, spans, left_end) and not _EMAIL_TAIL.match(text, right_start):
                return True
            if not _SPACE.search(gap) and any(c in _OPERATORS for c in gap):
                return True
            if NAME_BREAK in gap:
                return True
        if any(markup_token(text, start, end) for start, end in spans) or _selector(text, spans[0][0]):
            return True
        start, end = spans[0][0], spans[-1][1]
        if minified(text, start, end):
            inside = self.text_of_code(start, end)
            return inside is None or vocabulary(text[inside[0] + 1 : inside[1] - 1])
        # Deep inside a long list of words the code around is out of sight: look for it only
        # where lower-case words and spaces surround the hit up to a quote.
        if _in_word_list(text, start, end):
            inside = self.text_of_code(start, end)
            if inside is None:
                return False
            line_start = text.rfind("\n", 0, inside[0]) + 1
            code_before = text[max(line_start, inside[0] - 2 * CODE_REACH) : inside[0]]
            return code_like(code_before) and vocabulary(text[inside[0] + 1 : inside[1] - 1])
        return False

    def text_of_code(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the string literal or comment of the code around [start, end) that holds it whole, if any."""
        stretch = self.text.rfind(LINE_END, 0, start) + 1
        if stretch not in self._texts:
            intervals = text_intervals(self.text, stretch)
            self._texts[stretch] = ([a for a, _ in intervals], [b for _, b in intervals])
        starts, ends = self._texts[stretch]
        i = bisect.bisect_right(starts, start) - 1
        return (starts[i], ends[i]) if i >= 0 and end <= ends[i] else None


def _in_word_list(text: str, start: int, end: int) -> bool:
    hit = text[start:end]
    if hit.istitle() or hit.isupper():
        return False  # a capital in the hit: no run of lower-case words holds it (near.islower() below)
    before = text[max(0, start - CODE_REACH) : start]
    after = text[end : end + CODE_REACH]
    before = before[max(before.rfind(q) for q in "\"'`") + 1 :]
    after = after[: min((i for i in (after.find(q) for q in "\"'`") if i >= 0), default=len(after))]
    near = f"{before}{hit}{after}"
    return near.islower() and _WORD_LIST.fullmatch(near) is not None


def vocabulary(literal: str) -> bool:
    """Return True when a string literal of code is a list of words (stop words, keywords), not text.

    At least VOCABULARY_WORDS words split by spaces, no capital and no digit, nothing but letters
    and a few "." "-" "'" ("ill.", "dintr-"): what a search engine's language pack splits into its
    stop words. A sentence has capitals or punctuation; a name written in such a list, in lower
    case, is given up (docs/normalization.md).
    """
    words = literal.split()
    if len(words) < VOCABULARY_WORDS or not literal.islower():
        return False
    return _WORD_LIST.fullmatch(literal) is not None


def _initial(text: str, spans: Sequence[tuple[int, int]], left_end: int) -> bool:
    for start, end in spans:
        if end == left_end:
            return end - start == 1 and text[start].isupper()
    return False


def _selector(text: str, start: int) -> bool:
    """Return True when the word at start opens a CSS class selector or a file's extension (".fa-li", "}.x")."""
    if start < 1 or text[start - 1] != _DOT:
        return False
    return start == 1 or not (text[start - 2].isalnum() or text[start - 2] == " ")


def markup_token(text: str, start: int, end: int) -> bool:
    """Return True when the token at [start, end) is a tag's name or an attribute's name.

    A tag's name follows "<" or "</" and ends the tag or meets its first attribute: in
    "Ana Paz <ana.paz@example.org>" the address is no tag.
    """
    if text.endswith(_TAG_BEFORE, max(0, start - 5), start) and (end == len(text) or text[end] in _TAG_NAME_END):
        return True
    return _ATTRIBUTE_AFTER.match(text, end) is not None


def minified(text: str, start: int, end: int) -> bool:
    """Return True when [start, end) stands in minified code: dense in `;{}()=`, few spaces.

    Brackets must stand near, and braces or `=`: a table whose cells are split by `;` and hold
    "(555)" is not code, nor is prose with a bracket (it has spaces). Only CODE_REACH characters
    either side, within the hit's line, are read: a line break is looked for no farther.
    """
    lo = max(0, start - CODE_REACH)
    line_end = text.find("\n", end, end + CODE_REACH)
    return code_like(text[text.rfind("\n", lo, start) + 1 or lo : end + CODE_REACH if line_end < 0 else line_end])


def code_like(near: str) -> bool:
    """Return True when a stretch of text reads as minified code (see minified)."""
    if len(near) < CODE_REACH:
        return False
    brackets = "(" in near and ")" in near
    code = "{" in near or "}" in near or "=" in near
    if not (brackets and code):
        return False  # most text near a name: not counted further
    marks = sum(near.count(c) for c in _CODE_MARKS)
    spaces = len(_SPACE.findall(near))
    # Dense in marks with few spaces, or spaceless with long names between the marks.
    size = len(near)
    shaped = (marks * 16 >= size and spaces * 10 <= size) or (marks * 30 >= size and spaces * 20 <= size)
    return shaped


def text_intervals(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Return the spans of the string literals and comments of the code from start to the next LINE_END.

    A small lexer: quotes, template literals (which may span lines), // and /* */ comments, and
    regular expressions told from division by what precedes the slash. A stretch starts where the
    text or a block does (an HTML <script> is one), never mid-line, so a template literal that
    spans lines is read whole. Where the lexer cannot tell, it takes the rest for text: a name is
    never dropped for a guess.
    """
    stop = text.find(LINE_END, start)
    stop = len(text) if stop < 0 else stop
    out = []
    i = start
    while i < stop:
        match = _CODE_STOP.search(text, i, stop)
        if match is None:
            break
        at, char = match.start(), match.group()
        after = text[at + 1 : at + 2]
        if char in "\"'`":
            pattern = _TEMPLATE_END if char == "`" else _STRING_END[char]
            close = pattern.match(text, at + 1, stop).end()  # type: ignore[union-attr]
        elif after == "/":
            close = text.find("\n", at, stop)
            close = stop if close < 0 else close
        elif after == "*":
            close = text.find("*/", at + 2, stop)
            close = stop if close < 0 else close + 2
        else:
            before = text[max(start, at - 16) : at].rstrip()
            word = _LAST_WORD.search(before)
            if before and (before[-1] in ")]" or (word is not None and word.group() not in _BEFORE_REGEX)):
                i = at + 1  # division
            else:
                i = _REGEX_END.match(text, at + 1, stop).end()  # type: ignore[union-attr]
            continue
        out.append((at, close))
        i = max(close, at + 1)
    return out


def bare_number_in_code(text: str, start: int, end: int, prefixed: bool) -> bool:
    """Return True when the digits at [start, end) are a bare number of minified code, not an A-number.

    In code, sizes, versions and hashes are runs of 8 or 9 digits: there an A-number counts only
    written as one writes an A-number, with its "A" or in groups of three, or as the value of a
    quoted key (`"a_number":412345678`, `"id":"412345678"`): that is data, as JSON writes it.
    """
    if prefixed or not text[start:end].isdigit() or _DATA_VALUE.search(text, max(0, start - 8), start):
        return False
    return minified(text, start, end)


def written_as_a_number(text: str, start: int, end: int, prefixed: bool) -> bool:
    """Return True when the digits at [start, end) are grouped as an A-number is written.

    One run of digits, or a first group of one to three digits then groups of exactly three
    ("12 345 678", "A-011-222-333"); never single digits strung together ("1.2-.2 1.7").
    """
    groups = re.findall(r"\d+", text[start:end])
    if len(groups) <= 1:
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
