"""PDF: the text of every page, and every string and file in the document's object tree.

Two readers, each for what it does best (docs/attachments.md has the measurements). PDFium
(pypdfium2) lays out page text about ten times faster than pypdf, and takes every text object on
the page: text covered by a black box, drawn in white or in invisible render mode is read like any
other. pypdf walks the object tree, which PDFium does not expose as a whole: document info, XMP,
annotations, form fields, bookmarks, embedded files, and then every other object, so a string in
a place with no name of its own is still read ("#object-12").
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from withhold.errors import NotExamined
from withhold.extract import pdfpaths, pdfpixels
from withhold.extract.base import Context, Item, Member, Segment, labelled
from withhold.extract.xmltext import FIELD_BREAK, Rules, read_xml

# Keys that point back up or across the tree: their targets are read where they stand.
_UPWARD = frozenset({"/P", "/Parent", "/Popup", "/Prev", "/Next", "/First", "/Last", "/Dest", "/D", "/Kids", "/IRT"})
_EMPTY_PASSWORD = ""


def _pages(data: bytes, ctx: Context, unread: list[NotExamined]) -> Iterator[Item]:
    """Yield each page's text (marked where it lies under a cover) and the OCR text of its images.

    A page whose pictures cannot be read (no OCR engine) is added to unread and the rest is read:
    extract() reports the file as not examined once everything else has been scanned.
    """
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise NotExamined("encrypted", "the PDF needs a password to open") from None
        raise NotExamined("corrupt", "not a readable PDF (damaged or truncated)") from None
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            raw_text = textpage.get_text_range()
            images = list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
            where = f"#page={index + 1}"
            try:
                if raw_text.strip():
                    marks = pdfpixels.marks(textpage, raw_text, pdfpixels.covers(page, images))
                    yield Segment(raw_text.replace("\r\n", "\n"), where=where, line=None, marks=marks)
                try:
                    yield from pdfpixels.pictures(page, images, textpage, ctx, where)
                    yield from pdfpaths.drawn_text(page, textpage, ctx, where)  # text drawn as outlines
                except NotExamined as exc:
                    if exc.reason != "pixels not read":
                        raise
                    unread.append(exc)
            finally:
                textpage.close()
                page.close()
            ctx.check_time()
    finally:
        doc.close()


def _text(value: object) -> str | None:
    if isinstance(value, TextStringObject):
        return str(value)
    if isinstance(value, ByteStringObject):
        return bytes(value).decode("cp1252", "replace")
    return None


class _Tree:
    """Reads strings of the object tree, each under the label of the place it belongs to."""

    def __init__(self, reader: PdfReader, ctx: Context) -> None:
        self.reader, self.ctx = reader, ctx
        self.seen: set[int] = set()
        self.direct: set[int] = set()  # ids of dictionaries read; pypdf caches objects, so they stay put
        self.files: set[int] = set()
        self.texts: list[tuple[str, str]] = []
        self.members: list[Member] = []
        self.xmp: list[bytes] = []

    def read(self, obj: object, label: str, depth: int = 0) -> None:
        """Collect the strings of obj and its direct children; indirect ones are read as their own places."""
        if isinstance(obj, IndirectObject):
            if obj.idnum in self.seen:
                return
            self.seen.add(obj.idnum)
            obj = obj.get_object()
        if depth > 64:
            raise NotExamined("too deep", "PDF objects nested too deeply")
        text = _text(obj)
        if text is not None:
            if text.strip():
                self.texts.append((label, text))
        elif isinstance(obj, DictionaryObject):
            if id(obj) in self.direct:
                return  # a direct annotation already read under its own label, met again in its page
            self.direct.add(id(obj))
            self.special(obj)
            for key, value in obj.items():
                if key not in _UPWARD and not (isinstance(value, IndirectObject) and key not in ("/A", "/AA", "/RC", "/JS", "/Contents", "/V", "/DV", "/Opt", "/TU", "/T")):
                    self.read(value, label, depth + 1)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                if not isinstance(value, IndirectObject):
                    self.read(value, label, depth + 1)

    def special(self, obj: DictionaryObject) -> None:
        """Take embedded files, XMP and script streams out of the dictionaries that hold them."""
        if isinstance(obj, StreamObject):
            kind = obj.get("/Type"), obj.get("/Subtype")
            if NameObject("/Metadata") in kind:
                self.xmp.append(obj.get_data())
            return
        files = obj.get("/EF")
        if isinstance(files, DictionaryObject):
            name = _text(obj.get("/UF")) or _text(obj.get("/F")) or "attachment"
            for ref in files.values():
                stream = ref.get_object() if isinstance(ref, IndirectObject) else ref
                key = ref.idnum if isinstance(ref, IndirectObject) else id(stream)
                if isinstance(stream, StreamObject) and key not in self.files:
                    self.files.add(key)
                    self.members.append(Member(name.replace("/", "_").replace("!", "_") or "attachment", stream.get_data()))
        script = obj.get("/JS")
        if script is not None and isinstance(script.get_object(), StreamObject):
            self.texts.append(("#javascript", script.get_object().get_data().decode("cp1252", "replace")))

    def walk(self) -> None:
        reader, trailer = self.reader, self.reader.trailer
        root = trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            raise NotExamined("corrupt", "the document catalog is not a dictionary")
        self.read(trailer.get("/Info"), "#info")
        count = 0
        for page in reader.pages:
            for ref in page.get("/Annots") or ():
                annot = ref.get_object()
                if isinstance(annot, DictionaryObject) and annot.get("/Subtype") != "/Widget":
                    count += 1
                    self.read(ref, f"#annotation-{count}")
            self.ctx.check_time()
        form_ref = root.get("/AcroForm")
        form = form_ref.get_object() if form_ref is not None else None
        fields = list((form.get("/Fields") or ()) if isinstance(form, DictionaryObject) else ())
        count = 0
        while fields:
            ref = fields.pop(0)
            field = ref.get_object()
            if isinstance(field, DictionaryObject) and (not isinstance(ref, IndirectObject) or ref.idnum not in self.seen):
                count += 1
                self.read(ref, f"#form-field-{count}")
                fields[:0] = list(field.get("/Kids") or ())
        outline_ref = root.get("/Outlines")
        outline = outline_ref.get_object() if outline_ref is not None else None
        items = [outline.get("/First")] if isinstance(outline, DictionaryObject) else []
        count = 0
        while items:
            ref = items.pop()
            if ref is None or (isinstance(ref, IndirectObject) and ref.idnum in self.seen):
                continue
            item = ref.get_object()
            count += 1
            self.read(ref, f"#bookmark-{count}")
            items.extend(x for x in (item.get("/Next"), item.get("/First")) if x is not None)
        for idnum, gen in self._all_objects():
            self.read(IndirectObject(idnum, gen, reader), f"#object-{idnum}")
            if idnum % 512 == 0:
                self.ctx.check_time()

    def _all_objects(self) -> list[tuple[int, int]]:
        ids = {(idnum, gen) for gen, table in self.reader.xref.items() for idnum in table}
        ids.update((idnum, 0) for idnum in self.reader.xref_objStm)
        return sorted(ids)


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Hold a library's warnings back while it reads (pypdf warns on every repaired file; the coverage
    status reports instead), and leave its logging as it was: the host's logging is not ours to change."""
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _objects(data: bytes, ctx: Context) -> Iterator[Item]:
    with _quiet(logging.getLogger("pypdf")):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(_EMPTY_PASSWORD):
            raise NotExamined("encrypted", "the PDF needs a password to open")
        tree = _Tree(reader, ctx)
        tree.walk()
    texts = labelled(tree.texts, FIELD_BREAK)
    if texts is not None:
        yield texts
    for xmp in tree.xmp:
        yield from read_xml(io.BytesIO(xmp), ctx, Rules("#xmp"), recover=True)
    yield from tree.members


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    if b"%%EOF" not in data[-2048:]:
        raise NotExamined("corrupt", "truncated PDF (no end-of-file marker)")
    unread: list[NotExamined] = []
    yield from _pages(data, ctx, unread)
    try:
        yield from _objects(data, ctx)
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError):
        raise NotExamined("corrupt", "the PDF's object tree cannot be read") from None
    if unread:
        raise NotExamined(unread[0].reason, f"{unread[0].detail} ({len(unread)} page(s) with pictures)")
