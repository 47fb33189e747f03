"""The protected list: read CSV, JSON Lines or plain text into records, and validate it.

This module holds protected values in clear. What it reports (ListReport) holds only counts,
row numbers and column names.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from withhold.errors import ConfigError
from withhold.settings import Settings
from withhold.text.normalize import normalize

# Column names as users write them, to the names withhold knows.
_ALIASES = {
    "id": "id", "record_id": "id", "record": "id",
    "full_name": "full_name", "name": "full_name", "fullname": "full_name",
    "given_name": "given_name", "given_names": "given_name", "first_name": "given_name", "forename": "given_name",
    "family_name": "family_name", "family_names": "family_name", "last_name": "family_name", "surname": "family_name",
    "surnames": "family_name",
    "dob": "dob", "date_of_birth": "dob", "birth_date": "dob", "birthdate": "dob",
    "a_number": "a_number", "anumber": "a_number", "alien_number": "a_number", "a_no": "a_number",
    "native_name": "native_name", "name_native": "native_name", "original_name": "native_name",
    "native_script_name": "native_name",
}
_A_NUMBER = re.compile(r"^\s*(?:a\s*[-#:.]?\s*)?(\d(?:[\s.-]?\d){6,8})\s*$", re.IGNORECASE)
_NON_DIGITS = re.compile(r"\D")
_EIGHT_DIGITS = re.compile(r"\d{8}")


class Record(NamedTuple):
    """One protected person. Plaintext: never rendered."""

    id: str
    row: int
    full_name: str
    given_name: str
    family_name: str
    dob: dt.date | None
    a_number: str  # nine digits, or ""
    identifiers: tuple[tuple[str, str], ...]  # (column, value)
    context: tuple[str, ...]  # values kept for corroboration only
    native_name: str = ""  # the name in the person's own script, as a native_name column writes it


class ListReport(NamedTuple):
    """What validation found, in counts and row numbers only."""

    records: int
    issues: tuple[tuple[str, tuple[int, ...]], ...]  # (problem, rows)
    ignored_columns: tuple[str, ...]

    def lines(self, max_rows: int = 10) -> list[str]:
        out = []
        for problem, rows in self.issues:
            shown = ", ".join(map(str, rows[:max_rows])) + (" ..." if len(rows) > max_rows else "")
            out.append(f"{len(rows)} {problem} (rows {shown})")
        if self.ignored_columns:
            out.append("columns neither known nor declared, ignored: " + ", ".join(self.ignored_columns))
        return out


def canonical_a_number(raw: str) -> str | None:
    """Return the nine canonical digits of an A-number as written, or None."""
    match = _A_NUMBER.match(raw)
    if not match:
        return None
    digits = _NON_DIGITS.sub("", match.group(1))
    return digits.zfill(9) if 7 <= len(digits) <= 9 else None


def parse_date(raw: str) -> dt.date | None:
    """Return the date of an ISO birth date (a time part is ignored), or None."""
    raw = raw.strip()
    try:
        if _EIGHT_DIGITS.fullmatch(raw):
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def read_text(path: Path) -> str:
    """Return a list file's text (UTF-8, with or without BOM, or UTF-16 with BOM)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the protected list {path}: {exc.strerror or exc}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"the protected list {path} is not UTF-8 text; save it as UTF-8 CSV or JSON Lines") from None


