"""`withhold scan` over a site of attachments: every format found, every bad file reported, nothing leaked.

One bad file never stops the others: the damaged, encrypted and bomb files sit beside readable
ones, and the run fails on both counts without putting a protected value in any output.
"""

from __future__ import annotations

import json

import attachments as A
from withhold.cli import main

GOOD = {
    "stats.xlsx": A.xlsx, "old.xls": A.xls, "memo.docx": A.docx, "deck.pptx": A.pptx, "memo.odt": A.odt,
    "stats.ods": A.ods, "deck.odp": A.odp, "memo.rtf": A.rtf, "report.pdf": A.pdf_with_field,
    "mail.eml": A.eml, "photo.jpg": lambda: A.iptc_jpeg("Ana Paz"),
    "data.zip": lambda: A.zipped({"inner/list.csv": A.csv_lines("Ana Paz")}),
}
BAD = {
    "locked.pdf": (lambda: A.pdf_encrypted("user-secret"), "encrypted"),
    "cut.pdf": (lambda: A.pdf()[:-2500], "corrupt"),
    "bomb.zip": (lambda: A.zipped({"zeros.bin": b"\x00" * (50 << 20)}), "bomb"),
    "broken.docx": (lambda: A.docx()[:3000], "corrupt"),
    "locked.xlsx": (lambda: _encrypted(A.xlsx()), "encrypted"),
    "unknown.bin": (lambda: bytes(range(256)) * 4, "unsupported"),
}


def _encrypted(data: bytes) -> bytes:
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def _site(tmp_path):  # type: ignore[no-untyped-def]
    site = tmp_path / "site"
    site.mkdir()
    for name, make in GOOD.items():
        (site / name).write_bytes(make())
    for name, (make, _) in BAD.items():
        (site / name).write_bytes(make())
    return site


def test_every_attachment_is_read_and_every_bad_one_reported(tmp_path, capsys, list_path, assert_no_leak):
    site = _site(tmp_path)
    code = main(["scan", "--list", str(list_path), "--no-progress", "--format", "json", str(site)])
    out, err = capsys.readouterr()
    assert code == 1
    report = json.loads(out)
    found = {f["path"][len(str(site)) + 1 :].split("!")[0] for f in report["findings"]}
    assert found == set(GOOD)
    ledger = {c["path"][len(str(site)) + 1 :]: c for c in report["coverage"]}
    for name, (_, reason) in BAD.items():
        assert (ledger[name]["status"], ledger[name]["reason"]) == ("not examined", reason), name
    assert_no_leak(out, err)


def test_the_text_report_names_each_cause_and_leaks_nothing(tmp_path, capsys, list_path, assert_no_leak):
    site = _site(tmp_path)
    code = main(["scan", "--list", str(list_path), "--no-progress", "--verbose", str(site)])
    out, err = capsys.readouterr()
    assert code == 1
    for name, (_, reason) in BAD.items():
        assert f"{name}: W900 not examined: {reason}" in out
    assert_no_leak(out, err)
