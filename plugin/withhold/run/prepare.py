"""Turning what an adapter was given (options, config file, environment) into a ready scan."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from withhold import __version__
from withhold.errors import ConfigError
from withhold.findings import RunInfo
from withhold.protected.hits import ProtectedList
from withhold.protected.lookup import AutomatonApart
from withhold.protected.plaintext import Protected, Steps, quiet
from withhold.protected.sealed import SealedProtected
from withhold.protected.sealfile import KEY_ENV, is_sealed
from withhold.protected.watchlist import ListReport
from withhold.settings import LIST_ENV, Settings, find_config, list_path, load_config, settings_from
from withhold.store.cache import cache_dir, cached


class Prepared(NamedTuple):
    protected: ProtectedList  # a plaintext Protected or a SealedProtected (docs/sealed-lists.md)
    report: ListReport
    settings: Settings
    list_path: Path
    config: Path | None = None  # the config file used, if any: waivers are looked for beside it

    @property
    def info(self) -> RunInfo:
        """Return what every report says of this run: version, list fingerprint, records."""
        return RunInfo(__version__, self.protected.fingerprint, self.report.records)


def prepare(
    list_arg: str | None,
    config_arg: str | None,
    overrides: dict[str, Any],
    roots: Sequence[Path],
    start: Path | None = None,
    cache: bool = True,
    steps: Steps = quiet,
    lazy: bool = False,
    resolved: tuple[Settings, Path, Path | None] | None = None,
    later: Callable[[Callable[[], None]], None] | None = None,
) -> Prepared:
    """Return the settings and prepared list for a scan of roots; ConfigError on any problem.

    overrides are config keys (as in withhold.toml) given on the command line; they win over the file.
    With cache, the prepared list comes from the user's cache when the list and settings are unchanged.
    steps hears how far preparing (or loading the cache) has come: a door shows it, or not.
    lazy (a run that scans a few files: the hook): from the cache, the automaton is loaded only if the
    text scanned makes it pay; until then a compact trie of its patterns finds the same hits.
    resolved: what resolve() returned for these arguments, when the caller already asked.
    later: given the write of a new cache entry, when the caller runs it itself (store/cache.cached).
    """
    settings, path, config = resolved or resolve(list_arg, config_arg, overrides, start)
    refuse_list_inside(path, roots)
    # OCR results are kept in the same private folder (store/ocr.py); they do not depend on the list.
    scan_settings = settings.replace(pixel_cache=str(cache_dir())) if cache else settings
    if is_sealed(path):  # opened with its key every time: what the key derives is never cached
        steps("opening the sealed list", 0, 0)
        sealed, report = SealedProtected.load(path, settings, os.environ.get(KEY_ENV))
        return Prepared(sealed, report, scan_settings.replace(ocr_han=sealed.writes_han), path, config)
    if cache:
        protected, report = cached(path, settings, lambda: Protected.load(path, settings, steps), cache_dir(),
                                   loading=lambda: steps("loading the prepared list from the cache", 0, 0),
                                   apart=AutomatonApart(), lazy=lazy, later=later)
        protected = protected.under(settings)
    else:
        protected, report = Protected.load(path, settings, steps)
    return Prepared(protected, report, scan_settings.replace(ocr_han=protected.writes_han), path, config)


def resolve(
    list_arg: str | None, config_arg: str | None, overrides: dict[str, Any], start: Path | None = None
) -> tuple[Settings, Path, Path | None]:
    """Return the settings, the list's path and the config file used (None if none); ConfigError on a problem."""
    config = Path(config_arg) if config_arg else find_config(start or Path.cwd())
    table = load_config(config)
    settings = settings_from({**table, **{k: v for k, v in overrides.items() if v not in (None, (), [])}})
    return settings, list_path(list_arg, table, config), config


def refuse_list_inside(list_path: Path, roots: Iterable[Path]) -> None:
    """Raise ConfigError when the protected list lies inside a tree about to be scanned (or published)."""
    real = os.path.realpath(list_path)
    for root in roots:
        top = os.path.realpath(root)
        if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
            raise ConfigError(
                f"the protected list {list_path} is inside the scanned tree {root}: it would be published. "
                "Move it outside the site's sources and pass its new path with --list or WITHHOLD_LIST"
            )


def list_problem(list_arg: str | None, config_arg: str | None, start: Path | None = None) -> str:
    """Return why no protected list is at hand ("" when one is); ConfigError for a broken config."""
    config = Path(config_arg) if config_arg else find_config(start or Path.cwd())
    table = load_config(config)
    try:
        path = list_path(list_arg, table, config)
    except ConfigError:
        return f"no protected list is configured (--list, {LIST_ENV} or `list` in withhold.toml)"
    if not path.exists():
        return f"the protected list {path} does not exist on this machine"
    return ""
