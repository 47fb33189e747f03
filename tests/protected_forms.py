"""The lists and the tables of cases of the partial-name, script and table-row rules, shared with sealed_test.py.

Every person is fictional (tests/people.py): PEOPLE, and SCRIPT_PEOPLE listed romanised with their
native spelling in a native_name column.
"""

from __future__ import annotations

import csv
from pathlib import Path

from people import PEOPLE, SCRIPT_PEOPLE

SCRIPT_LIST = [p for p, _ in SCRIPT_PEOPLE]


def write_forms_list(path: Path, native: bool = False, cyrillic_entries: bool = False) -> Path:
    """Write PEOPLE and SCRIPT_PEOPLE as a list: romanised names, optionally a native_name column, or the
    Cyrillic entries written in Cyrillic (the reverse: a list in the person's script, a Latin page)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "given_name", "family_name", "dob", "a_number", "passport", "nationality", "native_name"])
        for p in PEOPLE:
            w.writerow([p.id, p.given, p.family, p.dob.isoformat(), p.a_number, p.passport, p.nationality, ""])
        for p, written in SCRIPT_PEOPLE:
            given, family = p.given, p.family
            if cyrillic_entries and written[0] in "ЮЕ":
                given, family = written.split(" ")
            w.writerow([p.id, given, family, p.dob.isoformat(), p.a_number, p.passport, p.nationality,
                        written if native else ""])
    return path
