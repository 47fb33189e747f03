"""The plugin's options, as `plugins: - withhold: {...}` in mkdocs.yml takes them (docs/mkdocs.md).

There is deliberately no `enabled` option: MkDocs' own `enabled: false` switches the plugin off.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from withhold.report.formats import FORMATS


class WithholdConfig(base.Config):
    # The protected list; relative to mkdocs.yml. Unset: $WITHHOLD_LIST, then `list` in withhold.toml.
    # A missing or unusable list stops the build (fail closed).
    list = c.Optional(c.File(exists=False))
    # withhold.toml (or pyproject.toml with [tool.withhold]); unset: found from mkdocs.yml's folder up.
    config_file = c.Optional(c.File(exists=True))
    identifier_columns = c.ListOfItems(c.Type(str), default=[])
    context_columns = c.ListOfItems(c.Type(str), default=[])

    # "any": every finding stops the build. "critical": only findings corroborated by a birth
    # date, context value or unique number do; the others are warnings, which `--strict` stops on.
    # Files that could not be examined always stop the build.
    fail_on = c.Choice(("any", "critical"), default="any")

    # Globs of paths in site_dir: only files matching `include` are scanned, and none matching
    # `exclude`. Skipped files are listed as "excluded" in the report, never silently dropped.
    include = c.ListOfItems(c.Type(str), default=["**"])
    exclude = c.ListOfItems(c.Type(str), default=[])

    # A report file, relative to mkdocs.yml; refused inside site_dir or docs_dir.
    report = c.Optional(c.Type(str))
    report_format = c.Optional(c.Choice(tuple(sorted(FORMATS))))  # unset: from the report's suffix

    # A deploy manifest (docs/deploy.md), relative to mkdocs.yml, written on a passing build and removed
    # on a failing one; `withhold verify --manifest FILE site/` then proves the deploy publishes that.
    manifest = c.Optional(c.Type(str))

    # Reviewed exceptions (docs/waivers.md); unset: .withhold-waivers.toml beside withhold.toml or mkdocs.yml.
    waivers = c.Optional(c.File(exists=True))

    # On a failed build, delete from site_dir every file with a finding or not examined.
    remove_offending = c.Type(bool, default=False)

    # `mkdocs serve`: add a banner listing what was found to each affected page, and mark the hits.
    serve_banner = c.Type(bool, default=True)
