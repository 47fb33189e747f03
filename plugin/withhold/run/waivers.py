"""Waivers: findings a person judged legitimate, by keyed fingerprint, with a reason, an author and an expiry.

A waiver file (.withhold-waivers.toml, committed next to the site's sources) holds no protected
value: a finding is named by its lasting fingerprint (records, kind, matched text, file; see
protected/keys.py: slow to test a guess against, computed only for the findings a waiver could
name), a file that cannot be examined by the SHA-256 of its content.
apply_waivers() is pure and shared by every adapter: the CLI, the pre-commit hook and the plugin.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from withhold.errors import ConfigError
from withhold.findings import NOT_EXAMINED, NOT_EXAMINED_CODE, WAIVED, Finding, ScanResult
from withhold.protected.hits import ProtectedList
from withhold.run.candidates import Candidates, Waiver

WAIVERS_FILE = ".withhold-waivers.toml"
HEADER = (
    "# withhold waivers: each waives one finding (by its keyed fingerprint) or one file that cannot be\n"
    "# examined (by its content's SHA-256). Never write a protected value here. See docs/waivers.md.\n"
)
_FINGERPRINT = re.compile(r"[0-9a-f]{20}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_KEYS = {"fingerprint", "sha256", "path", "code", "records", "reason", "author", "expires"}

# Note statuses
NOTE_WAIVED = "waived"
NOTE_EXPIRED = "expired"
NOTE_UNUSED = "unused"


class Note(NamedTuple):
    """What a waiver did in a run: waived something, expired, or waived nothing it could have."""

    status: str  # NOTE_WAIVED, NOTE_EXPIRED or NOTE_UNUSED
    waiver: Waiver
    location: str  # the finding's or file's display and locator; the waiver's path when unused

    def line(self) -> str:
        """Return the one-line message of this note (display-safe: no value, no reason text)."""
        w = self.waiver
        if self.status == NOTE_WAIVED:
            return f"{self.location}: waived by {w.where} (by {w.author}, until {w.expires.isoformat()})"
        if self.status == NOTE_EXPIRED:
            return (f"{self.location}: {w.where} expired on {w.expires.isoformat()} and no longer waives; "
                    "fix the file or renew the waiver")
        return f"{self.location}: {w.where} waived nothing in this run; remove it if the finding is gone"


def apply_waivers(
    result: ScanResult, waivers: Sequence[Waiver], today: dt.date, protected: ProtectedList
) -> tuple[ScanResult, list[Note]]:
    """Return the result without its waived findings (waived unexaminable files marked WAIVED), and notes.

    A waiver past its expiry date waives nothing and is noted. A waiver that waived nothing is noted
    only when this run looked at its file: a hook sees a few files, a build sees them all. A
    finding's lasting fingerprint (slow) is computed only when a waiver could name it.
    """
    if not waivers:
        return result, []  # a large leak's findings are not walked for nothing
    could = Candidates(waivers)
    lasting: dict[str, str] = {}

    def target_of(finding: Finding) -> str:
        if not could.name(finding):
            return finding.fingerprint  # no waiver can hold its lasting fingerprint: none will match
        if finding.fingerprint not in lasting:
            lasting[finding.fingerprint] = protected.waiver_fingerprint(finding.fingerprint)
        return lasting[finding.fingerprint] or finding.fingerprint

    active: dict[str, int] = {}
    expired: dict[str, int] = {}
    for index, waiver in enumerate(waivers):
        (active if waiver.expires >= today else expired).setdefault(waiver.target, index)
    used: set[int] = set()
    notes: list[Note] = []

    def waiver_for(target: str, location: str) -> Waiver | None:
        if target in active:
            used.add(active[target])
            notes.append(Note(NOTE_WAIVED, waivers[active[target]], location))
            return waivers[active[target]]
        if target in expired:
            used.add(expired[target])
            notes.append(Note(NOTE_EXPIRED, waivers[expired[target]], location))
        return None

    findings = [f for f in result.findings if waiver_for(target_of(f), f"{f.display}{f.locator}") is None]
    coverage = []
    for row in result.coverage:
        by = waiver_for(row.sha256, row.display) if row.status == NOT_EXAMINED and row.sha256 else None
        if by is not None:
            row = row._replace(status=WAIVED, detail=f"{row.reason}, waived until {by.expires.isoformat()}")
        coverage.append(row)
    seen = {c.display for c in result.coverage} | {f.display for f in result.findings}
    for index, waiver in enumerate(waivers):
        if index not in used and waiver.path in seen:
            notes.append(Note(NOTE_EXPIRED if waiver.expires < today else NOTE_UNUSED, waiver, waiver.path))
    return result._replace(findings=findings, coverage=coverage), notes


def waivers_path(explicit: str | None, config: Path | None, cwd: Path) -> Path | None:
    """Return the waiver file to read: the option's, else WAIVERS_FILE beside the config or in cwd if it exists."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"the waiver file {path} does not exist; create it with `withhold waive`")
        return path
    path = (config.parent if config is not None else cwd) / WAIVERS_FILE
    return path if path.is_file() else None


