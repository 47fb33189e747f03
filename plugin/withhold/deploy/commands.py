"""The deploy gate's commands: `scan --manifest`, `withhold verify` and `withhold history`.

Adapters only: they parse options, call deploy/ and the core, print masked lines and choose the
exit code. cli.py adds these parsers and dispatches to COMMANDS.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from withhold.deploy import manifest, verify
from withhold.deploy.history import History, Place, scan_history
from withhold.errors import EXIT_CLEAN, EXIT_FINDINGS, ConfigError
from withhold.findings import NOT_EXAMINED, Coverage, ScanResult
from withhold.protected.mask import mask
from withhold.report import coverage_message, finding_message
from withhold.report.progress import Bar
from withhold.run.prepare import Prepared, prepare
from withhold.scan import canary
from withhold.scan.file import display
from withhold.settings import LIST_ENV, find_config, load_config


def add_scan_options(scan: argparse.ArgumentParser) -> None:
    scan.add_argument("--manifest", metavar="FILE",
                      help="on a passing scan, write what it saw to FILE for `withhold verify`; a failing scan removes FILE")


def add_parsers(sub: argparse._SubParsersAction, list_options: Callable[[argparse.ArgumentParser], None]) -> None:  # type: ignore[type-arg]
    checker = sub.add_parser("verify", help="check that a folder holds exactly what a passing `scan --manifest` saw")
    checker.add_argument("site", metavar="SITE_DIR", help="the folder about to be deployed")
    checker.add_argument("--manifest", required=True, metavar="FILE", help="the manifest a passing scan wrote")
    checker.add_argument("--list", metavar="PATH", help="the protected list, only to mask new paths (optional)")
    checker.add_argument("--config", metavar="FILE", help="withhold.toml or pyproject.toml, for its `list`")
    checker.add_argument("--debug", action="store_true", help="on an internal error, show where it happened (no values)")

    past = sub.add_parser("history", help="scan every blob of a git repository's history (all branches and tags)")
    past.add_argument("repo", nargs="?", default=".", metavar="REPO", help="the repository (default: here)")
    past.add_argument("--since", metavar="REV", help="only what is not reachable from REV (a commit already checked)")
    past.add_argument("--format", choices=("json", "text"), default="text", help="report format (default: text)")
    past.add_argument("--output", metavar="FILE", help="write the report to FILE (the summary still goes to stderr)")
    past.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    list_options(past)


# -- scan --manifest -------------------------------------------------------------------------

def check_scan(args: argparse.Namespace, roots: list[Path]) -> None:
    """Refuse a --manifest that could not state one whole tree; ConfigError before anything is scanned."""
    if not args.manifest:
        return
    if len(roots) != 1 or not roots[0].is_dir():
        raise ConfigError("--manifest records one site: pass exactly one SITE_DIR folder")
    if args.shard != (1, 1):
        raise ConfigError("--manifest needs the whole site, not one shard of it; scan without --shard")
    manifest.refuse_inside(Path(args.manifest), roots)


def after_scan(args: argparse.Namespace, roots: list[Path], prepared: Prepared, result: ScanResult) -> int:
    """Write the manifest of a passing scan, or remove a stale one; return the scan's exit code."""
    code = EXIT_FINDINGS if result.failed else EXIT_CLEAN
    if not args.manifest:
        return code
    path = Path(args.manifest)
    if result.failed:
        if manifest.remove_stale(path):
            print(f"withhold: removed the stale manifest {path}: this scan failed, nothing may be deployed",
                  file=sys.stderr)
        return code
    root = roots[0]
    written, problems = manifest.of_scan(root, result, prepared, f"{root.as_posix().rstrip('/')}/")
    for line in problems:
        print(f"withhold: manifest: {line}", file=sys.stderr)
    if problems:
        manifest.remove_stale(path)
        print("withhold: FAILED: the site changed while it was scanned; no manifest written, scan again",
              file=sys.stderr)
        return EXIT_FINDINGS
    manifest.write(path, written)
    print(f"withhold: manifest of {len(written.items)} file(s) written to {path}", file=sys.stderr)
    return code


# -- verify ----------------------------------------------------------------------------------

