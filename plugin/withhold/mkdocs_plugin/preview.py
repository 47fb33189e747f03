"""What `mkdocs serve` shows on each page: the problems of the page and of what it links to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from withhold.findings import Coverage
from withhold.mkdocs_plugin import banner
from withhold.mkdocs_plugin.sources import ATTACHMENT, CONFIG, DERIVED, PAGE, TEMPLATE, THEME, Traced, top
from withhold.report import NOT_EXAMINED_TITLE, coverage_message, finding_message, finding_title

ROLE_WORDS = {
    PAGE: "in the Markdown at", CONFIG: "in the navigation or site settings at", TEMPLATE: "in the theme's templates at",
    ATTACHMENT: "in the attachment", THEME: "in a theme file", DERIVED: "in a file MkDocs or a plugin wrote",
}


def entries(page: str, links: dict[str, str], traced: Sequence[Traced], unread: Sequence[Coverage]) -> list[banner.Entry]:
    """Return the banner entries of a page (its path in site_dir): hits in it, and in the files it links to."""
    out: list[banner.Entry] = []
    for group in traced:
        tops = {top(f.path) for f in group.published}
        source = group.source
        entry = banner.Entry(finding_title(source.finding), finding_message(source.finding),
                             source.file, source.where[len(source.file):], ROLE_WORDS[source.role])
        if page in tops:
            out.append(entry)
        out += [entry._replace(href=links[t]) for t in sorted(tops) if t in links and t != page]
    out += [banner.Entry(NOT_EXAMINED_TITLE, coverage_message(row), row.display, "", "could not read the attachment",
                         links[top(row.path)]) for row in unread if top(row.path) in links]
    return list(dict.fromkeys(out))


def decorate_file(path: Path, found: list[banner.Entry], spans: banner.Spans) -> None:
    """Rewrite a built page with its banner and marks, or clear stale ones; leave a clean page alone."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if found or banner.BANNER_ID in text:
        path.write_text(banner.decorate(text, found, spans), encoding="utf-8")
