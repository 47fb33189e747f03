"""What the command-line doors share: the options that name the list, and one guard that turns errors into exit codes.

`withhold scan` (cli.py) and `withhold hook` (hook.py, also run on its own by pre-commit) both use it.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable

from withhold.errors import EXIT_CONFIG, EXIT_INTERNAL, ConfigError
from withhold.settings import overrides


def add_list_options(parser: argparse.ArgumentParser) -> None:
    """Add the options every command that reads the protected list takes."""
    parser.add_argument("--list", metavar="PATH", help="the protected list (CSV, JSON Lines or text); default: $WITHHOLD_LIST")
    parser.add_argument("--config", metavar="FILE", help="withhold.toml or pyproject.toml (default: found from the current folder up)")
    parser.add_argument("--identifier-column", action="append", default=[], metavar="COLUMN",
                        help="a list column matched as an exact identifier (passport, ssn, email...); repeatable")
    parser.add_argument("--context-column", action="append", default=[], metavar="COLUMN",
                        help="a list column that only corroborates a name hit (nationality, facility...); repeatable")
    parser.add_argument("--debug", action="store_true", help="on an internal error, show where it happened (no values)")
    parser.add_argument("--no-cache", action="store_true", help="prepare the list afresh, without the user's cache")


def list_overrides(args: argparse.Namespace) -> dict[str, object]:
    """Return the settings the command line gives (config keys), over the config file's."""
    return overrides(
        identifier_columns=args.identifier_column,
        context_columns=args.context_column,
        window=getattr(args, "window", None),
        exclude=getattr(args, "exclude", None),
        include=getattr(args, "include", None),
        fail_on=getattr(args, "fail_on", None),
    )


def guarded(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command and return its exit code; errors become a message and a code, never a traceback."""
    try:
        return command(args)
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
