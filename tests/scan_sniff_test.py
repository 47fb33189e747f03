"""scan/sniff.py: what a file is, by its content first and its name only to tell text formats apart."""

from __future__ import annotations

import pytest

from withhold.scan.sniff import sniff

TAR_HEADER = b"report.txt".ljust(257, b"\x00") + b"ustar\x0000" + b"\x00" * 240


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        # magic numbers, whatever the name says
        ("report.pdf", b"%PDF-1.7\n%binary", "pdf"),
        ("report.html", b"%PDF-1.4\n", "pdf"),
        ("junk-first.bin", b"\x00\x01garbage before the header %PDF-1.4\n", "pdf"),
        ("book.docx", b"PK\x03\x04\x14\x00", "zip"),
        ("empty.zip", b"PK\x05\x06" + b"\x00" * 18, "zip"),
        ("spanned.zip", b"PK\x07\x08rest", "zip"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "ole"),
        ("page.html.gz", b"\x1f\x8b\x08\x00", "gzip"),
        ("data.bz2", b"BZh91AY&SY", "bzip2"),
        ("data.xz", b"\xfd7zXZ\x00\x00", "xz"),
        ("data.7z", b"7z\xbc\xaf\x27\x1c\x00\x04", "7z"),
        ("memo.txt", b"{\\rtf1\\ansi Text}", "rtf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        ("anim.gif", b"GIF87a\x01\x00", "gif"),
        ("anim.gif", b"GIF89a\x01\x00", "gif"),
        ("scan.tif", b"II*\x00\x08\x00", "tiff"),
        ("scan.tif", b"MM\x00*\x00\x00", "tiff"),
        ("font.woff", b"wOFF\x00\x01", "font"),
        ("font.woff2", b"wOF2\x00\x01", "font"),
        ("font.otf", b"OTTO\x00\x0a", "font"),
        ("font.bin", b"\x00\x01\x00\x00\x00\x0a", "font"),
        ("favicon.ico", b"\x00\x00\x01\x00\x01\x00", "ico"),
        ("app.wasm", b"\x00asm\x01\x00\x00\x00", "wasm"),
        ("photo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        ("sound.wav", b"RIFF\x24\x00\x00\x00WAVEfmt ", "binary"),  # RIFF alone is no WebP
        ("bundle.tar", TAR_HEADER, "tar"),
        ("photo.heic", b"\x00\x00\x00\x18ftypheic\x00\x00", "heif"),
        ("photo.avif", b"\x00\x00\x00\x18ftypavif\x00\x00", "heif"),
        ("photo.heif", b"\x00\x00\x00\x18ftypmif1\x00\x00", "heif"),
        # "true" opens Apple TrueType fonts, and also plain text: the name tells them apart
        ("apple.ttf", b"true\x00\x0a\x00\x80", "font"),
        ("apple.TTC", b"true\x00\x0a\x00\x80", "font"),
        ("flags.txt", b"true\nfalse\n", "text"),
        ("flags.json", b"true", "text"),
        # text formats, told apart by name and then by content
        ("mail.eml", b"From: a@example.org\r\nSubject: x\r\n\r\nbody", "email"),
        ("archive.MHTML", b"MIME-Version: 1.0\r\n", "email"),
        ("mail.eml", b"\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "binary"),  # binary named as mail
        ("page.html", b"just words", "html"),
        ("page.HTM", b"", "html"),
        ("page.xhtml", b"<p>x</p>", "html"),
        ("page.shtml", b"<p>x</p>", "html"),
        ("icon.svg", b"<svg/>", "html"),
        ("page.html", b"\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "html"),  # named HTML: its reader decides
        ("page.txt", b"<!DOCTYPE html><html></html>", "html"),
        ("page", b"\xef\xbb\xbf  \n<HTML lang=en>", "html"),
        ("drawing.xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "html"),
        ("drawing.xml", b'<?xml version="1.0"?>\n<svg/>', "html"),
        ("page.xml", b'<?xml version="1.0"?><html/>', "html"),
        ("feed.xml", b'<?xml version="1.0"?><rss/>', "text"),
        ("notes.md", b"# Notes\n", "text"),
        ("data.csv", "name\nGarc\u00eda\n".encode("cp1252"), "text"),
        ("empty", b"", "text"),
        ("blob.bin", bytes(range(256)), "binary"),
        ("blob.bin", b"\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "binary"),
    ],
)
def test_sniff_names_the_kind_by_content_first(name, data, kind):
    assert sniff(name, data) == kind


def test_a_pdf_header_past_the_first_kilobyte_is_not_a_pdf():
    assert sniff("late.txt", b" " * 1024 + b"%PDF-1.4\n") == "text"
