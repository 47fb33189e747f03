"""The deploy manifest: what a passing scan saw, file by file, so the deploy step can prove it publishes that.

A manifest lists every file of the scanned tree with its SHA-256 and coverage status, the list
fingerprint, the settings that change a verdict, withhold's version and the time. It holds no
protected value: a path that holds an identifier is kept only as the masked form reports show
and a salted, slow (scrypt) digest, which `verify` recomputes for the files it cannot match by
name (docs/deploy.md says why). Everything here is pure but for reading the tree and the file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from withhold import __version__
from withhold.errors import ConfigError
from withhold.findings import Coverage, ScanResult
from withhold.run.prepare import Prepared
from withhold.scan.file import display
from withhold.scan.walk import Entry, open_regular, walk
from withhold.settings import Settings

SCHEMA = 1
# Cost of one path digest: a guess at a hidden path costs as much, and so does each file verify
# cannot match by name (a new file). 2^14 x 8 x 128 bytes = 16 MiB, some 40 ms.
PATH_COST = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 << 20}
LINK = "link:"  # a link to a folder inside the tree: its digest is that of its target's relative path
BLOCK = 1 << 20

Display = Callable[[str], str]  # a path as it may be shown: masked, with a ref, where it holds an identifier


class Item(NamedTuple):
    """One published file as the manifest records it."""

    shown: str  # the path as reports show it (masked where it holds an identifier)
    path: str | None  # the path itself, kept only when it holds no identifier
    path_digest: str  # otherwise its salted scrypt digest
    sha256: str  # of the content, or LINK + the digest of a folder link's target
    status: str  # the scan's coverage status


class Manifest(NamedTuple):
    items: list[Item]
    salt: str
    head: dict[str, Any]  # version, time, list fingerprint, settings: what the deploy step may log


def path_digest(path: str, salt: str) -> str:
    """Return the salted, deliberately slow digest of a path: what stands for a path that holds an identifier."""
    raw = path.encode("utf-8", "surrogateescape")
    return hashlib.scrypt(raw, salt=b"withhold manifest path|" + bytes.fromhex(salt), dklen=16, **PATH_COST).hex()


def content_digest(root: Path, entry: Entry) -> str:
    """Return the digest a manifest records for a walked entry; ValueError for one that cannot be published as is."""
    if entry.problem == "link to a folder":
        target = os.path.relpath(os.path.realpath(entry.path), os.path.realpath(root))
        return LINK + hashlib.sha256(Path(target).as_posix().encode("utf-8", "surrogateescape")).hexdigest()
    if entry.problem:
        raise ValueError(entry.problem)
    f, _ = open_regular(entry.path)
    digest = hashlib.sha256()
    with f:
        for block in iter(lambda: f.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def build(root: Path, result: ScanResult, display: Display, prefix: str, head: dict[str, Any]) -> tuple[Manifest, list[str]]:
    """Return the manifest of root after a passing scan, and the problems that forbid writing it.

    The tree is read again and checked against the scan's ledger: a file added, removed or changed
    while the scan ran is a problem, so a manifest only ever states what the scan itself saw.
    prefix is what the scan put before every path ("site/", or "" for a scan relative to root).
    """
    seen: dict[str, Coverage] = {c.path.removeprefix(prefix): c for c in result.coverage if not c.member}
    salt = secrets.token_hex(16)
    items: list[Item] = []
    problems: list[str] = []
    for entry in walk(root):
        shown = display(entry.rel)
        row = seen.pop(entry.rel, None)
        try:
            sha = content_digest(root, entry)
        except (OSError, ValueError) as exc:
            problems.append(f"{shown}: cannot be recorded ({exc})")
            continue
        if row is None:
            problems.append(f"{shown}: appeared while the scan ran")
            continue
        if row.sha256 and row.sha256 != sha:
            problems.append(f"{shown}: changed while the scan ran")
            continue
        plain = shown == entry.rel
        items.append(Item(shown, entry.rel if plain else None, "" if plain else path_digest(entry.rel, salt),
                          sha, row.status))
    problems += [f"{row.display}: removed while the scan ran" for row in seen.values()]
    return Manifest(sorted(items, key=lambda i: i.shown), salt, head), problems


def of_scan(root: Path, result: ScanResult, prepared: Prepared, prefix: str) -> tuple[Manifest, list[str]]:
    """Return the manifest of a passing scan of root and the problems that forbid writing it (CLI and plugin)."""
    shown = functools.partial(display, prepared.protected)
    return build(root, result, shown, prefix,
                 head(prepared.protected.fingerprint, prepared.report.records, prepared.settings, shown))


def head(fingerprint: str, records: int, settings: Settings, mask_text: Display) -> dict[str, Any]:
    """Return what a manifest says of its run; string settings (exclude globs) are masked like paths."""
    values = {
        key: ([mask_text(v) for v in value] if isinstance(value, tuple) else value)
        for key, value in dataclasses.asdict(settings).items()
    }
    return {
        "withhold": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "list_fingerprint": fingerprint,
        "records": records,
        "settings": values,
    }


def dumps(manifest: Manifest) -> str:
    files = [
        {k: v for k, v in (("path", i.path), ("shown", None if i.path else i.shown), ("path_digest", i.path_digest or None),
                           ("sha256", i.sha256), ("status", i.status)) if v is not None}
        for i in manifest.items
    ]
    doc = {"withhold_manifest": SCHEMA, **manifest.head, "salt": manifest.salt, "files": files}
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def write(path: Path, manifest: Manifest) -> None:
    """Write the manifest whole (a temporary file, then a rename): a failed run leaves no half a manifest."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(dumps(manifest), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"cannot write the manifest {path}: {exc.strerror or exc}") from None


def remove_stale(path: Path) -> bool:
    """Delete a manifest left by an earlier passing scan; return True if there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise ConfigError(f"cannot remove the stale manifest {path}: {exc.strerror or exc}") from None
    return True


def load(path: Path) -> Manifest:
    """Return the manifest at path; ConfigError when it is missing or not a withhold manifest."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("withhold_manifest") != SCHEMA:
            raise ValueError("schema")
        items = [Item(f.get("path") or f["shown"], f.get("path"), f.get("path_digest", ""), f["sha256"], f["status"])
                 for f in doc["files"]]
        salt = str(doc["salt"])
        bytes.fromhex(salt)
    except FileNotFoundError:
        raise ConfigError(f"no manifest at {path}: a failing scan writes none; "
                          "run `withhold scan --manifest FILE SITE_DIR` first, and deploy only if it passes") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path} is not a withhold manifest ({type(exc).__name__})") from None
    head = {k: v for k, v in doc.items() if k not in ("files", "salt", "withhold_manifest")}
    return Manifest(items, salt, head)


def refuse_inside(path: Path, roots: list[Path], what: str = "the manifest") -> None:
    """Raise ConfigError when path lies inside a scanned tree: it would be published, and change the tree."""
    real = os.path.realpath(path)
    for root in roots:
        top = os.path.realpath(root)
        if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
            raise ConfigError(f"{what} {path} is inside {root}: it would be published. Write it outside the site")
