"""Attachment readers: pages/s and MB/s of withhold's extractors beside the alternatives measured.

    .venv/bin/python bench/attachments_bench.py [--pages 400] [--rows 100000]

Generates a text PDF, a workbook and a Word document with the test-only writers (fpdf2, openpyxl,
python-docx), then times each reader on one core. Extraction only: no matching.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable

from withhold.extract import pdf, zip
from withhold.extract.base import Context
from withhold.settings import Settings


def _best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _ctx(name: str) -> Context:
    return Context(name, Settings(), 0, time.monotonic() + 3600)


def _drain(extract, data: bytes, name: str) -> int:  # type: ignore[no-untyped-def]
    return sum(len(getattr(item, "text", "")) for item in extract(data, _ctx(name)))


def make_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.set_font("helvetica", size=9)
    line = "Detention statistics by facility, nationality and month of the reporting period. " * 2
    for p in range(pages):
        doc.add_page()
        for i in range(45):
            doc.cell(text=f"{p}-{i} {line}"[:150], new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def make_xlsx(rows: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for i in range(rows):
        ws.append([f"Given{i % 97}", f"Family{i % 89}", 19000 + i % 20000, "Fictionland", i])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def make_docx(paragraphs: int) -> bytes:
    import docx

    d = docx.Document()
    for i in range(paragraphs):
        p = d.add_paragraph(f"Paragraph {i}: the committee reviewed ")
        p.add_run("the detention figures").bold = True
        p.add_run(" and agreed to publish them next month.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--paragraphs", type=int, default=20_000)
    args = parser.parse_args()

    data = make_pdf(args.pages)
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    def pdfium_text() -> None:
        doc = pdfium.PdfDocument(data)
        for page in doc:
            page.get_textpage().get_text_range()

    def pypdf_text() -> None:
        for page in PdfReader(io.BytesIO(data)).pages:
            page.extract_text()

    n = args.pages
    print(f"PDF, {n} text pages, {len(data) / 1e6:.1f} MB")
    print(f"  pypdfium2 page text        {n / _best(pdfium_text):8.0f} pages/s")
    print(f"  pypdf page text            {n / _best(pypdf_text, 1):8.0f} pages/s")
    print(f"  pypdf object-tree walk     {n / _best(lambda: list(pdf._objects(data, _ctx('a.pdf')))):8.0f} pages/s")
    print(f"  withhold pdf.extract       {n / _best(lambda: _drain(pdf.extract, data, 'a.pdf')):8.0f} pages/s")

    data = make_xlsx(args.rows)
    mb = len(data) / 1e6
    print(f"XLSX, {args.rows} rows x 5 columns, {mb:.1f} MB")
    try:
        from python_calamine import CalamineWorkbook

        def calamine() -> None:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

        print(f"  python-calamine cells      {mb / _best(calamine):8.1f} MB/s")
    except ImportError:
        pass
    print(f"  withhold zip.extract       {mb / _best(lambda: _drain(zip.extract, data, 'a.xlsx')):8.1f} MB/s")

    data = make_docx(args.paragraphs)
    mb = len(data) / 1e6
    print(f"DOCX, {args.paragraphs} paragraphs, {mb:.1f} MB")
    print(f"  withhold zip.extract       {mb / _best(lambda: _drain(zip.extract, data, 'a.docx')):8.1f} MB/s")


if __name__ == "__main__":
    main()
