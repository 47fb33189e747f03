"""The MkDocs plugin: scan the finished site_dir with the core, log every finding at its source, fail once.

`mkdocs build` stops with one PluginError after logging each finding; `mkdocs serve` only warns
and marks the affected pages, so an editor's preview never dies because of a finding.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from withhold.deploy import manifest
from withhold.errors import ConfigError
from withhold.findings import Coverage, Finding, RunInfo, ScanResult
from withhold.mkdocs_plugin import banner, logmask, preview, sources
from withhold.mkdocs_plugin.config import WithholdConfig
from withhold.mkdocs_plugin.sources import ATTACHMENT, THEME, Origin, Traced, top
from withhold.protected.mask import mask_found
from withhold.report import coverage_message, finding_message
from withhold.report.formats import FORMATS
from withhold.run.core import Ready, Results, check, prepare_run
from withhold.run.waivers import NOTE_WAIVED, Note
from withhold.settings import LIST_ENV, overrides

log = get_plugin_logger(__name__)


def _log_step(what: str, done: int, total: int) -> None:
    """Log each step of preparing the list as it starts (mkdocs has no bar; serve would garble one)."""
    if done == 0:
        log.info(what)

SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".sarif": "sarif"}
SHOWN_PLACES = 3


class WithholdPlugin(BasePlugin[WithholdConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.ready: Ready | None = None
        self.ready_key: tuple[Any, ...] = ()
        self.files: Files | None = None
        self.links: dict[str, dict[str, str]] = {}  # page in site_dir -> {linked file: link as written}
        # What earlier builds of this process found, per file and content, for the ready list:
        # a rebuild of `mkdocs serve` scans only what changed. Memory only; emptied with a new list.
        self.scanned: Results = {}
        self.sources: sources.Scanned = {}
        self.unmask_log = lambda: None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.ready = self._prepare(config)
            self._report_path(config)
            self._outside_site(config, self.config.manifest, "the manifest")
        except ConfigError as exc:  # fail closed: no usable list, no build
            raise PluginError(f"withhold: configuration error: {exc}") from None
        for line in self.ready.prepared.report.lines():  # warnings, so `--strict` stops on a doubtful list
            log.warning(f"protected list: {line}")
        self.unmask_log()
        self.unmask_log = logmask.install(self._mask)
        if not self.dirty:  # a dirty rebuild renders only changed pages: keep the others' links
            self.links = {}
        return config

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.ready is not None:  # a changed list rebuilds the preview, no restart needed
            server.watch(str(self.ready.prepared.list_path), recursive=False)
        return server

    @event_priority(-1000)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.files = files
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.links[page.file.dest_uri] = banner.page_links(html, page.url)
        return html

    # MkDocs calls -100 "last"; plugins that use it still write before this scan.
    @event_priority(-1000)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._check(config)
        except PluginError:
            raise
        except Exception as exc:  # noqa: BLE001  its message may quote the site's content: show only its type
            raise PluginError(f"withhold: internal error ({type(exc).__name__}) while checking the site; "
                              "this is a bug, please report it. The build is stopped: do not deploy site_dir") from None

    def _check(self, config: MkDocsConfig) -> None:
        """Scan site_dir, log every finding at its source, then fail (build) or mark the pages (serve)."""
        assert self.ready is not None and self.files is not None
        prepared = self.ready.prepared
        site = Path(config.site_dir)
        outcome = check(self.ready, [site], relative=True, memo=self.scanned)
        self._log_notes(outcome.notes)
        result = outcome.result
        origins = sources.origins(config, self.files, self._mask)
        found = sources.source_findings(config, self.files, prepared.protected, prepared.settings, self.sources)
        traced = sources.trace(result.findings, origins, found, self._mask)
        fails = set(result.failing)
        unread = result.unread
        for group in traced:
            self._log_traced(group, any(f in fails for f in group.published))
        for row in unread:
            self._log_unread(row, origins.get(top(row.path)))
        report = self._write_report(config, result, outcome.info)
        if self.serving:
            if self.config.serve_banner:
                self._decorate(config, traced, unread)
            return
        if not fails and not unread:
            if result.findings:
                log.info(f"{len(result.findings)} finding(s) below fail_on: {result.fail_on}, logged as warnings")
            self._manifest(config, result)
            return
        self._manifest(config, None)
        removed = self._remove_offending(site, result) if self.config.remove_offending else 0
        raise PluginError(self._summary(result, traced, fails, unread, report, removed))

    def on_shutdown(self) -> None:
        self.unmask_log()

    # -- preparing -------------------------------------------------------------------------

    def _prepare(self, config: MkDocsConfig) -> Ready:
        """Return the ready list, prepared again whenever the list, the options or the config file change."""
        options = overrides(
            identifier_columns=self.config.identifier_columns, context_columns=self.config.context_columns,
            exclude=self.config.exclude, include=self.config.include, fail_on=self.config.fail_on,
        )
        roots = [Path(config.docs_dir), Path(config.site_dir)]
        start = Path(config.config_file_path).parent if config.config_file_path else None
        key = (self.config.list, self.config.config_file, self.config.waivers, repr(options), os.environ.get(LIST_ENV),
               config.docs_dir, config.site_dir)
        if self.ready is not None and self.ready_key == (*key, *_digests(self.ready)):
            return self.ready
        ready = prepare_run(self.config.list, self.config.config_file, options, roots, waivers=self.config.waivers,
                            start=start, cache=True, steps=_log_step)
        self.scanned, self.sources = {}, {}
        self.ready_key = (*key, *_digests(ready))
        log.info(f"protected list: {ready.prepared.report.records} records, "
                 f"list fingerprint {ready.prepared.protected.fingerprint}")
        return ready

    def _report_path(self, config: MkDocsConfig) -> Path | None:
        return self._outside_site(config, self.config.report, "the report")

    def _outside_site(self, config: MkDocsConfig, option: str | None, what: str) -> Path | None:
        """Return an output file's path (relative to mkdocs.yml); ConfigError inside site_dir or docs_dir."""
        if not option:
            return None
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        path = (base / os.path.expanduser(option)).resolve()
        for root in (config.site_dir, config.docs_dir):
            real = os.path.realpath(root)
            if str(path) == real or str(path).startswith(real.rstrip(os.sep) + os.sep):
                raise ConfigError(f"{what} {option} is inside {root}: it would be published. "
                                  "Write it outside site_dir and docs_dir (e.g. ../reports/withhold.html)")
        return path

    def _manifest(self, config: MkDocsConfig, result: ScanResult | None) -> None:
        """Write the deploy manifest of a passing build (result), or remove a stale one (None)."""
        path = self._outside_site(config, self.config.manifest, "the manifest")
        if path is None or self.ready is None:
            return
        if result is None:
            if manifest.remove_stale(path):
                log.info(f"removed the stale manifest {os.path.relpath(path)}: this build failed")
            return
        written, problems = manifest.of_scan(Path(config.site_dir), result, self.ready.prepared, "")
        if problems:
            manifest.remove_stale(path)
            raise PluginError(f"withhold: site_dir changed while it was scanned ({'; '.join(problems)}); "
                              "no manifest written: build again")
        try:
            manifest.write(path, written)
        except ConfigError as exc:
            raise PluginError(f"withhold: {exc}") from None
        log.info(f"manifest of {len(written.items)} file(s) written to {os.path.relpath(path)}")

    def _mask(self, text: str) -> str:
        assert self.ready is not None
        return mask_found(self.ready.prepared.protected, text)

    # -- scanning --------------------------------------------------------------------------

    def _log_notes(self, notes: list[Note]) -> None:
        """Log what each waiver did: waived (info), or expired or unused (warnings, so `--strict` stops)."""
        for note in notes:
            if note.status == NOTE_WAIVED:
                log.info(note.line())
            else:
                log.warning(note.line())

    # -- telling ---------------------------------------------------------------------------

    def _log_traced(self, group: Traced, fails: bool) -> None:
        if group.source.role in (ATTACHMENT, THEME):  # the file itself is published
            shown = f"published as {top(group.published[0].display)}"
        else:
            places = [f"{f.display}{f.locator}" for f in group.published]
            more = len(places) - SHOWN_PLACES
            shown = "published in " + ", ".join(places[:SHOWN_PLACES]) + (f" (+{more} more)" if more > 0 else "")
        message = f"{group.source.where}: {finding_message(group.source.finding)}; {shown}"
        if fails and not self.serving:
            log.error(message)
        else:
            log.warning(message)

    def _log_unread(self, row: Coverage, origin: Origin | None) -> None:
        where = f"{origin.label} (published as {row.display})" if origin else row.display
        message = f"{where}: {coverage_message(row)}; fail closed: it cannot be published until it is read"
        if self.serving:
            log.warning(message)
        else:
            log.error(message)

    def _write_report(self, config: MkDocsConfig, result: ScanResult, info: RunInfo) -> str | None:
        path = self._report_path(config)
        if path is None:
            return None
        fmt = self.config.report_format or SUFFIX_FORMATS.get(path.suffix.lower(), "text")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FORMATS[fmt](result, info, False), encoding="utf-8")
        shown = os.path.relpath(path)
        log.info(f"report ({fmt}) written to {shown}")
        return shown

    def _summary(self, result: ScanResult, traced: list[Traced], fails: set[Finding], unread: list[Coverage],
                 report: str | None, removed: int) -> str:
        parts = []
        if fails:
            files = len({top(f.path) for f in fails})
            sources = len({g.source.where for g in traced if any(f in fails for f in g.published)})
            parts.append(f"{len(fails)} protected identifier(s) published in {files} file(s), from {sources} source(s)")
        if unread:
            parts.append(f"{len(unread)} file(s) not examined")
        tail = f"; report: {report}" if report else ""
        left = (f"; removed {removed} offending file(s) from site_dir, the rest is still there: do not deploy it"
                if removed else "; site_dir was left on disk: do not deploy it")
        return f"withhold: build stopped: {', '.join(parts)} (each is logged above){tail}{left}"

    def _remove_offending(self, site: Path, result: ScanResult) -> int:
        paths = {top(f.path) for f in result.findings} | {top(c.path) for c in result.unread}
        removed = 0
        for rel in sorted(paths):
            target = site / rel
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed += 1
        return removed

    # -- serving ---------------------------------------------------------------------------

    def _decorate(self, config: MkDocsConfig, traced: list[Traced], unread: list[Coverage]) -> None:
        """Mark every affected page of the preview: a banner on top, its visible hits highlighted."""
        assert self.files is not None and self.ready is not None
        protected = self.ready.prepared.protected
        site = Path(config.site_dir)
        for file in self.files.documentation_pages():
            entries = preview.entries(file.dest_uri, self.links.get(file.dest_uri, {}), traced, unread)
            preview.decorate_file(site / file.dest_uri, entries,
                                  lambda text: [(h.start, h.end) for h in protected.find(text)])


def _digests(ready: Ready) -> tuple[str, ...]:
    """Return the content hashes of the list, the config file and the waiver file: a change to any re-prepares."""
    out = []
    for path in (ready.prepared.list_path, ready.prepared.config, ready.waivers_file):
        try:
            out.append(hashlib.sha256(path.read_bytes()).hexdigest() if path else "")
        except OSError:
            out.append("")
    return tuple(out)
