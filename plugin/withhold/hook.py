"""The pre-commit hook: `withhold hook FILE...` checks the sources a commit adds or changes.

Sources are scanned as they are written (Markdown, YAML with front matter and mkdocs.yml's
navigation labels, data files, office documents, PDFs, archives) by the same core as a site scan,
so a finding's locator is the source's own `path:line:col`. Silent and 0 when clean; one masked
line per finding and 1 otherwise; 2 on a usage or list problem. pre-commit may split the files
over several processes: each one prepares the list (from the cache) and judges its own files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from withhold.errors import EXIT_CLEAN, EXIT_CONFIG, EXIT_FINDINGS, ConfigError
from withhold.findings import NOT_EXAMINED, ScanResult
from withhold.report import coverage_message, finding_message
from withhold.run.prepare import prepare
from withhold.run.waivers import NOTE_WAIVED, apply_waivers, load_waivers, waivers_path
from withhold.scan.file import scan_bytes
from withhold.scan.tree import scan_paths
from withhold.settings import LIST_ENV, find_config, list_path, load_config

MISSING_LIST = """\
withhold: {problem}.
  This hook checks every commit against the list of protected people, kept outside the repository.
  To run it, ask the site's maintainers for the list and point {env} at it:
      export {env}=/secure/place/protected.csv
  To commit without this check, deliberately and just this once:
      SKIP=withhold git commit ...
  (Where no contributor can hold the list, e.g. a hosted pre-commit service, the repository's
  .pre-commit-config.yaml can pass --allow-missing-list: the site's build must then run the check.)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to check (pre-commit passes the staged ones)")
    parser.add_argument("--waivers", metavar="FILE",
                        help="waiver file (default: .withhold-waivers.toml beside the config, or here)")
    parser.add_argument("--allow-missing-list", action="store_true",
                        help="pass, with a note, where no protected list is available (the build must check)")


def run(args: argparse.Namespace, overrides: dict[str, object]) -> int:
    """Check args.files; print one line per finding; return the exit code."""
    if not args.files:
        return EXIT_CLEAN
    problem = _missing_list(args.list, args.config)
    if problem:
        if args.allow_missing_list:
            print(f"withhold: skipped: {problem} (allowed by --allow-missing-list)", file=sys.stderr)
            return EXIT_CLEAN
        sys.stderr.write(MISSING_LIST.format(problem=problem, env=LIST_ENV))
        return EXIT_CONFIG
    files = [Path(f) for f in args.files]
    prepared = prepare(args.list, args.config, overrides, files, cache=not args.no_cache)
    result = ScanResult([], [])
    for path in files:
        if path.is_symlink():  # git stores a link as its target's path: that is what is committed
            one = scan_bytes(path.as_posix(), os.readlink(path).encode("utf-8", "surrogateescape"),
                             prepared.protected, prepared.settings)
        else:
            one = scan_paths([path], prepared.protected, prepared.settings, forbidden=prepared.list_path)
        result.findings.extend(one.findings)
        result.coverage.extend(one.coverage)
    waivers = load_waivers(waivers_path(args.waivers, prepared.config, Path.cwd()), prepared.protected)
    result, notes = apply_waivers(result, waivers, dt.date.today())
    lines = [f"{f.display}{f.locator}: {finding_message(f)}" for f in result.findings]
    lines += [f"{c.display}: {coverage_message(c)}" for c in result.coverage if c.status == NOT_EXAMINED]
    lines += [note.line() for note in notes if note.status != NOTE_WAIVED]
    if lines:
        print("\n".join(lines))
    return EXIT_FINDINGS if result.failed else EXIT_CLEAN


def _missing_list(list_arg: str | None, config_arg: str | None) -> str:
    """Return why no protected list is at hand ("" when one is); ConfigError for a broken config."""
    config = Path(config_arg) if config_arg else find_config(Path.cwd())
    table = load_config(config)
    try:
        path = list_path(list_arg, table, config)
    except ConfigError:
        return f"no protected list is configured (--list, {LIST_ENV} or `list` in withhold.toml)"
    if not path.exists():
        return f"the protected list {path} does not exist on this machine"
    return ""


def main(argv: list[str] | None = None) -> int:
    """Run `withhold hook` with argv (the hook's own arguments and files)."""
    from withhold.cli import main as cli_main

    return cli_main(["hook", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
