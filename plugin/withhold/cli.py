"""The command line: `withhold scan SITE_DIR`, `withhold check-list`, `withhold hook FILE...`, `withhold waive`,
`withhold seal LIST --out FILE`."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from withhold import __version__, hook
from withhold.deploy import commands as deploy
from withhold.errors import EXIT_CLEAN, EXIT_FINDINGS, ConfigError
from withhold.findings import RunInfo, ScanResult
from withhold.options import add_list_options, guarded, list_overrides
from withhold.protected.seal import seal
from withhold.protected.sealfile import DEFAULT_COST, KEY_ENV
from withhold.report.formats import FORMATS
from withhold.report.merge import merge
from withhold.report.progress import Bar, Steps
from withhold.report.text import summary_line
from withhold.run.core import check, prepare_run
from withhold.run.prepare import prepare, resolve
from withhold.run.waivers import NOTE_WAIVED, WAIVERS_FILE, waive
from withhold.settings import FAIL_ON


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="withhold", description="Keep protected identifiers off a published site.")
    parser.add_argument("--version", action="version", version=f"withhold {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan = sub.add_parser("scan", help="scan a built site (any generator) and fail on any protected identifier")
    scan.add_argument("paths", nargs="+", metavar="SITE_DIR", help="folders or files to scan")
    add_list_options(scan)
    scan.add_argument("--format", choices=sorted(FORMATS), default="text", help="report format (default: text)")
    scan.add_argument("--output", metavar="FILE", help="write the report to FILE (the summary still goes to stderr)")
    scan.add_argument("--window", type=int, metavar="N", help="tokens either side of a name searched for a birth date (default 20)")
    scan.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip paths matching GLOB (reported as excluded)")
    scan.add_argument("--include", action="append", default=[], metavar="GLOB",
                      help="scan only paths matching GLOB (the others are reported as excluded); repeatable")
    scan.add_argument("--fail-on", choices=FAIL_ON,
                      help="'any' (default): every finding fails the run; 'critical': only corroborated ones do "
                           "(files not examined always fail it)")
    scan.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                      help="processes to scan with (default: one per CPU)")
    scan.add_argument("--verbose", "-v", action="store_true", help="also list every file's coverage status")
    scan.add_argument("--quiet", "-q", action="store_true", help="print nothing but the summary line")
    scan.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    scan.add_argument("--waivers", metavar="FILE",
                      help="waiver file (default: .withhold-waivers.toml beside the config, or here)")

    scan.add_argument("--shard", type=_shard, default=(1, 1), metavar="I/N",
                      help="scan only share I of N of the files (merge the JSON reports with `withhold merge`)")
    deploy.add_scan_options(scan)

    merging = sub.add_parser("merge", help="merge the JSON reports of a sharded scan into one verdict")
    merging.add_argument("reports", nargs="+", metavar="REPORT", help="the JSON report of every shard")
    merging.add_argument("--format", choices=sorted(FORMATS), default="text", help="report format (default: text)")
    merging.add_argument("--output", metavar="FILE", help="write the merged report to FILE")
    merging.add_argument("--debug", action="store_true", help="on an internal error, show where it happened (no values)")

    check = sub.add_parser("check-list", help="validate the protected list and print what is usable (counts only)")
    add_list_options(check)

    hook_parser = sub.add_parser("hook", help="check the files a commit adds or changes (the pre-commit hook)")
    add_list_options(hook_parser)
    hook.add_arguments(hook_parser)

    sealer = sub.add_parser("seal", help="seal the protected list for machines that must not hold it "
                            "(keyed hashes only; see docs/sealed-lists.md)")
    sealer.add_argument("list_file", nargs="?", metavar="LIST", help="the plaintext list (default: as for scan)")
    sealer.add_argument("--out", required=True, metavar="FILE", help="where to write the sealed list")
    sealer.add_argument("--keep-ids", action="store_true",
                        help="keep record ids in the sealed list (encrypted); default: opaque ids")
    sealer.add_argument("--id-map", metavar="FILE", help="write the opaque ids' record ids to FILE (keep it with the list)")
    sealer.add_argument("--kdf-cost", type=int, default=DEFAULT_COST, metavar="N",
                        help=f"scrypt cost as log2 N (default {DEFAULT_COST}); every opening and key guess pays it")
    sealer.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="processes deriving the records' keys (default: one per CPU)")
    add_list_options(sealer)

    waive = sub.add_parser("waive", help="waive a finding of a JSON report: add it to the waiver file")
    waive.add_argument("report", metavar="REPORT", help="a report of `withhold scan --format json --output REPORT`")
    target = waive.add_mutually_exclusive_group(required=True)
    target.add_argument("--fingerprint", action="append", metavar="FP", help="a finding's fingerprint; repeatable")
    target.add_argument("--sha256", action="append", metavar="HASH",
                        help="the content hash of a file not examined; repeatable")
    waive.add_argument("--reason", required=True, help="why it is legitimate (never a protected value)")
    waive.add_argument("--author", required=True, help="who decided")
    waive.add_argument("--expires", required=True, metavar="YYYY-MM-DD", help="the last day the waiver holds")
    waive.add_argument("--waivers", metavar="FILE", help=f"the waiver file (default: {WAIVERS_FILE} beside the config, or here)")
    add_list_options(waive)
    deploy.add_parsers(sub, add_list_options)
    return parser


def _shard(value: str) -> tuple[int, int]:
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not I/N, such as 2/4") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{value!r}: I must be between 1 and N")
    return index, count


def _scan(args: argparse.Namespace) -> int:
    roots = [Path(p) for p in args.paths]
    for root in roots:
        if not root.exists():
            raise ConfigError(f"{root} does not exist; pass the folder of the built site")
    deploy.check_scan(args, roots)
    show_progress = not args.no_progress and not args.quiet and sys.stderr.isatty()
    steps = Steps(show=show_progress)
    ready = prepare_run(args.list, args.config, list_overrides(args), roots, waivers=args.waivers,
                        cache=not args.no_cache, steps=steps, background=True)
    steps.end()
    for line in ready.prepared.report.lines():
        print(f"withhold: protected list: {line}", file=sys.stderr)
    outcome = check(ready, roots, jobs=args.jobs, shard=args.shard, progress=Bar() if show_progress else None,
                    clean=not args.no_cache)
    for note in outcome.notes:
        if note.status != NOTE_WAIVED or args.verbose:
            print(f"withhold: {note.line()}", file=sys.stderr)
    _render(outcome.result, outcome.info, args)
    return deploy.after_scan(args, roots, ready.prepared, outcome.result)


def _render(result: ScanResult, info: RunInfo, args: argparse.Namespace) -> None:
    """Write the report where asked (stdout, --output); the summary line to stderr unless stdout has it."""
    rendered = FORMATS[args.format](result, info, getattr(args, "verbose", False))
    if args.output:
        Path(args.output).write_text(rendered, encoding="utf-8")
    elif args.format != "text" or not getattr(args, "quiet", False):
        sys.stdout.write(rendered)
    if args.output or args.format != "text" or getattr(args, "quiet", False):
        print(summary_line(result), file=sys.stderr)


def _merge(args: argparse.Namespace) -> int:
    reports = []
    for name in args.reports:
        try:
            reports.append((name, json.loads(Path(name).read_text(encoding="utf-8"))))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read the report {name} ({type(exc).__name__})") from None
    result, info = merge(reports)
    _render(result, info, args)
    return EXIT_FINDINGS if result.failed else EXIT_CLEAN


def _check_list(args: argparse.Namespace) -> int:
    prepared = prepare(args.list, args.config, list_overrides(args), [], cache=not args.no_cache)
    print(f"{prepared.report.records} records, {prepared.protected.pattern_count} patterns; "
          f"list fingerprint {prepared.protected.fingerprint}")
    for line in prepared.report.lines():
        print(line)
    return EXIT_CLEAN


def _seal(args: argparse.Namespace) -> int:
    settings, path, _ = resolve(args.list_file or args.list, args.config, list_overrides(args))
    out = Path(args.out)
    if out.exists() and out.resolve() == path.resolve():
        raise ConfigError("--out names the plaintext list itself; write the sealed list to another file")
    sealed = seal(path, settings, os.environ.get(KEY_ENV), args.keep_ids, args.kdf_cost, args.jobs)
    for line in sealed.report.lines():
        print(f"withhold: protected list: {line}", file=sys.stderr)
    _write_new(out, sealed.blob, private=False)
    if args.id_map:
        rows = io.StringIO()
        csv.writer(rows, lineterminator="\n").writerows([("sealed_id", "id"), *sealed.ids])
        _write_new(Path(args.id_map), rows.getvalue().encode("utf-8"), private=True)
    print(f"withhold: sealed {sealed.report.records} records ({sealed.patterns} patterns) into {out}, "
          f"{len(sealed.blob)} bytes; give it to those who check, and the key only through the team's secret store")
    return EXIT_CLEAN


def _write_new(path: Path, data: bytes, private: bool) -> None:
    """Write a file whole (a temporary file, then a rename): a failed run leaves no half a file."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None


