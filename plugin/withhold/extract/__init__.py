"""The extractor registry: which module reads each kind of file (kinds come from sniff.py).

A kind with no entry here is "not examined: unsupported" and fails the run.
"""

from __future__ import annotations

from withhold.extract import archive, email, font, gzip, html, image, ole, pdf, rtf, text, zip
from withhold.extract.base import ExtractorFunc

EXTRACTORS: dict[str, ExtractorFunc] = {
    "html": html.extract,
    "text": text.extract,
    "gzip": gzip.extract,
    "zip": zip.extract,
    "pdf": pdf.extract,
    "tar": archive.extract_tar,
    "bzip2": archive.extract_bzip2,
    "xz": archive.extract_xz,
    "7z": archive.extract_7z,
    "png": image.reader("png"),
    "jpeg": image.reader("jpeg"),
    "gif": image.reader("gif"),
    "tiff": image.reader("tiff"),
    "webp": image.reader("webp"),
    "ico": image.reader("ico"),
    "ole": ole.extract,
    "rtf": rtf.extract,
    "email": email.extract,
    "font": font.extract,
}
