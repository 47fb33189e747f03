"""The command line: `withhold scan SITE_DIR`, `withhold check-list`."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from withhold import __version__
from withhold.errors import EXIT_CLEAN, EXIT_CONFIG, EXIT_FINDINGS, EXIT_INTERNAL, ConfigError
from withhold.prepare import prepare
from withhold.progress import Bar
from withhold.report import RunInfo
from withhold.report.formats import FORMATS
from withhold.scanner import scan_paths


def _add_list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list", metavar="PATH", help="the protected list (CSV, JSON Lines or text); default: $WITHHOLD_LIST")
    parser.add_argument("--config", metavar="FILE", help="withhold.toml or pyproject.toml (default: found from the current folder up)")
    parser.add_argument("--identifier-column", action="append", default=[], metavar="COLUMN",
                        help="a list column matched as an exact identifier (passport, ssn, email...); repeatable")
    parser.add_argument("--context-column", action="append", default=[], metavar="COLUMN",
                        help="a list column that only corroborates a name hit (nationality, facility...); repeatable")
    parser.add_argument("--debug", action="store_true", help="on an internal error, show where it happened (no values)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="withhold", description="Keep protected identifiers off a published site.")
    parser.add_argument("--version", action="version", version=f"withhold {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan = sub.add_parser("scan", help="scan a built site (any generator) and fail on any protected identifier")
    scan.add_argument("paths", nargs="+", metavar="SITE_DIR", help="folders or files to scan")
    _add_list_options(scan)
    scan.add_argument("--format", choices=sorted(FORMATS), default="text", help="report format (default: text)")
    scan.add_argument("--output", metavar="FILE", help="write the report to FILE (the summary still goes to stderr)")
    scan.add_argument("--window", type=int, metavar="N", help="tokens either side of a name searched for a birth date (default 20)")
    scan.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip paths matching GLOB (reported as excluded)")
    scan.add_argument("--verbose", "-v", action="store_true", help="also list every file's coverage status")
    scan.add_argument("--quiet", "-q", action="store_true", help="print nothing but the summary line")
    scan.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")

    check = sub.add_parser("check-list", help="validate the protected list and print what is usable (counts only)")
    _add_list_options(check)
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    return {
        "identifier-columns": args.identifier_column,
        "context-columns": args.context_column,
        "window": getattr(args, "window", None),
        "exclude": getattr(args, "exclude", []),
    }


def _scan(args: argparse.Namespace) -> int:
    roots = [Path(p) for p in args.paths]
    for root in roots:
        if not root.exists():
            raise ConfigError(f"{root} does not exist; pass the folder of the built site")
    prepared = prepare(args.list, args.config, _overrides(args), roots)
    for line in prepared.report.lines():
        print(f"withhold: protected list: {line}", file=sys.stderr)
    show_progress = not args.no_progress and not args.quiet and sys.stderr.isatty()
    result = scan_paths(roots, prepared.protected, prepared.settings,
                        progress=Bar() if show_progress else None, forbidden=prepared.list_path)
    info = RunInfo(__version__, prepared.protected.fingerprint, prepared.report.records)
    rendered = FORMATS[args.format](result, info, args.verbose)
    if args.output:
        Path(args.output).write_text(rendered, encoding="utf-8")
    if args.output or args.format != "text" or args.quiet:
        from withhold.report.text import summary_line

        if not args.output and args.format != "text":
            sys.stdout.write(rendered)
        print(summary_line(result), file=sys.stderr)
    else:
        sys.stdout.write(rendered)
    return EXIT_FINDINGS if result.failed else EXIT_CLEAN


def _check_list(args: argparse.Namespace) -> int:
    prepared = prepare(args.list, args.config, _overrides(args), [])
    print(f"{prepared.report.records} records, {prepared.protected.pattern_count} patterns; "
          f"list fingerprint {prepared.protected.fingerprint}")
    for line in prepared.report.lines():
        print(line)
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help/--version
        return int(exc.code or 0)
    try:
        return {"scan": _scan, "check-list": _check_list}[args.command](args)
    except ConfigError as exc:
        print(f"withhold: error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        print("withhold: interrupted", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # the message may quote file content: show only its type and place
        print(f"withhold: internal error ({type(exc).__name__}); this is a bug, please report it"
              + ("" if args.debug else "; rerun with --debug to see where it happened"), file=sys.stderr)
        if args.debug:
            for frame in traceback.extract_tb(exc.__traceback__):
                print(f"  {os.path.relpath(frame.filename)}:{frame.lineno} in {frame.name}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