def _rows(path: Path, text: str) -> tuple[list[str], Iterable[tuple[int, dict[str, str] | None]]]:
    """Return (header, rows) where each row is (row number, {column: value}) or None if malformed."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return [], _jsonl_rows(text)
    if suffix in (".csv", ".tsv"):
        dialect = "excel-tab" if suffix == ".tsv" else "excel"
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        header = next(reader, [])
        names = [_column(h) for h in header]

        def rows() -> Iterable[tuple[int, dict[str, str] | None]]:
            for number, cells in enumerate(reader, start=2):
                if not "".join(cells).strip():
                    yield number, {}
                elif len(cells) != len(names):
                    yield number, None
                else:
                    yield number, dict(zip(names, cells))

        return names, rows()
    return ["identifier"], (
        (number, {"identifier": line}) if line.strip() else (number, {})
        for number, line in enumerate(text.splitlines(), start=1)
    )


def _jsonl_rows(text: str) -> Iterable[tuple[int, dict[str, str] | None]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            yield number, {}
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            yield number, None
            continue
        if not isinstance(obj, dict):
            yield number, None
            continue
        yield number, {_column(k): "" if v is None else str(v) for k, v in obj.items()}


def _column(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return _ALIASES.get(key, key)


def _plain_record(number: int, value: str) -> Record:
    """Return the record of one line of a plain text list: an A-number, a name, or an identifier."""
    a_number = canonical_a_number(value)
    if a_number:
        return Record(f"line {number}", number, "", "", "", None, a_number, (), ())
    if len(normalize(value).split(" ")) >= 2 and any(c.isalpha() for c in value) and not any(c.isdigit() for c in value):
        return Record(f"line {number}", number, value.strip(), "", "", None, "", (), ())
    return Record(f"line {number}", number, "", "", "", None, "", (("identifier", value.strip()),), ())


def load(path: Path, settings: Settings) -> tuple[list[Record], ListReport]:
    """Return the records of a protected list and its validation report.

    Raises ConfigError when the file cannot be read or holds no usable entry.
    """
    if not path.exists():
        raise ConfigError(f"the protected list {path} does not exist; pass --list PATH or set WITHHOLD_LIST")
    if not path.is_file():
        raise ConfigError(f"the protected list {path} is not a regular file")
    text = read_text(path)
    header, rows = _rows(path, text)
    plain = header == ["identifier"]
    known = {"id", "full_name", "given_name", "family_name", "dob", "a_number", "native_name"}
    if header and not plain and not (set(header) & (known | set(settings.identifier_columns))):
        raise ConfigError(
            f"the protected list {path} has no recognised column; expected a header with some of "
            "id, full_name, given_name, family_name, dob, a_number (or columns declared with --identifier-column)"
        )
    ignored = tuple(
        h for h in header if h not in known and h not in settings.identifier_columns and h not in settings.context_columns
    ) if not plain else ()

    issues: dict[str, list[int]] = {}
    records: list[Record] = []
    seen_ids: set[str] = set()
    seen_rows: set[tuple[object, ...]] = set()

    identifier_columns, context_columns = settings.identifier_columns, settings.context_columns

    def issue(problem: str, number: int) -> None:
        issues.setdefault(problem, []).append(number)

    for number, row in rows:
        if row is None:
            issue("malformed rows", number)
            continue
        if not "".join(row.values()).strip():
            issue("blank rows", number)
            continue
        if plain:
            records.append(_plain_record(number, row["identifier"]))
            continue
        full = row.get("full_name", "").strip()
        given = row.get("given_name", "").strip()
        family = row.get("family_name", "").strip()
        native = row.get("native_name", "").strip()
        dob_raw = row.get("dob", "").strip()
        dob = parse_date(dob_raw) if dob_raw else None
        if dob_raw and dob is None:
            issue("unparseable birth dates (use YYYY-MM-DD)", number)
        a_raw = row.get("a_number", "").strip()
        a_number = (canonical_a_number(a_raw) or "") if a_raw else ""
        if a_raw and not a_number:
            issue("unparseable A-numbers (7 to 9 digits, optional A prefix)", number)
        identifiers = tuple(
            (column, row[column].strip()) for column in identifier_columns if row.get(column, "").strip()
        ) if identifier_columns else ()
        context = tuple(row[c].strip() for c in context_columns if row.get(c, "").strip()) if context_columns else ()
        record_id = row.get("id", "").strip() or f"row {number}"
        if record_id in seen_ids:
            issue("duplicate ids", number)
            record_id = f"{record_id} (row {number})"
        seen_ids.add(record_id)
        key = (full.lower(), given.lower(), family.lower(), native, dob, a_number, identifiers)
        if key in seen_rows:
            issue("duplicate records", number)
            continue
        seen_rows.add(key)
        if given and not family and not full:
            issue("given names without a family name (too common to match alone)", number)
        records.append(Record(record_id, number, full, given, family, dob, a_number, identifiers, context, native))
    report = ListReport(len(records), tuple((k, tuple(v)) for k, v in issues.items()), ignored)
    return records, report
