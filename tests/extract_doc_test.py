"""Word 97-2003 documents: every story read and located, string tables read, shortfall reported.

The files are built after MS-DOC by tests/legacy.py, and (where LibreOffice is installed) written
by LibreOffice from the .docx of tests/attachments.py.
"""

from __future__ import annotations

import pytest

import attachments as A
import legacy as L
from people import PEOPLE

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
MEMO = {"body": f"Minutes\rCase of {ANA.full}\r", "footnote": f"see {OLU.full}\r", "header": f"{JEAN.full}\r",
        "comment": f"ask {MARIA.full}\r"}


@pytest.mark.parametrize(
    ("locator", "record"),
    [("#paragraph-2", "P00002"), ("#paragraph-3", "P00005"), ("#footnote", "P00004"), ("#header", "P00003"),
     ("#comment", "P00001"), ("#saved-by", "P00001"), ("#properties", "P00003")],
)
def test_every_story_of_a_word_97_document_is_read(protected, locator, record):
    result = A.scan("memo.doc", L.doc(MEMO, wide=SOREN.full, saved_by=MARIA.full), protected)
    assert (locator, record) in A.places(result)
    assert A.statuses(result)["memo.doc"] == ("examined", "")


def test_an_unlisted_name_in_a_word_document_is_clean(protected):
    result = A.scan("memo.doc", L.doc({"body": "Case of Ana Roe\rAna alone\rPaz alone\r"}), protected)
    assert [f for f in result.findings if f.records[0] != "P00003"] == []
    assert A.statuses(result)["memo.doc"] == ("examined", "")


@pytest.mark.parametrize(
    ("make", "reason"),
    [(lambda: L.doc(MEMO, short=40), "incomplete"),
     (lambda: L.doc(MEMO).replace("1Table".encode("utf-16-le"), "9Table".encode("utf-16-le")), "incomplete"),
     (lambda: L.doc(MEMO, flags=0x0300), "encrypted"),
     (lambda: L.doc(MEMO).replace(b"\xec\xa5\xc1\x00", b"\xec\xa5\x68\x00"), "unsupported")],
    ids=["stories longer than the pieces", "table stream missing", "encrypted", "Word 95"],
)
def test_a_word_document_that_cannot_be_read_whole_is_reported(protected, make, reason):
    result = A.scan("memo.doc", make(), protected)
    assert A.statuses(result)["memo.doc"] == ("not examined", reason)
    assert result.failed


@pytest.fixture(scope="module")
def libreoffice_doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if L.soffice() is None:
        pytest.skip("LibreOffice is not installed (make test installs it when root)")
    return L.convert({"memo.docx": A.docx()}, "doc", tmp_path_factory.mktemp("lo"))["memo.docx"]


@pytest.mark.parametrize(
    ("locator", "record"),
    [("#paragraph-2", "P00002"), ("#paragraph-3", "P00001"), ("#paragraph-3", "P00005"), ("#header", "P00003"),
     ("#comment", "P00003"), ("#text-box", "P00005"), ("#properties", "P00003")],
    ids=["body", "tracked deletion", "tracked insertion beside it", "header", "comment", "text box", "properties"],
)
def test_a_word_document_libreoffice_writes_is_read(protected, libreoffice_doc, locator, record):
    result = A.scan("memo.doc", libreoffice_doc, protected)
    assert (locator, record) in A.places(result)
    assert A.statuses(result)["memo.doc"] == ("examined", "")
