"""E-mail (.eml): decoded headers, text parts, HTML parts and attachments."""

from __future__ import annotations

import pytest

import attachments as A


@pytest.mark.parametrize(
    ("locator", "record"),
    [
        ("#header-from", "P00005"),  # an encoded word
        ("#part-1:1:9", "P00001"),  # quoted-printable text
        ("mail.eml!part-2.html:1:12", "P00003"),  # the HTML alternative, read as HTML
        ("mail.eml!list.csv:2:3", "P00002"),  # a base64 attachment
    ],
)
def test_every_part_of_a_message_is_read(protected, locator, record):
    assert (locator, record) in A.places(A.scan("mail.eml", A.eml(), protected))