def load_waivers(path: Path | None, protected: ProtectedList) -> list[Waiver]:
    """Return the waivers of a file ([] for None); ConfigError if it is malformed or holds a protected value."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the waiver file {path} ({type(exc).__name__})") from None
    if protected.holds(text):
        raise ConfigError(
            f"the waiver file {path} holds a protected identifier; rewrite its reasons without it "
            "(a waiver names a finding only by its fingerprint)"
        )
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message quotes positions, not content
        raise ConfigError(f"the waiver file {path} is not valid TOML: {exc}") from None
    if set(doc) - {"waiver"} or not isinstance(doc.get("waiver", []), list):
        raise ConfigError(f"the waiver file {path} may hold only [[waiver]] tables; see docs/waivers.md")
    return [_waiver(entry, f"waiver #{n} in {path.name}") for n, entry in enumerate(doc.get("waiver", []), start=1)]


def _waiver(entry: Any, where: str) -> Waiver:
    def bad(problem: str) -> ConfigError:
        return ConfigError(f"{where}: {problem}; see docs/waivers.md")

    if not isinstance(entry, dict):
        raise bad("not a table")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise bad(f"unknown key(s) {', '.join(unknown)}")
    fingerprint, sha256 = entry.get("fingerprint", ""), entry.get("sha256", "")
    if bool(fingerprint) == bool(sha256):
        raise bad("give exactly one of fingerprint (a finding) or sha256 (a file not examined)")
    if fingerprint and not (isinstance(fingerprint, str) and _FINGERPRINT.fullmatch(fingerprint)):
        raise bad("fingerprint must be 20 hexadecimal digits, as `withhold waive` writes it")
    if sha256 and not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
        raise bad("sha256 must be 64 hexadecimal digits")
    for key in ("path", "reason", "author"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise bad(f"{key} is required (a non-empty string)")
    expires = entry.get("expires")
    if isinstance(expires, str):
        try:
            expires = dt.date.fromisoformat(expires)
        except ValueError:
            raise bad("expires must be a date, YYYY-MM-DD") from None
    if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
        raise bad("expires is required: a date, YYYY-MM-DD")
    records = entry.get("records", [])
    if not isinstance(records, list) or not all(isinstance(r, str) for r in records):
        raise bad("records must be a list of record ids")
    return Waiver(fingerprint, sha256, entry["path"], entry["reason"].strip(), entry["author"].strip(), expires,
                  str(entry.get("code", "")), tuple(records), where)


def from_report(report: dict[str, Any], fingerprint: str = "", sha256: str = "") -> Waiver:
    """Return a waiver (reason, author, expiry left blank) for one finding or unexaminable file of a JSON report."""
    if fingerprint:
        for f in report.get("findings", []):
            if f.get("fingerprint") == fingerprint:
                return Waiver(fingerprint, "", f["path"], "", "", dt.date.min, f.get("code", ""),
                              tuple(f.get("records", ())))
        raise ConfigError(f"the report has no finding with fingerprint {fingerprint}")
    for c in report.get("coverage", []):
        if c.get("sha256") == sha256 and c.get("status") == NOT_EXAMINED:
            return Waiver("", sha256, c["path"], "", "", dt.date.min, NOT_EXAMINED_CODE)
    raise ConfigError(f"the report has no file not examined with sha256 {sha256}")


def _lasting(protected: ProtectedList, waiver: Waiver) -> Waiver:
    """Return waiver naming its finding by the lasting fingerprint (a report shows one that changes with the list)."""
    lasting = protected.waiver_fingerprint(waiver.fingerprint)
    if not lasting:
        raise ConfigError(f"the report's finding {waiver.fingerprint} was found with another protected list; "
                          "scan again with this list and waive from that report")
    return waiver._replace(fingerprint=lasting)


def append(text: str, existing: Sequence[Waiver], new: Sequence[Waiver]) -> str:
    """Return a waiver file's text with new waivers added at its end; ConfigError if one is already there."""
    taken = {w.target: w for w in existing}
    for waiver in new:
        if waiver.target in taken:
            raise ConfigError(f"{waiver.target} is already waived ({taken[waiver.target].where}); "
                              "edit its expires or reason there")
        taken[waiver.target] = waiver
    head = text.rstrip("\n") + "\n\n" if text.strip() else HEADER + "\n"
    return head + render(new)


def render(waivers: Iterable[Waiver]) -> str:
    """Return the TOML text of waivers, one [[waiver]] table each."""
    blocks = []
    for w in waivers:
        lines = ["[[waiver]]"]
        lines.append(f"fingerprint = {_string(w.fingerprint)}" if w.fingerprint else f"sha256 = {_string(w.sha256)}")
        lines.append(f"path = {_string(w.path)}")
        if w.code:
            lines.append(f"code = {_string(w.code)}")
        if w.records:
            lines.append("records = [" + ", ".join(_string(r) for r in w.records) + "]")
        lines += [f"reason = {_string(w.reason)}", f"author = {_string(w.author)}", f"expires = {w.expires.isoformat()}"]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _string(value: str) -> str:
    """Return value as a TOML basic string."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def waive(
    protected: ProtectedList,
    report: dict[str, Any],
    path: Path,
    fingerprints: Sequence[str],
    sha256s: Sequence[str],
    reason: str,
    author: str,
    expires: dt.date,
    today: dt.date,
) -> list[Waiver]:
    """Add waivers for findings (by fingerprint) or unexaminable files (by sha256) of a JSON report to path.

    Return the waivers added. ConfigError when the expiry has passed, the reason or author names a
    protected person, or a target is unknown to the report or waived already.
    """
    if expires < today:
        raise ConfigError("--expires is in the past; a waiver holds until a day to come")
    if protected.holds(reason) or protected.holds(author):
        raise ConfigError("the reason or author holds a protected identifier; say why without naming the person")
    existing = load_waivers(path if path.exists() else None, protected)
    chosen = [_lasting(protected, from_report(report, fingerprint=fp)) for fp in fingerprints]
    chosen += [from_report(report, sha256=sha) for sha in sha256s]
    new = [w._replace(reason=reason.strip(), author=author.strip(), expires=expires) for w in chosen]
    text = append(path.read_text(encoding="utf-8") if path.exists() else "", existing, new)
    path.write_text(text, encoding="utf-8")
    return new