def _verify(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if not site.is_dir():
        raise ConfigError(f"{site} is not a folder; pass the folder about to be deployed")
    recorded = manifest.load(Path(args.manifest))
    display = _display(args, site)
    changes = verify.verify(site, recorded, display)
    for change in changes:
        print(f"withhold: {change.line()}")
    counts = {what: sum(c.what == what for c in changes) for what in (verify.ADDED, verify.CHANGED, verify.REMOVED)}
    if changes:
        told = ", ".join(f"{n} {what}" for what, n in counts.items())
        print(f"withhold: verify FAILED: {site} is not what the scan passed ({told}); do not deploy it", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"withhold: verify passed: {site} holds exactly the {len(recorded.items)} file(s) the scan of "
          f"{recorded.head.get('created', '?')} passed (list fingerprint {recorded.head.get('list_fingerprint', '?')})",
          file=sys.stderr)
    return EXIT_CLEAN


def _display(args: argparse.Namespace, site: Path) -> Callable[[str], str]:
    """Return how new paths are shown: masked by the list where one is configured, else masked whole."""
    config = Path(args.config) if args.config else find_config(Path.cwd())
    if not (args.list or os.environ.get(LIST_ENV) or load_config(config).get("list")):
        return mask
    prepared = prepare(args.list, args.config, {}, [site])
    return functools.partial(display, prepared.protected)


# -- history ---------------------------------------------------------------------------------

def _history(args: argparse.Namespace) -> int:
    repo = Path(args.repo)
    overrides = {"identifier-columns": args.identifier_column, "context-columns": args.context_column}
    prepared = prepare(args.list, args.config, overrides, [repo], cache=not args.no_cache)
    for line in prepared.report.lines():
        print(f"withhold: protected list: {line}", file=sys.stderr)
    progress = Bar() if not args.no_progress and sys.stderr.isatty() else None
    found = scan_history(repo, prepared.protected, prepared.settings, args.since, progress)
    proven = canary.apply(found.result, prepared.settings)
    unproven = [c for c, before in zip(proven.coverage, found.result.coverage) if c.status != before.status]
    rendered = (_history_json if args.format == "json" else _history_text)(found, unproven)
    if args.output:
        Path(args.output).write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    print(_history_summary(found, unproven), file=sys.stderr)
    return EXIT_FINDINGS if proven.failed else EXIT_CLEAN


def _where(place: Place) -> str:
    commits = ", ".join(f"{commit[:12]} ({path})" for commit, path in place.commits) or "no commit found"
    tips = f"still in branch tip(s) {', '.join(place.tips)}" if place.tips else "in no branch tip: history only"
    return f"written by {commits}; {tips}"


def _history_text(found: History, unproven: list[Coverage]) -> str:
    lines = []
    for flagged in found.flagged:
        where = _where(flagged.place)
        lines += [f"{f.display}{f.locator}: {finding_message(f)}; blob {flagged.blob[:12]} {where}"
                  for f in flagged.result.findings]
        lines += [f"{c.display}: {coverage_message(c)}; blob {flagged.blob[:12]} {where}"
                  for c in flagged.result.coverage if c.status == NOT_EXAMINED]
    lines += [f"{c.display}: {coverage_message(c)}" for c in unproven]
    return "".join(f"{line}\n" for line in lines)


def _history_json(found: History, unproven: list[Coverage]) -> str:
    blobs = [{
        "blob": flagged.blob, "path": flagged.shown,
        "commits": [{"commit": c, "path": p} for c, p in flagged.place.commits],
        "branch_tips": list(flagged.place.tips),
        "findings": [{"code": f.code, "kind": f.kind, "records": list(f.records), "locator": f.locator,
                      "severity": f.severity, "excerpt": f.excerpt, "fingerprint": f.fingerprint}
                     for f in flagged.result.findings],
        "not_examined": [{"path": c.display, "reason": c.reason, "detail": c.detail}
                         for c in flagged.result.coverage if c.status == NOT_EXAMINED],
    } for flagged in found.flagged]
    doc = {"blobs_reachable": found.blobs, "blobs_read": found.read, "bytes_read": found.bytes, "flagged": blobs,
           "canary": [{"path": c.display, "detail": c.detail} for c in unproven]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _history_summary(found: History, unproven: list[Coverage]) -> str:
    findings = sum(len(f.result.findings) for f in found.flagged)
    unread = sum(c.status == NOT_EXAMINED for f in found.flagged for c in f.result.coverage) + len(unproven)
    verdict = "FAILED" if findings or unread else "passed"
    return (f"withhold: history {verdict}: {findings} finding(s) in {len(found.flagged)} blob(s), {unread} not examined; "
            f"{found.read} of {found.blobs} blob(s) read ({found.bytes} bytes) in {found.seconds:.1f} s")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"verify": _verify, "history": _history}
