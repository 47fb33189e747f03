"""A docs site's vendor code against a list of short names: zero findings, and names in its prose still found.

Issue 12: real docs themes (MkDocs, Material) ship minified JavaScript and CSS, search language
packs, icon classes, file names like xx.min.js and a search index of HTML inside JSON; with a large
list of short romanised names, each of these raised false findings. Every file below is
synthesized for this test in the shape of such code (no project's code is copied), and every
person is fictional.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from people import Person, write_list
from withhold.cli import main

# Short names of the kind a 200,000-record list holds, each one the syllables of some code below.
SHORT = [("Var", "Ho"), ("Ro", "Po"), ("Max", "Ye"), ("Min", "He"), ("Li", "Qi"), ("Fa", "Li"), ("Li", "Li"),
         ("Da", "Min"), ("Ha", "Hai"), ("Le", "Lei"), ("For", "Ge"), ("Doc", "Doc"), ("Fa", "Fa"), ("Li", "For"),
         ("Ana", "Paz")]
PEOPLE = [Person(f"V{i:05d}", given, family, dt.date(1960 + i, 1, 2), f"A{412345670 + i}", f"ZZ{i:07d}", "Utopia")
          for i, (given, family) in enumerate(SHORT)]

_BUNDLE = (
    # a template literal that spans lines, then minified modules
    '"use strict";(()=>{var Ao=`\n  ${"x"}`;var Ho=(function(e){ie(t,e);function t(r,o){var n=e.call(this)||this;'
    "return n.destination=r,n.source=o,n}return t})(F);var De={onError:null,onStop:null};var Dr=new Ro(Po);"
    "function H(e){var ve=Math.max,ye=Math.min,we=Math.round;for(ge(i)&&(i=i.host);me(i);)i=i.parent;"
    'return[Math.min(he,...Se),Math.max(he,...Se)]}var r=/(["\'])li he(\\1)/g,s=a/2,sz={width:412345670};'
    "N.on(document,Si,Ii,qi.dataKeydownHandler),N.on(document,Li,qi.closeMenus),N.on(document,Di,qi.closeMenus);"
    'var so,is=0;function as(){return typeof mm=="undefined"||mm instanceof Element?_t("https://cdn.example/x.js"):1}'
    "})();\n"
)
# Stop words of an invented language, in the shape of a search engine's language pack.
_STOP = "ab ha hai hanno ho il in io la le lei li lo ma mi ne no og om pa se si su ta ti to un va ve vi".split()
_LANGUAGE_PACK = (
    "!function(e,r){typeof define==\"function\"&&define.amd?define(r):r()(e.lunr)}(this,function(){return function(e){"
    'e.xx=function(){this.pipeline.reset()},e.xx.stopWordFilter=e.generateStopWordFilter("'
    + " ".join(_STOP)
    + '".split(" ")),e.Pipeline.registerFunction(e.xx.stopWordFilter,"stopWordFilter-xx")}});\n'
)
_CSS = (
    ".fa-ul{list-style-type:none;margin-left:var(--fa-li-margin,2.5em);padding-left:0}.fa-ul>li{position:relative}"
    ".fa-li{left:calc(var(--fa-li-width, 2em)*-1);position:absolute;text-align:center;width:var(--fa-li-width,2em)}"
    '.md-icon:before{content:"";background:url("data:image/svg+xml;charset=utf-8,<svg/>")}\n'
)
_INDEX = (
    '{"config":{"lang":["en"],"separator":"[\\\\s\\\\-]+"},"docs":[{"location":"","title":"Home","text":'
    '"<p>Welcome.</p> <ul> <li>One</li> <li>Two</li> </ul> <p>{% for item in nav %}</p> <ul><li>x</li> {% for y in z %}'
    '</ul>"},{"location":"people/","title":"People","text":"<p>Ana Paz wrote this page.</p>"}]}'
)
_PAGE = (
    "<!doctype html><html><head><title>Docs</title>"
    "<script src='assets/javascripts/lunr/min/lunr.da.min.js'></script>"
    "<script src='assets/javascripts/lunr/min/lunr.hu.min.js'></script></head><body>"
    '<h3 class="doc doc-heading">API</h3><i class="fa fa-search"></i><span class="fa fa-angle-down"></span>'
    "<svg viewBox='0 0 24 24'><path d='M1.8-.1 1.2-.2 1.7-.4 3.4-.7 5.2-1.1.2 0 .6-.1.8 1.2-.2 1.7-.4 3.4 0z'/></svg>"
    "<pre><code>&lt;ol&gt; &lt;li&gt;One&lt;/li&gt; &lt;li&gt;Two&lt;/li&gt; &lt;/ol&gt;</code></pre>"
    "<p>Nothing personal here.</p></body></html>\n"
)
SITE = {
    "index.html": _PAGE,
    "assets/javascripts/bundle.4c1e9f7a.min.js": _BUNDLE * 3,
    "assets/javascripts/lunr/min/lunr.da.min.js": _LANGUAGE_PACK,
    "assets/javascripts/lunr/min/lunr.hu.min.js": _LANGUAGE_PACK,
    "assets/stylesheets/main.8a3f0c21.min.css": _CSS * 3,
    "search/search_index.json": _INDEX.replace("Ana Paz wrote", "Someone wrote"),
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def short_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_list(tmp_path_factory.mktemp("secure") / "short.csv", PEOPLE)


def _scan(capsys, listed: Path, site: Path) -> tuple[int, list[str]]:
    code = main(["scan", "--list", str(listed), "--no-progress", str(site)])
    out, _ = capsys.readouterr()
    return code, re.findall(r"^(.*?: W\d{3} .*)$", out, re.MULTILINE)


def test_vendor_code_of_a_docs_site_raises_no_finding(capsys, short_list, tmp_path):
    code, findings = _scan(capsys, short_list, _write(tmp_path / "site", SITE))
    assert (code, findings) == (0, [])


@pytest.mark.parametrize(("name", "text"), [
    ("search/search_index.json", _INDEX),
    ("index.html", _PAGE.replace("Nothing personal here.", "Written by Ana Paz.")),
    ("assets/javascripts/bundle.4c1e9f7a.min.js", _BUNDLE.replace('"x"', '"Ana Paz"')),
    ("assets/javascripts/lunr/min/lunr.da.min.js", _LANGUAGE_PACK.replace("ab ha", "Ana Paz, ha")),
])
def test_a_name_in_the_same_files_is_still_found(name, text, capsys, short_list, tmp_path):
    code, findings = _scan(capsys, short_list, _write(tmp_path / "site", {**SITE, name: text}))
    assert code == 1
    assert [f for f in findings if "V00014" in f], findings
