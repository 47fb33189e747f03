"""The skeleton of normalised text: every script in Latin letters, and the romanisation systems folded together.

Protected lists are romanised (as agency records are), each under its own system: passports under
ICAO 9303, gazetteers under BGN/PCGN, scholars under ISO 9, clerks however they hear it. A page
may write the same name in the person's own script. skeleton() maps both sides to one form: it
transliterates Cyrillic, Greek, Armenian and Georgian letters, then folds the spellings the
systems disagree on (kh/h, zh/z, ch/c, sh/s, ts/c, th/t, ph/f, y/j/i, iu/yu/ju, ia/ya/ja,
-iy/-ii/-y, ye/e, yo/e, ou/u, x/ks). "Юлия Щербакова", "Iuliia Shcherbakova", "Yuliya
Shcherbakova", "Julija Ščerbakova" and "Yulia Shcherbakova" have one skeleton.

It works token by token and never adds, drops or merges a token: the skeleton of a text has the
same tokens, in the same order, as its normalised form, so a hit in the skeleton is a run of whole
tokens of the normalised text (hits.py maps it back). What the folds merge is specified, with
examples, in docs/normalization.md.
"""

from __future__ import annotations

import re

from withhold.native import fast

_CYRILLIC = dict(zip(
    "абвгдежзиклмнопрстуфхцчшщъыьэюяєіїґђјљњћџѓќѕўәғқңөұүһ",
    "a b v g d e zh z i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia ie i i g d j lj nj c dz g k dz u "
    "a g k n o u u h".split(),
), ъ="", ь="")  # ICAO omits the soft sign, BGN writes a prime: nothing either way
_UKRAINIAN = frozenset("єіїґ")  # letters only Ukrainian writes: there, г is h (ICAO and BGN alike)
_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψω", "a v g d e z i th i k l m n x o p r s t y f ch ps o".split()))
_GREEK_PAIRS = {"ου": "ou", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch"}
_GREEK_VOICELESS = frozenset("θκξπστφχψ")  # after αυ, ευ, ηυ: υ is f before these (and at the end), else v
_ARMENIAN = dict(zip(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    "a b g d e z e y t zh i l kh ts k h dz gh ch m y n sh o ch p j r s v t r ts v p k o f".split(),
))
_GEORGIAN = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰჱჲჳჴჵჶ",
    "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h e y v q o f".split(),
))
# Modifier letters the scholarly systems write for soft and hard signs and apostrophes ("Gorʹkij"):
# letters to normalisation, so they stay inside the token; nothing here.
_MODIFIERS = frozenset("ʹʺʼˮʻʽ")
_SCRIPT = {**_CYRILLIC, **_GREEK, **_ARMENIAN, **_GEORGIAN, **{m: "" for m in _MODIFIERS}}

# Latin folds, in order. Each maps letters to letters inside a token, never across a space.
_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("sc", "s"), ("zh", "z"), ("kh", "h"), ("ch", "c"), ("dj", "d"),
             ("ts", "c"), ("tz", "c"), ("th", "t"), ("ph", "f"), ("gh", "g"), ("ck", "k"), ("x", "ks"))
_GLIDES = str.maketrans("yj", "ii")
_DOUBLE_I = re.compile(r"i{2,}")
_IE = re.compile(r"ie(?=.)")  # ye, je, ie before a letter are e: Yevgeniy, Andreyev, Vasilyev (not Marie)
_IO = re.compile(r"(?<=[b-df-hk-np-tv-z])io(?=[b-df-hk-np-tv-z])")  # Fyodor, Pyotr, Semyon: yo between consonants is e

# Folding merges spellings; on short tokens it would merge words ("the" to "te", "you" to "iu") with the
# short names of a large list. Only tokens of FOLD_FROM letters or more (once in Latin letters) are
# folded, and a folded token carries FOLDED, so it can only ever equal another folded token.
FOLD_FROM = 4
FOLDED = "'"  # never in normalised text: an apostrophe is a separator there
MEMO = 200_000  # distinct tokens remembered; then start afresh


def skeleton(norm: str) -> str:
    """Return the skeleton of normalised text: as many tokens as norm, each transliterated and folded."""
    if len(_memo) > MEMO:
        _memo.clear()
    if fast is not None:
        return fast.skeleton(norm, _memo, _remember)  # ASCII tokens in C, the others as below
    return skeleton_python(norm)


def skeleton_python(norm: str) -> str:
    """Return skeleton(norm) in Python alone (what the C path is held to, and the path without it)."""
    memo = _memo
    return " ".join([memo.get(t) or _remember(t) for t in norm.split(" ")])


_memo: dict[str, str] = {}


def _remember(token: str) -> str:
    out = _memo[token] = of_token(token)
    return out


def of_token(token: str) -> str:
    """Return the skeleton of one normalised token, remembering nothing (for words made up, not read)."""
    return fold(transliterate(token) if not token.isascii() else token)


_LATIN = "abcdefghijklmnopqrstuvwxyz"
_ALPHABETS = tuple("".join(sorted(table)) for table in (_CYRILLIC, _GREEK, _ARMENIAN, _GEORGIAN))


def alphabet(token: str) -> str:
    """Return the letters normalised text writes in the scripts of a token: Latin, and each other script it holds."""
    if token.isascii():
        return _LATIN
    return _LATIN + "".join(letters for letters in _ALPHABETS if not set(letters).isdisjoint(token))


def fold(token: str) -> str:
    """Return a token in Latin letters with the romanisation systems folded (marked), or as it is if short."""
    if len(token) < FOLD_FROM or not token.isalpha():
        return token
    for written, folded in _DIGRAPHS:
        if written in token:
            token = token.replace(written, folded)
    token = token.translate(_GLIDES).replace("ou", "u")
    token = _IO.sub("e", _IE.sub("e", _DOUBLE_I.sub("i", token)))
    return token + FOLDED


def transliterate(token: str) -> str:
    """Return one normalised token in Latin letters (letters of no known script stay as they are; never empty)."""
    out: list[str] = []
    ukrainian = not _UKRAINIAN.isdisjoint(token)
    i, n = 0, len(token)
    while i < n:
        char, pair = token[i], token[i : i + 2]
        if pair in _GREEK_PAIRS:
            out.append(_GREEK_PAIRS[pair])
            i += 2
            continue
        if char in "αεη" and i + 1 < n and token[i + 1] == "υ":
            voiceless = i + 2 >= n or token[i + 2] in _GREEK_VOICELESS
            out.append(_GREEK[char] + ("f" if voiceless else "v"))
            i += 2
            continue
        if pair == "ու":
            out.append("u")
            i += 2
            continue
        if char == "г" and ukrainian:
            out.append("h")
        elif char == "ե" and i == 0:
            out.append("ye")  # Armenian: initial ե is ye ("Yeghiazaryan"), as ո is vo ("Voskan")
        elif char == "ո" and i == 0:
            out.append("vo")
        else:
            out.append(_SCRIPT.get(char, char))
        i += 1
    return "".join(out) or token
