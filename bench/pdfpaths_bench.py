"""What looking for text drawn as outlines costs a PDF page (extract/pdfpaths.py), beside reading its text layer.

For every page of the PDFs under the folders given: PDFium's text layer (get_textpage and
get_text_range, what pdf.py does first) and pdfpaths.drawn_region on the same page, timed in the
same run; the ratio is what counts. Pages found to hold outlined text are counted (they would be
rendered and OCR'd: that time is the OCR benchmark's, bench/ocr_engines.py).

    .venv/bin/python bench/pdfpaths_bench.py /work/baseline /work/sites
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from withhold.extract import pdfpaths


def main(argv: Sequence[str] | None = None) -> int:
    folders = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path(".")]
    files = sorted({p for folder in folders for p in folder.rglob("*.pdf") if p.is_file()})
    text = paths = 0.0
    pages = found = 0
    for path in files:
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue
        for index in range(len(doc)):
            page = doc[index]
            start = time.perf_counter()
            textpage = page.get_textpage()
            textpage.get_text_range()
            middle = time.perf_counter()
            found += pdfpaths.drawn_region(page, textpage) is not None
            paths += time.perf_counter() - middle
            text += middle - start
            pages += 1
            textpage.close()
            page.close()
        doc.close()
    print(f"{len(files)} PDFs, {pages} pages: text layer {text:.3f} s, drawn_region {paths:.3f} s, "
          f"ratio {paths / max(text, 1e-9):.3f}; pages with outlined text: {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
