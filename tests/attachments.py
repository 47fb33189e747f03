"""Attachments for tests, written by the real libraries that write them in the wild.

Every person is fictional (tests/people.py). Where a library cannot write a place (threaded
comments, tracked deletions, footnotes, pivot caches), the file is written by the library and the
part is added the way Office lays it out: the part, its relationship and its content type.
"""

from __future__ import annotations

import io
import struct
import zipfile

from people import PEOPLE

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE  # P00001 .. P00005
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def save(doc) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def add_parts(package: bytes, parts: dict[str, bytes], rels: dict[str, list[tuple[str, str]]] | None = None,
              types: dict[str, str] | None = None, edit: dict[str, object] | None = None) -> bytes:
    """Return an OOXML package with parts added, relationships (source part -> [(type, target)]) and overrides."""
    rels, types, edit = rels or {}, types or {}, edit or {}
    src = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for source in rels:
            folder, _, base = source.rpartition("/")
            rel_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
            if rel_name not in names:
                parts[rel_name] = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                                   b'"http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        for name in names + [n for n in parts if n not in names]:
            data = parts[name] if name in parts else src.read(name)
            for source, links in rels.items():
                folder, _, base = source.rpartition("/")
                if name == (f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"):
                    extra = "".join(f'<Relationship Id="rIdT{i}" Type="{t}" Target="{target}"/>'
                                    for i, (t, target) in enumerate(links))
                    data = data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
            if name == "[Content_Types].xml":
                extra = "".join(f'<Override PartName="/{p}" ContentType="{t}"/>' for p, t in types.items())
                data = data.replace(b"</Types>", extra.encode() + b"</Types>")
            if name in edit:
                data = edit[name](data)  # type: ignore[operator]
            dst.writestr(name, data)
    return out.getvalue()


# ---- spreadsheets -------------------------------------------------------------------------

def xlsx() -> bytes:
    """A workbook with a person in every place of issue 3 (see extract_xlsx_test for where)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Detainees"
    ws.append(["given", "family", "born"])
    for i in range(2, 7):
        ws.append([f"row {i}", "none", "n/a"])
    ws["A7"], ws["B7"], ws["C7"] = ANA.given, ANA.family, ANA.dob  # a name split over cells, its date beside it
    ws["B2"].comment = Comment(f"ask {JEAN.full}", "clerk")
    ws.column_dimensions["E"].hidden = True
    ws.column_dimensions["E"].width = 0
    ws["E3"] = SOREN.full
    ws.oddFooter.center.text = OLU.full
    hidden = wb.create_sheet("Hidden")
    hidden.sheet_state = "veryHidden"
    hidden["D4"] = MARIA.full
    wb.defined_names["caseworker"] = DefinedName("caseworker", attr_text=f'"{JEAN.given} {JEAN.family}"')
    wb.properties.creator = OLU.full
    wb.custom_doc_props.append(StringProperty(name="Reviewed by", value=SOREN.full))
    data = save(wb)
    chart = (f'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>'
             f'<c:barChart><c:ser><c:cat><c:strRef><c:f>Detainees!$A$2</c:f><c:strCache><c:ptCount val="1"/>'
             f'<c:pt idx="0"><c:v>{MARIA.full}</c:v></c:pt></c:strCache></c:strRef></c:cat></c:ser></c:barChart>'
             f'</c:plotArea></c:chart></c:chartSpace>').encode()
    pivot = (f'<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" recordCount="1">'
             f'<cacheFields count="1"><cacheField name="who"><sharedItems><s v="{OLU.full}"/></sharedItems>'
             f'</cacheField></cacheFields></pivotCacheDefinition>').encode()
    threaded = (f'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
                f'<threadedComment ref="C5" id="{{00000000-0000-0000-0000-000000000001}}"><text>seen {SOREN.full}'
                f'</text></threadedComment></ThreadedComments>').encode()
    inline = (f'<row r="20"><c r="A20" t="inlineStr"><is><t>{MARIA.given} {MARIA.family}</t></is></c></row>'
              '</sheetData>').encode()
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return add_parts(
        data,
        {"xl/charts/chart1.xml": chart, "xl/pivotCache/pivotCacheDefinition1.xml": pivot,
         "xl/threadedComments/threadedComment1.xml": threaded},
        rels={"xl/workbook.xml": [(f"{office}/pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml")],
              "xl/worksheets/sheet1.xml": [("http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
                                            "../threadedComments/threadedComment1.xml")]},
        types={"xl/charts/chart1.xml": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
               "xl/pivotCache/pivotCacheDefinition1.xml":
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
               "xl/threadedComments/threadedComment1.xml": "application/vnd.ms-excel.threadedcomments+xml"},
        edit={"xl/worksheets/sheet1.xml": lambda x: x.replace(b"</sheetData>", inline, 1)},
    )


def xls() -> bytes:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Detainees")
    ws.write(6, 0, ANA.given)
    ws.write(6, 1, ANA.family)
    ws.header_str = f"&C{JEAN.full}".encode("latin-1")
    hidden = wb.add_sheet("Hidden")
    hidden.visibility = 1
    hidden.write(3, 3, MARIA.full)
    return save(wb)


# ---- word processing ----------------------------------------------------------------------

def docx() -> bytes:
    import docx as python_docx
    from docx.oxml import parse_xml

    d = python_docx.Document()
    d.add_paragraph("Minutes of the meeting")
    p = d.add_paragraph("Case of ")
    run = p.add_run(ANA.full)
    d.add_comment(run, text=f"check with {JEAN.full}", author="clerk", initials="C")
    p = d.add_paragraph("Previously listed: ")
    p._p.append(parse_xml(f'<w:del xmlns:w="{W}" w:id="91" w:author="clerk" w:date="2024-01-01T00:00:00Z"><w:r>'
                          f'<w:delText>{MARIA.full}</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins xmlns:w="{W}" w:id="92" w:author="clerk" w:date="2024-01-01T00:00:00Z"><w:r>'
                          f'<w:t>{SOREN.full}</w:t></w:r></w:ins>'))
    hidden = d.add_paragraph().add_run(MARIA.a_number)
    hidden.font.hidden = True
    d.sections[0].header.paragraphs[0].text = JEAN.full
    d.sections[0].footer.paragraphs[0].text = OLU.full
    table = d.add_table(rows=2, cols=2)
    table.cell(1, 1).text = OLU.full
    box = d.add_paragraph("see box")
    box._p.append(parse_xml(
        f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        f'<w:p><w:r><w:t>{SOREN.full}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    d.core_properties.author = JEAN.full
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
             f'</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>{OLU.given} {OLU.family}</w:t></w:r></w:p>'
             f'</w:footnote></w:footnotes>').encode()
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return add_parts(
        save(d), {"word/footnotes.xml": notes, "word/embeddings/Microsoft_Excel_Worksheet.xlsx": small_xlsx(MARIA.full)},
        rels={"word/document.xml": [(f"{office}/footnotes", "footnotes.xml"),
                                    (f"{office}/package", "embeddings/Microsoft_Excel_Worksheet.xlsx")]},
        types={"word/footnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"},
    )


def small_xlsx(value: str) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Sheet"
    wb.active["A1"] = value
    return save(wb)


def pptx() -> bytes:
    import pptx as python_pptx

    deck = python_pptx.Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[5])
    first.shapes.title.text = "Agenda"
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = ANA.full
    second.notes_slide.notes_text_frame.text = f"remember {JEAN.full}"
    deck.core_properties.author = OLU.full
    comments = (f'<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cm authorId="0" '
                f'idx="1"><p:pos x="10" y="10"/><p:text>{SOREN.full}</p:text></p:cm></p:cmLst>').encode()
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return add_parts(
        save(deck), {"ppt/comments/comment1.xml": comments},
        rels={"ppt/slides/slide2.xml": [(f"{office}/comments", "../comments/comment1.xml")]},
        types={"ppt/comments/comment1.xml": "application/vnd.openxmlformats-officedocument.presentationml.comments+xml"},
    )


def odt() -> bytes:
    from odf import meta
    from odf.dc import Creator
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentText
    from odf.text import ChangedRegion, Deletion, Note, NoteBody, NoteCitation, P, TrackedChanges

    doc = OpenDocumentText()
    doc.meta.addElement(meta.InitialCreator(text=JEAN.full))
    changes = TrackedChanges()
    from odf.namespaces import TEXTNS, XMLNS

    region = ChangedRegion(qattributes={(TEXTNS, "id"): "ct1", (XMLNS, "id"): "ct1"})
    deletion = Deletion()
    from odf.office import ChangeInfo

    info = ChangeInfo()
    info.addElement(Creator(text="clerk"))
    deletion.addElement(info)
    deletion.addElement(P(text=MARIA.full))
    region.addElement(deletion)
    changes.addElement(region)
    doc.text.addElement(changes)
    doc.text.addElement(P(text="Minutes"))
    doc.text.addElement(P(text=f"Case of {ANA.full}"))
    p = P(text="See note")
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text=OLU.full))
    note.addElement(body)
    p.addElement(note)
    doc.text.addElement(p)
    p = P(text="Reviewed")
    annotation = Annotation()
    annotation.addElement(P(text=f"ask {SOREN.full}"))
    p.addElement(annotation)
    doc.text.addElement(p)
    return save(doc)


def ods() -> bytes:
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Detainees")
    for r in range(3):
        row = TableRow()
        for c in range(3):
            cell = TableCell()
            if (r, c) == (2, 1):
                cell.addElement(P(text=ANA.full))
            elif (r, c) == (1, 0):
                cell.addElement(P(text="flag"))
                note = Annotation()
                note.addElement(P(text=JEAN.full))
                cell.addElement(note)
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    hidden = Table(name="Hidden")
    row = TableRow()
    row.addElement(TableCell(numbercolumnsrepeated=3))
    cell = TableCell(valuetype="string", stringvalue=MARIA.full)
    row.addElement(cell)
    hidden.addElement(row)
    doc.spreadsheet.addElement(hidden)
    return save(doc)


def odp() -> bytes:
    from odf.draw import Frame, Page, TextBox
    from odf.opendocument import OpenDocumentPresentation
    from odf.presentation import Notes
    from odf.style import MasterPage, PageLayout
    from odf.text import P

    doc = OpenDocumentPresentation()
    layout = PageLayout(name="L")
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="M", pagelayoutname=layout)
    doc.masterstyles.addElement(master)
    for number, (title, note) in enumerate((("Agenda", "none"), (ANA.full, f"call {JEAN.full}")), start=1):
        page = Page(masterpagename=master, name=f"page{number}")
        frame = Frame(width="10cm", height="2cm", x="1cm", y="1cm")
        box = TextBox()
        box.addElement(P(text=title))
        frame.addElement(box)
        page.addElement(frame)
        notes = Notes()
        frame = Frame(width="10cm", height="2cm", x="1cm", y="1cm")
        box = TextBox()
        box.addElement(P(text=note))
        frame.addElement(box)
        notes.addElement(frame)
        page.addElement(notes)
        doc.presentation.addElement(page)
    return save(doc)


def rtf() -> bytes:
    """RTF as Word writes it (no Python library writes RTF): groups, code page escapes, \\u escapes."""
    return b"\r\n".join([
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}{\f1\fcharset204 Arial Cyr;}}",
        rb"{\info{\author Jean-Luc Dubois}{\title Minutes}}",
        rb"{\header \pard Oluwaseun de la Cruz Pe\'f1a\par}",
        rb"\pard\f0 Minutes of the meeting\par",
        rb"Case of Mar\'eda Jos\'e9 Gar{\b c\'ed}a L\'f3pez\par",
        rb"{\v Ana Paz}\par",
        rb"{\deleted S\u248?ren \u198?r\u248?sk\u248?bing}\par",
        rb"note{\footnote \pard Jean-Luc Dubois\par}\par",
        rb"{\*\annotation Oluwaseun de la Cruz Pe\u241?a}\par}",
    ])


# ---- PDF ---------------------------------------------------------------------------------

def pdf() -> bytes:
    from fpdf import FPDF
    from fpdf.enums import TextMode

    doc = FPDF()
    doc.set_font("helvetica", size=12)
    doc.set_author(JEAN.full)
    doc.set_xmp_metadata(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq>'
        f'<rdf:li>{SOREN.full}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    doc.add_page()
    doc.cell(text="Cover page")
    doc.add_page()
    doc.start_section(ANA.full)
    doc.cell(text="Detention statistics")
    doc.add_page()
    doc.set_xy(20, 40)
    doc.cell(text="Maria Jose Garcia Lopez, born 1985-03-12")
    doc.set_fill_color(0, 0, 0)
    doc.rect(10, 30, 190, 30, style="F")  # the "redaction": a box drawn over the text
    doc.text_annotation(50, 100, f"{OLU.given} de la Cruz Pena called")
    doc.add_page()
    doc.set_text_color(255, 255, 255)
    doc.cell(text="Jean-Luc Dubois")  # white on white
    doc.set_text_color(0, 0, 0)
    doc.text_mode = TextMode.INVISIBLE
    doc.set_xy(10, 80)
    doc.cell(text="A 203 040 506")
    doc.text_mode = TextMode.FILL
    doc.embed_file(basename="list.csv", bytes=b"id,name\n1,Ana Paz\n")
    return bytes(doc.output())


def pdf_with_field() -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    field = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("detainee"),
        NameObject("/V"): TextStringObject(ANA.full),
        NameObject("/Rect"): ArrayObject([FloatObject(10), FloatObject(10), FloatObject(100), FloatObject(30)]),
    })
    ref = writer._add_object(field)
    writer.pages[0][NameObject("/Annots")] = ArrayObject([ref])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([ref])})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_encrypted(user: str) -> bytes:
    """The test PDF with an owner password, and a user password when user is not empty."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password=user, owner_password="owner-secret", permissions_flag=0, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---- images, fonts, mail ------------------------------------------------------------------

def image(fmt: str, **kwargs: object) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, fmt, **kwargs)
    return out.getvalue()


