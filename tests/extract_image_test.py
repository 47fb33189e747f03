"""Images: EXIF, XMP, IPTC, PNG text chunks, JPEG and GIF comments (pixels: extract_ocr_test.py)."""

from __future__ import annotations

import pytest

import attachments as A

XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ana Paz</dc:creator>'
       '</rdf:Description></rdf:RDF></x:xmpmeta>').encode()


def _png_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ana Paz")
    info.add_text("Comment", "Jean-Luc Dubois", zip=True)
    info.add_itxt("Title", "Søren Ærøskøbing", zip=True)
    return A.image("PNG", pnginfo=info)


def _ico() -> bytes:
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ana Paz")
    png = io.BytesIO()
    Image.new("RGBA", (16, 16)).save(png, "PNG", pnginfo=info)
    body = png.getvalue()
    import struct

    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(body), 22) + body


CASES = [
    ("a.png", _png_text, {("#png-text", "P00002"), ("#png-text", "P00003"), ("#png-text", "P00005")}),
    ("a.png", lambda: A.image("PNG", exif=A.exif("Oluwaseun de la Cruz Peña")), {("#exif", "P00004"), ("#exif", "P00003")}),
    ("a.jpg", lambda: A.image("JPEG", exif=A.exif("Oluwaseun de la Cruz Peña")), {("#exif", "P00004"), ("#exif", "P00003")}),
    ("a.jpg", lambda: A.image("JPEG", comment=b"Ana Paz"), {("#comment", "P00002")}),
    ("a.jpg", lambda: A.image("JPEG", xmp=XMP), {("#xmp", "P00002")}),
    ("a.jpg", lambda: A.iptc_jpeg("Ana Paz"), {("#iptc", "P00002")}),
    ("a.gif", lambda: A.image("GIF", comment=b"Ana Paz"), {("#comment", "P00002")}),
    ("a.webp", lambda: A.image("WEBP", exif=A.exif("Oluwaseun de la Cruz Peña"), xmp=XMP),
     {("#exif", "P00004"), ("#exif", "P00003"), ("#xmp", "P00002")}),
    ("a.tif", lambda: A.image("TIFF", exif=A.exif("Oluwaseun de la Cruz Peña")), {("#exif", "P00004"), ("#exif", "P00003")}),
    ("favicon.ico", _ico, {("favicon.ico!icon-1.png#png-text", "P00002")}),
]


@pytest.mark.parametrize(("name", "make", "expected"), CASES)
def test_text_metadata_is_read_and_a_picture_too_small_for_text_is_examined(protected, name, make, expected):
    result = A.scan(name, make(), protected)
    assert A.places(result) == expected
    assert A.statuses(result)[name] == ("metadata only" if name.endswith(".ico") else "examined", "")


def test_a_damaged_image_structure_is_reported(protected):
    png = A.image("PNG")
    result = A.scan("a.gif", b"GIF89a" + png[6:40], protected)
    assert A.statuses(result)["a.gif"] == ("not examined", "corrupt")
