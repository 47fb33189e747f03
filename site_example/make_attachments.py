"""Write the demo's attachments: the statistics workbook and a scanned roster, leaked or clean.

    python site_example/make_attachments.py          # the leaks: a hidden sheet of names, a scan of names
    python site_example/make_attachments.py --clean  # the attachments as they should have been published

The workbook's hidden sheet and the scanned roster (a PDF whose only page is a picture, no text
layer: withhold reads it by OCR) come from protected/protected.csv, whose people are all
invented. The files are generated rather than committed, so the repository never holds a leak.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
LIST = HERE / "protected" / "protected.csv"
WORKBOOK = HERE / "docs" / "statistics" / "FY2022-detention-statistics.xlsx"
SCAN = HERE / "docs" / "statistics" / "FY2022-facility-roster-scan.pdf"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu; else Pillow's own
FIXED_TIME = dt.datetime(2022, 11, 28, 9, 0, 0)  # reproducible file: same bytes on every run

# The aggregate figures the page also shows (fictional, in thousands where noted).
MONTHS = ["Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep"]
ADP = [2431, 2388, 2297, 2315, 2402, 2477, 2530, 2611, 2594, 2566, 2498, 2460]
FACILITIES = [
    ("Harbor Point Processing Center", "Service processing center", 812, 27.4),
    ("Pinecrest Detention Facility", "Contract detention facility", 965, 31.9),
    ("Red Mesa Contract Facility", "Intergovernmental agreement", 683, 24.2),
]


def write(path: Path, clean: bool) -> None:
    wb = Workbook()
    wb.properties.creator = "Office of Detention Statistics"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    summary = wb.active
    summary.title = "Summary"
    summary.append(["FY2022 detention statistics (fictional agency, synthetic figures)"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    summary.append(["Month", "Average daily population"])
    for month, adp in zip(MONTHS, ADP):
        summary.append([month, adp])
    summary.append(["FY2022 average", round(sum(ADP) / len(ADP))])

    facilities = wb.create_sheet("Facilities")
    facilities.append(["Facility", "Type", "Average daily population", "Average length of stay (days)"])
    for row in FACILITIES:
        facilities.append(list(row))

    if not clean:  # the incident: a working sheet of the case export, hidden instead of deleted
        detainees = wb.create_sheet("Sheet3")
        detainees.sheet_state = "hidden"
        detainees.append(["Last name", "First name", "Date of birth", "A-Number", "Country of citizenship",
                          "Detention facility", "Book-in date"])
        with LIST.open(encoding="utf-8", newline="") as f:
            for n, row in enumerate(csv.DictReader(f)):
                detainees.append([row["family_name"].upper(), row["given_name"], row["dob"], row["a_number"],
                                  row["nationality"], row["facility"], f"2022-{(n % 9) + 1:02d}-{(n * 3) % 27 + 1:02d}"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def write_scan(path: Path, clean: bool) -> None:
    """Write a one-page PDF that is only a scan (a picture) of a roster table: names, or the facility totals."""
    import io

    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    if clean:
        rows = [["Facility", "Type", "ADP"]] + [[name, kind, str(adp)] for name, kind, adp, _ in FACILITIES]
    else:
        with LIST.open(encoding="utf-8", newline="") as f:
            people = list(csv.DictReader(f))[:6]
        rows = [["Name", "A-Number", "Facility"]] + [[f"{p['given_name']} {p['family_name']}", p["a_number"], p["facility"]]
                                                     for p in people]
    face = ImageFont.truetype(str(FONT), 26) if FONT.is_file() else ImageFont.load_default(26)
    widths = [int(max(face.getlength(r[c]) for r in rows)) + 40 for c in range(3)]
    page = Image.new("L", (sum(widths) + 120, 90 + 52 * len(rows) + 80), 238)
    draw = ImageDraw.Draw(page)
    draw.text((60, 30), "FY2022 facility roster (scanned; fictional agency, synthetic people)", font=face, fill=25)
    for r, row in enumerate(rows):
        x = 60
        for c, cell in enumerate(row):
            draw.rectangle((x, 90 + 52 * r, x + widths[c], 142 + 52 * r), outline=90, width=2)
            draw.text((x + 18, 102 + 52 * r), cell, font=face, fill=25)
            x += widths[c]
    page = page.rotate(1.2, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=238)  # fed in slightly askew
    png = io.BytesIO()
    page.save(png, "PNG")
    doc = FPDF(orientation="L")
    doc.set_creation_date(FIXED_TIME)
    doc.add_page()
    doc.image(png, x=10, y=10, w=277)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(doc.output()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="write the workbook without the hidden sheet")
    parser.add_argument("--output", type=Path, default=WORKBOOK, help=f"where to write it (default: {WORKBOOK})")
    args = parser.parse_args(argv)
    write(args.output, args.clean)
    kind = "clean workbook" if args.clean else "workbook WITH the hidden sheet of names (the incident)"
    print(f"make_attachments: wrote the {kind} to {args.output}", file=sys.stderr)
    write_scan(SCAN, args.clean)
    kind = "scan of the facility totals" if args.clean else "scanned roster WITH names (pixels only: read by OCR)"
    print(f"make_attachments: wrote the {kind} to {SCAN}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
