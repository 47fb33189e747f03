"""The `mkdocs serve` preview: a banner at the top of an affected page and its hits marked in place.

The banner is built from masked messages only. The marks wrap the page's own characters, which
the editor's local preview already shows; they add nothing to the page but the highlight.
"""

from __future__ import annotations

import html
import posixpath
import urllib.parse
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from bs4 import BeautifulSoup, NavigableString, Tag

from withhold.text.spans import merge

BANNER_ID = "withhold-banner"
MARK_CLASS = "withhold-hit"
SKIP = frozenset({"script", "style", "template", "textarea", "noscript", "title", "head", "svg"})
LINK_ATTRS = ("href", "src", "data", "poster")

Spans = Callable[[str], list[tuple[int, int]]]


class Entry(NamedTuple):
    """One problem the page shows. Every field is masked, or a path as the core displays it."""

    label: str  # what entries are counted by: "W001 protected name"
    message: str  # "W001 protected name, record P00001 (M**** G*****)"
    file: str  # "docs/case.md", "docs/stats.xlsx"
    at: str  # the place in the file: ":5:14", "!Sheet3!A2", ""
    role: str  # the words before the file: "in the Markdown at", "in the attachment"
    href: str | None = None  # link from this page to the attachment


SHOWN = 3  # entries of one file listed in full; more are counted, and listed in a <details>

_STYLE = f"""
#{BANNER_ID}{{all:initial;display:block;box-sizing:border-box;width:100%;margin:0;padding:14px 20px 12px;
background:#fff4f4;color:#3b0a0a;border-bottom:4px solid #b3261e;font:15px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,Arial,sans-serif;position:relative;z-index:10;}}
#{BANNER_ID} *{{box-sizing:border-box;}}
#{BANNER_ID} .wh-title{{display:block;font-weight:700;font-size:17px;margin:0 0 6px;color:#8c1d18;}}
#{BANNER_ID} ul{{margin:6px 0 8px 0;padding:0 0 0 22px;}}
#{BANNER_ID} li{{margin:3px 0;}}
#{BANNER_ID} code{{font:13px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#fde2e1;
padding:1px 4px;border-radius:3px;color:#3b0a0a;}}
#{BANNER_ID} a{{color:#8c1d18;text-decoration:underline;}}
#{BANNER_ID} details{{display:inline;margin-left:8px;}}
#{BANNER_ID} summary{{display:inline;cursor:pointer;color:#8c1d18;text-decoration:underline;}}
#{BANNER_ID} details[open]{{display:block;margin:4px 0 0;max-height:40vh;overflow:auto;}}
#{BANNER_ID} .wh-note{{margin:0;font-size:13px;color:#5f2120;}}
mark.{MARK_CLASS}{{background:#ffd54f;color:inherit;outline:2px solid #b3261e;border-radius:2px;padding:0 1px;}}
"""


def page_links(content: str, page_url: str) -> dict[str, str]:
    """Return the site files a page's content links to (path in site_dir -> the link as written)."""
    soup = BeautifulSoup(content, "html.parser")
    base = "/" + page_url.lstrip("/")
    out: dict[str, str] = {}
    for tag in soup.find_all(True):
        for attr in LINK_ATTRS:
            value = tag.get(attr)
            if not isinstance(value, str) or not value.strip():
                continue
            parts = urllib.parse.urlsplit(urllib.parse.urljoin(base, value.strip()))
            if parts.scheme not in ("", "http", "https") or parts.netloc or not parts.path:
                continue
            path = posixpath.normpath(urllib.parse.unquote(parts.path)).lstrip("/")
            if parts.path.endswith("/") or not path:
                path = posixpath.join(path, "index.html").lstrip("/")
            out.setdefault(path, value.strip())
    return out


def clear(soup: BeautifulSoup) -> None:
    """Remove a banner and marks left by an earlier build (`mkdocs serve --dirty` keeps pages)."""
    for old in soup.select(f"#{BANNER_ID}"):
        old.decompose()
    for mark in soup.select(f"mark.{MARK_CLASS}"):
        mark.unwrap()


def highlight(soup: BeautifulSoup, spans: Spans) -> int:
    """Wrap each hit in the page's visible text in a <mark>; return how many were marked."""
    body = soup.body or soup
    count = 0
    for node in list(body.find_all(string=True)):
        if type(node) is not NavigableString or any(p.name in SKIP for p in node.parents if isinstance(p, Tag)):
            continue
        text = str(node)
        found = merge(spans(text))
        if not found:
            continue
        pieces: list[NavigableString | Tag] = []
        last = 0
        for start, end in found:
            if start > last:
                pieces.append(NavigableString(text[last:start]))
            mark = soup.new_tag("mark", attrs={"class": MARK_CLASS,
                                               "title": "withhold: a protected identifier (see the banner at the top)"})
            mark.string = text[start:end]
            pieces.append(mark)
            last = end
        if last < len(text):
            pieces.append(NavigableString(text[last:]))
        node.replace_with(*pieces)
        count += len(found)
    return count


def banner_html(entries: Sequence[Entry], marked: int) -> str:
    """Return the banner: what was found, masked, and where; never a protected value."""
    groups: dict[tuple[str, str, str | None], list[Entry]] = {}
    for entry in entries:
        groups.setdefault((entry.role, entry.file, entry.href), []).append(entry)
    items = []
    for (role, file, href), group in groups.items():
        place = _code(file, href)
        if len(group) <= SHOWN:
            items += [f"<li>{html.escape(e.message)} &mdash; {html.escape(role)} {_code(file + e.at, href)}</li>"
                      for e in group]
            continue
        counts = ", ".join(f"{n} {html.escape(label)}" for label, n in Counter(e.label for e in group).items())
        rows = "".join(f"<li><code>{html.escape(e.at or file)}</code> {html.escape(e.message)}</li>" for e in group)
        items.append(f"<li>{len(group)} problems {html.escape(role)} {place}: {counts}"
                     f"<details><summary>show each</summary><ul>{rows}</ul></details></li>")
    if marked:
        seen = f"{marked} place(s) on this page are highlighted in yellow."
    else:
        seen = "Nothing is highlighted on this page: the hits are in an attachment, an attribute or markup."
    return (
        f'<div id="{BANNER_ID}" role="alert" aria-live="polite"><style>{_STYLE}</style>'
        f'<span class="wh-title">withhold: {len(entries)} problem(s) on this page &mdash; '
        "<code>mkdocs build</code> will fail until they are fixed</span>"
        f"<ul>{''.join(items)}</ul>"
        f'<p class="wh-note">{seen} Remove the value from the source named and save: this banner '
        "goes away on the next reload. Values are masked here on purpose.</p></div>"
    )


def _code(text: str, href: str | None) -> str:
    code = f"<code>{html.escape(text)}</code>"
    return f'<a href="{html.escape(href, quote=True)}">{code}</a>' if href else code


def decorate(page: str, entries: Sequence[Entry], spans: Spans) -> str:
    """Return the page with old marks cleared, hits marked and, when there are entries, the banner on top."""
    soup = BeautifulSoup(page, "html.parser")
    clear(soup)
    marked = highlight(soup, spans)
    if entries and soup.body is not None:
        soup.body.insert(0, BeautifulSoup(banner_html(entries, marked), "html.parser"))
    return str(soup)
