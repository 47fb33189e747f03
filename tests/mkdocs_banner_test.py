"""The preview's banner and marks (withhold.mkdocs_plugin.banner), on HTML strings."""

from __future__ import annotations

import pytest

from people import PEOPLE
from withhold.mkdocs_plugin.banner import BANNER_ID, Entry, banner_html, decorate, page_links

MARIA = PEOPLE[0]
PAGE = f"""<!doctype html>
<html><head><title>{MARIA.full}</title><script>var who = "{MARIA.full}";</script></head>
<body><main><h1>Case</h1><p>The detainee {MARIA.full} was moved.</p>
<img alt="{MARIA.full}" src="x.png"></main></body></html>
"""
ENTRY = Entry("W001 protected name", "W001 protected name, record P00001 (M**** J*** G***** L****)", "docs/case.md",
              ":5:14", "in the Markdown at")


@pytest.fixture
def spans(protected):
    return lambda text: [(h.start, h.end) for h in protected.find(text)]


def test_visible_text_is_marked_and_the_banner_is_first_in_the_body(spans, assert_no_leak):
    out = decorate(PAGE, [ENTRY], spans)
    body = out.split("<body>", 1)[1]
    assert body.startswith(f'<div aria-live="polite" id="{BANNER_ID}" role="alert">')
    assert f'<p>The detainee <mark class="withhold-hit" title="withhold: a protected identifier (see the banner at the ' \
           f'top)">{MARIA.full}</mark> was moved.</p>' in out
    assert out.count("<mark") == 1  # not in the title, the script or the alt text
    assert f"<title>{MARIA.full}</title>" in out and f'alt="{MARIA.full}"' in out
    banner = body.split("</div>", 1)[0]
    assert "1 place(s) on this page are highlighted" in banner
    assert_no_leak(banner)


def test_decorating_twice_leaves_one_banner_and_one_mark(spans):
    once = decorate(PAGE, [ENTRY], spans)
    assert decorate(once, [ENTRY], spans) == once
    assert BANNER_ID not in decorate(once, [], spans)  # fixed: a dirty rebuild clears the old banner


def test_banner_escapes_and_links():
    entry = Entry("W900 not examined", "W900 not examined: <corrupt>", "docs/a&b.xlsx", "", "in the attachment",
                  "../a&b.xlsx")
    html = banner_html([entry], 0)
    assert "<li>W900 not examined: &lt;corrupt&gt; &mdash; in the attachment " \
           '<a href="../a&amp;b.xlsx"><code>docs/a&amp;b.xlsx</code></a></li>' in html
    assert "Nothing is highlighted on this page" in html


def test_many_problems_in_one_file_are_counted_and_listed_on_demand():
    cells = [Entry("W001 protected name", f"W001 protected name, record D{n}", "docs/s.xlsx", f"!Sheet3!A{n}",
                   "in the attachment", "s.xlsx") for n in range(2, 14)]
    cells += [Entry("W002 A-number", f"W002 A-number, record D{n}", "docs/s.xlsx", f"!Sheet3!D{n}",
                    "in the attachment", "s.xlsx") for n in range(2, 14)]
    html = banner_html(cells, 0)
    assert "withhold: 24 problem(s) on this page" in html
    assert ('<li>24 problems in the attachment <a href="s.xlsx"><code>docs/s.xlsx</code></a>: '
            "12 W001 protected name, 12 W002 A-number<details><summary>show each</summary>") in html
    assert "<li><code>!Sheet3!D13</code> W002 A-number, record D13</li>" in html


@pytest.mark.parametrize("page_url, href, target", [
    ("case/", "../files/data.csv", "files/data.csv"),
    ("case/", "../", "index.html"),
    ("", "stats/", "stats/index.html"),
    ("case.html", "files/data%20set.csv#x", "files/data set.csv"),
    ("case/", "https://example.org/a.pdf", None),
    ("case/", "mailto:press@example.org", None),
])
def test_page_links_resolve_to_paths_in_site_dir(page_url, href, target):
    links = page_links(f'<p><a href="{href}">x</a></p>', page_url)
    assert links == ({target: href} if target else {})
