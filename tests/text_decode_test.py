"""text/decode.py: bytes to text (BOMs, UTF-16/32, UTF-8, code pages), escapes and mojibake decoded.

Every name here is fictional (tests/people.py).
"""

from __future__ import annotations

import codecs

import pytest

from withhold.text.decode import decode_bytes, decoded_view, escapes, text_codec

GARCIA = "García"


@pytest.mark.parametrize(
    ("data", "text", "codec"),
    [
        (GARCIA.encode(), GARCIA, ("utf-8", 0)),
        (b"Ana Paz", "Ana Paz", ("utf-8", 0)),
        (b"", "", ("utf-8", 0)),
        (codecs.BOM_UTF8 + GARCIA.encode(), GARCIA, ("utf-8", 3)),
        (codecs.BOM_UTF16_LE + GARCIA.encode("utf-16-le"), GARCIA, ("utf-16-le", 2)),
        (codecs.BOM_UTF16_BE + GARCIA.encode("utf-16-be"), GARCIA, ("utf-16-be", 2)),
        (codecs.BOM_UTF32_LE + GARCIA.encode("utf-32-le"), GARCIA, ("utf-32-le", 4)),
        (codecs.BOM_UTF32_BE + GARCIA.encode("utf-32-be"), GARCIA, ("utf-32-be", 4)),
        # UTF-16 without a BOM, told by where the zero bytes fall
        ("García López".encode("utf-16-le"), "García López", ("utf-16-le", 0)),
        ("García López".encode("utf-16-be"), "García López", ("utf-16-be", 0)),
        ("Ana".encode("utf-16-le") + b"P", "Ana", ("utf-16-le", 0)),  # a last odd byte is dropped
        # Windows-1252 where the bytes are not UTF-8
        ("García “Paz”".encode("cp1252"), "García “Paz”", ("cp1252", 0)),
        (b"\x01\x02\xffabc", "\x01\x02ÿabc", ("cp1252", 0)),  # a few control bytes are still text
        # UTF-8 with a stray byte stays UTF-8 (the byte replaced)
        (GARCIA.encode() + b"\xff", "García\ufffd", ("utf-8", 0)),
        # binary
        (bytes(range(256)), None, None),
        (b"\x01\x02\x03\xff", None, None),
        (b"\x00" * 10, None, None),
        (b"A\x00\x00\x00", None, None),
    ],
)
def test_decode_bytes_and_text_codec_agree(data, text, codec):
    assert (decode_bytes(data), text_codec(data)) == (text, codec)


def test_text_codec_keeps_utf8_whose_last_character_is_cut_by_the_head():
    head = GARCIA.encode()[:5]  # "Garc" and the first byte of "í"
    assert (text_codec(head), decode_bytes(head)) == (("utf-8", 0), "GarcÃ")  # a whole file so cut is cp1252


@pytest.mark.parametrize(
    ("text", "view", "spans"),
    [
        # HTML entities: named, decimal, hexadecimal, any case
        ("Ana &amp; Paz", "Ana & Paz", [(4, 9)]),
        ("Garc&iacute;a", GARCIA, [(4, 12)]),
        ("&#65;na", "Ana", [(0, 5)]),
        ("&#x41;na", "Ana", [(0, 6)]),
        ("&AMP;", "&", [(0, 5)]),
        ("Ana&nbsp;Paz", "Ana\xa0Paz", [(3, 9)]),
        ("&bogus;", None, [(0, 7)]),  # looks like an entity, decodes to itself
        # percent-encoding, UTF-8 or else Windows-1252
        ("Ana%20Paz", "Ana Paz", [(3, 6)]),
        ("Garc%C3%ADa", GARCIA, [(4, 10)]),
        ("Garc%EDa", GARCIA, [(4, 7)]),
        ("x%E9%", "xé%", [(1, 4)]),
        ("%ZZ", None, []),
        # JSON and JavaScript escapes
        ("Garc\\u00eda", GARCIA, [(4, 10)]),
        ("Ana\\u0020Paz", "Ana Paz", [(3, 9)]),
        ("\\ud83d\\ude00", "\U0001f600", [(0, 12)]),  # a surrogate pair is one character
        ("\\x41na", "Ana", [(0, 4)]),
        ("Ana\\nPaz", "Ana Paz", [(3, 5)]),  # escaped breaks become spaces
        ('\\"Ana\\"', '"Ana"', [(0, 2), (5, 7)]),
        # a decoded view never adds a line break
        ("%0A", " ", [(0, 3)]),
        ("&#10;", " ", [(0, 5)]),
        ("\\u2028", " ", [(0, 6)]),
        # text encoded twice is decoded twice
        ("%2541", "A", [(0, 3)]),
        ("Garc&amp;iacute;a", GARCIA, [(4, 9)]),
        # mojibake: UTF-8 once read as Windows-1252
        ("GarcÃ\xada", GARCIA, [(4, 6)]),
        ("SÃ¸ren", "Søren", [(1, 3)]),
        ("Ã©Ã©", "éé", [(0, 2), (2, 4)]),
        ("GarcÃƒÂ\xada", GARCIA, [(4, 6), (6, 8)]),  # twice
        ("Ã", None, []),  # a lead character alone is no mojibake
        # nothing to decode
        ("plain", None, []),
        ("line1\nline2", None, []),
    ],
)
def test_decoded_view_and_escapes(text, view, spans):
    assert (decoded_view(text), escapes(text)) == (view, spans)


def test_escapes_of_every_kind_in_one_text_come_sorted():
    assert escapes("Ana &amp; Paz%20x\\u0041 GarcÃ\xada") == [(4, 9), (13, 16), (17, 23), (28, 30)]
