"""Settings: one immutable object that travels through the core, and the config files it comes from."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Any

from withhold.errors import ConfigError

LIST_ENV = "WITHHOLD_LIST"

DEFAULT_CONTEXT_COLUMNS = (
    "nationality",
    "citizenship",
    "country_of_birth",
    "facility",
    "detention_facility",
    "location",
)


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything that changes what a scan does. Built once by an adapter, never mutated."""

    identifier_columns: tuple[str, ...] = ()
    context_columns: tuple[str, ...] = DEFAULT_CONTEXT_COLUMNS
    window: int = 20  # tokens either side of a name hit searched for a corroborating date
    exclude: tuple[str, ...] = ()  # glob patterns of relative paths not to scan (reported as excluded)
    include: tuple[str, ...] = ("**",)  # only paths matching one of these are scanned (the others: excluded)
    fail_on: str = "any"  # or "critical": only corroborated findings fail the run (files not examined always do)
    max_file_bytes: int = 1 << 30
    max_depth: int = 4  # nesting of archives, embedded files and encoded layers (base64, quoted-printable)
    max_members: int = 10_000
    max_member_bytes: int = 256 << 20
    max_total_bytes: int = 1 << 30  # uncompressed bytes per top-level file, all members together
    max_ratio: int = 200  # uncompressed / compressed, per member
    file_seconds: float = 120.0
    # Pixels (docs/attachments.md, "Text in pictures"): "read" fails a picture no OCR engine can
    # read; "unread-ok" lets it pass as "pixels not read" (never as "examined").
    pixels: str = "read"
    ocr_engine: str = "auto"  # "auto", "rapidocr", "tesseract", or "none" (read no pixels)
    # The folder of the OCR cache (owner-only), set by prepare() from the user's cache folder;
    # "" keeps OCR results for this run only.
    pixel_cache: str = ""
    # False when no pattern of the list holds a Han ideograph, set by prepare(): OCR may then leave
    # those characters out (extract/ocrmodel.py). Not a config key, and not in the repr that list
    # fingerprints hash (protected/keys.py): it follows from the list.
    ocr_han: bool = dataclasses.field(default=True, repr=False)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


_KEYS = {
    "identifier-columns": ("identifier_columns", tuple),
    "context-columns": ("context_columns", tuple),
    "window": ("window", int),
    "exclude": ("exclude", tuple),
    "include": ("include", tuple),
    "fail-on": ("fail_on", str),
    "max-file-bytes": ("max_file_bytes", int),
    "max-depth": ("max_depth", int),
    "max-members": ("max_members", int),
    "max-member-bytes": ("max_member_bytes", int),
    "max-total-bytes": ("max_total_bytes", int),
    "max-ratio": ("max_ratio", int),
    "file-seconds": ("file_seconds", float),
    "pixels": ("pixels", str),
    "ocr-engine": ("ocr_engine", str),
}
FAIL_ON = ("any", "critical")
# Keys whose value is one of a few words.
_CHOICES = {"fail-on": FAIL_ON, "pixels": ("read", "unread-ok"), "ocr-engine": ("auto", "rapidocr", "tesseract", "none")}
# Keys a config file may hold that are not Settings: the adapters read them.
ADAPTER_KEYS = ("list",)


def overrides(**options: object) -> dict[str, object]:
    """Return a door's options (identifier_columns=..., fail_on=...) as config keys, the unset ones left out.

    What a door was told wins over the config file (settings_from, run/prepare.py).
    """
    return {name.replace("_", "-"): value for name, value in options.items() if value not in (None, (), [])}


def find_config(start: Path) -> Path | None:
    """Return withhold.toml, or a pyproject.toml with [tool.withhold], in start or its parents."""
    for folder in (start, *start.parents):
        candidate = folder / "withhold.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "tool" in (table := _read_toml(candidate)) and "withhold" in table["tool"]:
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None


def load_config(path: Path | None) -> dict[str, Any]:
    """Return the withhold table of a config file ({} for None)."""
    if path is None:
        return {}
    table = _read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("withhold", {})
    unknown = sorted(set(table) - set(_KEYS) - set(ADAPTER_KEYS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted([*_KEYS, *ADAPTER_KEYS]))}"
        )
    return dict(table)


def settings_from(table: dict[str, Any], base: Settings | None = None) -> Settings:
    """Return Settings with the known keys of a config table applied over base."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            continue
        field, kind = _KEYS[key]
        try:
            if kind is tuple:
                if isinstance(value, str):
                    value = [v.strip() for v in value.split(",") if v.strip()]
                if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                    raise TypeError
                changes[field] = tuple(v.strip().lower() for v in value) if field.endswith("columns") else tuple(value)
            elif key in _CHOICES:
                if value not in _CHOICES[key]:
                    raise ConfigError(f"config key {key!r} must be one of {', '.join(map(repr, _CHOICES[key]))}")
                changes[field] = value
            else:
                changes[field] = kind(value)
                if changes[field] < 0:
                    raise ValueError
        except (TypeError, ValueError):
            raise ConfigError(f"config key {key!r} has an unusable value; see README, section Configuration") from None
    return dataclasses.replace(base or Settings(), **changes)


def list_path(explicit: str | None, table: dict[str, Any], config_path: Path | None) -> Path:
    """Return the protected list's path: the option, else WITHHOLD_LIST, else the config's `list`."""
    raw = explicit or os.environ.get(LIST_ENV) or table.get("list")
    if not raw:
        raise ConfigError(
            f"no protected list: pass --list PATH or set {LIST_ENV}; the list must live outside the site's sources"
        )
    path = Path(os.path.expanduser(str(raw)))
    if not explicit and not os.environ.get(LIST_ENV) and config_path is not None and not path.is_absolute():
        path = config_path.parent / path
    return path