def _waive(args: argparse.Namespace) -> int:
    try:
        expires = dt.date.fromisoformat(args.expires)
    except ValueError:
        raise ConfigError("--expires must be a date, YYYY-MM-DD") from None
    if expires < dt.date.today():
        raise ConfigError("--expires is in the past; a waiver holds until a day to come")
    try:
        report = json.loads(Path(args.report).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the JSON report {args.report} ({type(exc).__name__}); "
                          "write one with `withhold scan --format json --output FILE SITE_DIR`") from None
    prepared = prepare(args.list, args.config, list_overrides(args), [], cache=not args.no_cache)
    path = Path(args.waivers) if args.waivers else (
        prepared.config.parent if prepared.config else Path()) / WAIVERS_FILE
    new = waive(prepared.protected, report, path, args.fingerprint or (), args.sha256 or (), args.reason,
                args.author, expires, dt.date.today())
    for w in new:
        print(f"withhold: waived {w.code} at {w.path} until {expires.isoformat()} in {path}")
    return EXIT_CLEAN


COMMANDS = {"scan": _scan, "merge": _merge, "check-list": _check_list, "hook": hook.run, "waive": _waive, "seal": _seal,
            **deploy.COMMANDS}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help/--version
        return int(exc.code or 0)
    return guarded(COMMANDS[args.command], args)


def run() -> None:
    """The console script (and `python -m withhold`): main(), its output flushed, then leave at once.

    A scan with a list of 100,000 people holds millions of objects; freeing them one by one as the
    interpreter shut down took 0.4-0.7 s of every run, for memory the system takes back anyway (mypy
    leaves the same way). Every file withhold writes is closed, and every child it started ended,
    before main() returns.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that left (`| head`) or a closed stream: nothing more to say
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
