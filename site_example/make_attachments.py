"""Write the demo's statistics workbook, with the hidden sheet of the November 2022 incident or without it.

    python site_example/make_attachments.py          # the leaked workbook: a hidden sheet of names
    python site_example/make_attachments.py --clean  # the workbook as it should have been published

The hidden sheet's rows come from protected/protected.csv, whose people are all invented. The
workbook is generated rather than committed, so the repository itself never holds the leak.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="write the workbook without the hidden sheet")
    parser.add_argument("--output", type=Path, default=WORKBOOK, help=f"where to write it (default: {WORKBOOK})")
    args = parser.parse_args(argv)
    write(args.output, args.clean)
    kind = "clean workbook" if args.clean else "workbook WITH the hidden sheet of names (the incident)"
    print(f"make_attachments: wrote the {kind} to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
