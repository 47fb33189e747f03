"""No silent shortfall: what a file declares but does not hold, and files that hold no document.

Every container declares what it holds. A part declared but missing or unreadable makes the file
"not examined" once the rest is read, and the findings of the parts read are still reported. A
file named or marked as a document that holds none is "not examined", never "examined". Damaged
files of every format read here end with a coverage status, never a reader's crash.
"""

from __future__ import annotations

import io
import zipfile

import olefile
import pytest

import attachments as A
import cfb
import legacy as L
from people import PEOPLE

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rezip(data: bytes, drop: tuple[str, ...] = (), put: dict[str, bytes] | None = None) -> bytes:
    """Return a zip with members dropped or replaced (their declarations left as they were)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            if name not in drop:
                dst.writestr(name, (put or {}).get(name, src.read(name)))
    return out.getvalue()


def restream(data: bytes, name: str, edit) -> bytes:  # type: ignore[no-untyped-def]
    """Return an OLE file with one stream edited (the others copied), rewritten by tests/cfb.py."""
    ole = olefile.OleFileIO(data)
    streams = {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}
    streams[name] = edit(streams[name])
    return cfb.write(streams)


def epub(listed: tuple[str, ...] = ("chapter1.xhtml",)) -> bytes:
    items = "".join(f'<item id="i{n}" href="{h}" media-type="application/xhtml+xml"/>' for n, h in enumerate(listed))
    return A.zipped({
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": b'<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                                  b'<rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>',
        "OEBPS/content.opf": f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><manifest>{items}'
                             f"</manifest></package>".encode(),
        "OEBPS/chapter1.xhtml": f"<html><body><p>{ANA.full}</p></body></html>".encode(),
    })


def _sst_count(stream: bytes) -> bytes:
    at = stream.find(b"\xfc\x00")  # the SST record: its unique-string count promises five more
    count = int.from_bytes(stream[at + 8 : at + 12], "little")
    return stream[: at + 8] + (count + 5).to_bytes(4, "little") + stream[at + 12 :]


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("memo.docx", lambda: A.add_parts(A.docx(), {}, types={"word/gone.xml": "application/xml"}), "incomplete"),
        ("memo.docx", lambda: A.add_parts(A.docx(), {}, rels={"word/document.xml": [(f"{OFFICE}/footer", "gone.xml")]}),
         "incomplete"),
        ("memo.docx", lambda: rezip(A.docx(), drop=("word/footnotes.xml",)), "incomplete"),
        ("memo.docx", lambda: rezip(A.docx(), put={"word/footer1.xml": b"<w:ftr"}), "corrupt"),
        ("stats.xlsx", lambda: rezip(A.xlsx(), drop=("xl/worksheets/sheet2.xml",)), "incomplete"),
        ("memo.odt", lambda: rezip(A.odt(), drop=("styles.xml",)), "incomplete"),
        ("memo.odt", lambda: rezip(A.odt(), drop=("META-INF/manifest.xml",)), "incomplete"),
        ("book.epub", lambda: epub(("chapter1.xhtml", "chapter2.xhtml")), "incomplete"),
        ("mail.eml", lambda: A.eml()[: len(A.eml()) * 9 // 10], "incomplete"),
        ("memo.rtf", lambda: A.rtf()[:-30], "incomplete"),
        ("old.xls", lambda: restream(A.xls(), "Workbook", _sst_count), "corrupt"),  # xlrd fails; the strings are read
    ],
    ids=["override without its part", "relationship without its target", "footnotes part gone", "malformed part",
         "sheet part gone", "manifest lists a file gone", "no manifest", "epub manifest item gone",
         "mail cut short", "rtf cut short", "xls string table short"],
)
def test_a_part_declared_but_missing_fails_the_file_and_keeps_its_findings(protected, name, make, reason):
    result = A.scan(name, make(), protected)
    assert A.statuses(result)[name] == ("not examined", reason)
    assert result.findings, "the findings of the parts read are reported"


@pytest.mark.parametrize(("name", "make"), [("book.epub", epub), ("memo.docx", A.docx), ("memo.odt", A.odt),
                                            ("mail.eml", A.eml), ("memo.rtf", A.rtf)])
def test_a_whole_file_is_examined(protected, name, make):
    assert A.statuses(A.scan(name, make(), protected))[name] == ("examined", "")


def _only_types() -> bytes:
    return A.zipped({"[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'})


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("report.pdf", b"", ("not examined", "empty")),
        ("memo.docx", b"", ("not examined", "empty")),
        ("old.xls", b"  \n", ("not examined", "empty")),
        ("memo.doc", b"\x00" * 100, ("not examined", "empty")),
        ("mail.eml", b"", ("not examined", "empty")),
        ("mail.msg", b"", ("not examined", "empty")),
        ("memo.docx", A.zipped({}), ("not examined", "empty")),
        ("memo.docx", _only_types(), ("not examined", "empty")),
        ("memo.rtf", b"{\\rtf1\\ansi}", ("not examined", "empty")),
        ("old.xls", cfb.write({}), ("not examined", "empty")),
        ("report.pdf", b"%PDF-1.7\n", ("not examined", "corrupt")),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, ("not examined", "corrupt")),
        # controls: a page, a text or an archive may be empty
        ("index.html", b"", ("examined", "")),
        ("notes.txt", b"", ("examined", "")),
        ("data.zip", A.zipped({}), ("examined", "")),
    ],
    ids=["empty pdf", "empty docx", "blank xls", "NULs named doc", "empty eml", "empty msg", "empty zip named docx",
         "content types only", "rtf header only", "OLE with no stream", "pdf header only", "OLE header only",
         "empty page", "empty text", "empty zip"],
)
def test_a_file_named_as_a_document_that_holds_none_is_not_examined(protected, name, data, status):
    assert A.statuses(A.scan(name, data, protected))[name] == status


def _originals() -> dict[str, bytes]:
    return {"memo.docx": A.docx(), "stats.xlsx": A.xlsx(), "deck.pptx": A.pptx(), "memo.odt": A.odt(),
            "old.xls": A.xls(), "memo.doc": L.doc(), "deck.ppt": L.ppt(slide=ANA.full, notes=JEAN.full),
            "mail.msg": L.msg(body=ANA.full, recipient=JEAN.full, attachment=b"a,b\n", rtf=r"{\rtf1 x}",
                              inner_subject="fwd"),
            "memo.rtf": A.rtf(), "mail.eml": A.eml(), "book.epub": epub()}


def _damaged(data: bytes, how: str) -> bytes:
    n = len(data)
    if how.startswith("cut"):
        return data[: n * int(how[3:]) // 100]
    if how.startswith("flip"):
        at = n * int(how[4:]) // 100
        return data[:at] + bytes(b ^ 0xFF for b in data[at : at + 16]) + data[at + 16 :]
    at = n // 2
    return data[:at] + data[at - 64 : at] * 3 + data[at:]


ORIGINALS = _originals()


@pytest.mark.parametrize("how", ["cut10", "cut50", "cut90", "cut99", "flip5", "flip30", "flip60", "flip95", "repeat"])
@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_a_damaged_file_ends_with_a_coverage_status_never_a_crash(protected, name, how):
    result = A.scan(name, _damaged(ORIGINALS[name], how), protected)
    top = [c for c in result.coverage if c.path == name]
    assert len(top) == 1 and top[0].status in ("examined", "not examined", "metadata only")
    crashed = [c.detail for c in result.coverage if "reader failed" in c.detail]
    assert crashed == [], "a reader met damage it does not name"
