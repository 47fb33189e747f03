"""The pre-commit hook: `withhold hook FILE...` checks the sources a commit adds or changes.

Sources are scanned as they are written (Markdown, YAML with front matter and mkdocs.yml's
navigation labels, data files, office documents, PDFs, archives) by the same core as a site scan,
so a finding's locator is the source's own `path:line:col`. Silent and 0 when clean; one masked
line per finding and 1 otherwise; 2 on a usage or list problem. pre-commit may split the files
over several processes: each one prepares the list (from the cache) and judges its own files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from withhold.errors import EXIT_CLEAN, EXIT_CONFIG, EXIT_FINDINGS
from withhold.options import add_list_options, guarded, list_overrides
from withhold.report import coverage_message, finding_message
from withhold.report.progress import Steps
from withhold.run.core import check, prepare_run
from withhold.run.prepare import list_problem
from withhold.run.waivers import NOTE_WAIVED
from withhold.settings import LIST_ENV

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


def run(args: argparse.Namespace) -> int:
    """Check args.files; print one line per finding; return the exit code."""
    if not args.files:
        return EXIT_CLEAN
    problem = list_problem(args.list, args.config)
    if problem:
        if args.allow_missing_list:
            print(f"withhold: skipped: {problem} (allowed by --allow-missing-list)", file=sys.stderr)
            return EXIT_CLEAN
        sys.stderr.write(MISSING_LIST.format(problem=problem, env=LIST_ENV))
        return EXIT_CONFIG
    files = [Path(f) for f in args.files]
    steps = Steps(show=sys.stderr.isatty())  # a commit waits on the hook: on a terminal, say what it prepares
    ready = prepare_run(args.list, args.config, list_overrides(args), files, waivers=args.waivers,
                        cache=not args.no_cache, steps=steps, lazy=True, background=True)
    steps.end()
    outcome = check(ready, files, committed=True)
    result = outcome.result
    lines = [f"{f.display}{f.locator}: {finding_message(f)}" for f in result.findings]
    lines += [f"{c.display}: {coverage_message(c)}" for c in result.unread]
    lines += [note.line() for note in outcome.notes if note.status != NOTE_WAIVED]
    if lines:
        print("\n".join(lines))
    return EXIT_FINDINGS if outcome.failed else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    """Run `withhold hook` with argv (the hook's own arguments and files)."""
    parser = argparse.ArgumentParser(prog="withhold hook", description="Check the files a commit adds or changes.")
    add_list_options(parser)
    add_arguments(parser)
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    return guarded(run, args)


if __name__ == "__main__":
    raise SystemExit(main())
