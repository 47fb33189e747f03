"""RTF: every group a reader skips is read, with code pages and Unicode escapes decoded."""

from __future__ import annotations

import pytest

import attachments as A


@pytest.mark.parametrize(
    ("locator", "record"),
    [
        ("#paragraph-2", "P00001"),  # code page escapes, and a word cut by a group
        ("#hidden-text", "P00002"),
        ("#deleted-text", "P00005"),  # \u escapes
        ("#footnote-1", "P00003"),
        ("#comment-1", "P00004"),
        ("#header", "P00004"),
        ("#properties", "P00003"),
    ],
)
def test_every_place_of_an_rtf_document_is_read(protected, locator, record):
    assert (locator, record) in A.places(A.scan("memo.rtf", A.rtf(), protected))


def test_embedded_objects_are_scanned_as_files(protected):
    hexdata = A.zipped({"list.csv": b"Ana Paz\n"}).hex().encode()
    data = rb"{\rtf1\ansi Text {\object\objemb{\*\objdata " + hexdata + rb"}}\par}"
    result = A.scan("memo.rtf", data, protected)
    assert A.places(result) == {("memo.rtf!object-1!list.csv:1:1", "P00002")}


def test_picture_data_is_not_read_as_text(protected):
    data = rb"{\rtf1\ansi {\pict\pngblip 303132333435363738}\par}"  # hex of "012345678": A012345678's digits
    # The hex digits are not the document's text; the bytes they encode are a picture, read as a file
    # (tests/rtf_pictures_test.py): bytes that are text there are read as the text they are.
    assert [f for f in A.scan("memo.rtf", data, protected).findings if f.path == "memo.rtf"] == []