def exif(value: str) -> object:
    from PIL import Image

    tags = Image.Exif()
    tags[0x9C9D] = value.encode("utf-16-le")  # XPAuthor, as Windows writes it
    tags[0x013B] = "Jean-Luc Dubois"  # Artist (ASCII)
    return tags


def iptc_jpeg(value: str) -> bytes:
    """A JPEG with an IPTC by-line in a Photoshop APP13 segment, as photo desks write it."""
    record = b"\x1c\x02\x50" + struct.pack(">H", len(value.encode())) + value.encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record + b"\x00" * (len(record) % 2)
    body = b"Photoshop 3.0\x00" + resource
    jpeg = image("JPEG")
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def font(flavor: str | None) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef"])
    fb.setupCharacterMap({})
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0)})
    fb.setupHorizontalHeader()
    fb.setupNameTable({"familyName": "Sample", "styleName": "Regular", "designer": SOREN.full})
    fb.setupOS2()
    fb.setupPost()
    fb.font.flavor = flavor
    return save(fb.font)


def eml() -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = f"{SOREN.full} <clerk@example.org>"
    msg["To"] = "office@example.org"
    msg["Subject"] = "Weekly list"
    msg.set_content(f"Case of {MARIA.full}\n", cte="quoted-printable")
    msg.add_alternative(f"<p>Case of {JEAN.full}</p>", subtype="html")
    msg.add_attachment(f"id,name\n1,{ANA.full}\n".encode(), maintype="text", subtype="csv", filename="list.csv")
    return bytes(msg)


def csv_lines(value: str, line: int = 12, column: int = 5) -> bytes:
    """A CSV with value at line:column."""
    rows = [f"row {i},x" for i in range(1, line)]
    rows.append("a,b," + value if column == 5 else value)
    return ("\n".join(rows) + "\n").encode()


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


# ---- scanning helpers -----------------------------------------------------------------------

def scan(name: str, data: bytes, protected, settings=None, quick=True):  # type: ignore[no-untyped-def]
    """Return the ScanResult of one generated file (settings default to the tests' own; quick=False walks every part)."""
    from conftest import SETTINGS
    from withhold.scan.file import scan_bytes

    return scan_bytes(name, data, protected, settings or SETTINGS, quick=quick)


def places(result) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Return (path + locator, first record) of every finding."""
    return {(f.path + f.locator if "!" in f.path else f.locator, f.records[0]) for f in result.findings}


def statuses(result) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Return each file's (status, reason) from the coverage ledger."""
    return {c.path: (c.status, c.reason) for c in result.coverage}
