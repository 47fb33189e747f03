"""Real MkDocs sites for the plugin's tests, written into tmp_path and built by the real `mkdocs` command.

The "minimal" theme has no binary assets (no fonts, no PNG favicon), so a clean site of it passes
whatever readers the core has; "material" is the theme the web team uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

MINIMAL_MAIN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title }} - {{ config.site_name }}</title></head>
<body>
<nav><ul>{% for item in nav %}<li><a href="{{ item.url|url }}">{{ item.title }}</a></li>{% endfor %}</ul></nav>
<main>{{ page.content }}</main>
</body></html>
"""
MINIMAL_404 = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found - {{ config.site_name }}</title></head>
<body><main><h1>Page not found</h1></main></body></html>
"""
BUILD_SECONDS = 120


def write_site(root: Path, pages: dict[str, str | bytes], plugin: dict[str, Any] | None = None,
               nav: list[Any] | None = None, theme: str = "minimal", extra: dict[str, Any] | None = None) -> Path:
    """Write a site (docs/ from pages, mkdocs.yml) in root and return mkdocs.yml's path.

    mkdocs.yml is written as JSON, which is YAML; plugin is the withhold plugin's options.
    """
    root.mkdir(parents=True, exist_ok=True)
    docs = root / "docs"
    for name, content in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    config: dict[str, Any] = {"site_name": "Test agency", "site_url": "https://example.org/"}
    if theme == "minimal":
        (root / "theme").mkdir(exist_ok=True)
        (root / "theme" / "main.html").write_text(MINIMAL_MAIN, encoding="utf-8")
        (root / "theme" / "404.html").write_text(MINIMAL_404, encoding="utf-8")
        config["theme"] = {"name": None, "custom_dir": "theme", "static_templates": ["404.html", "sitemap.xml"]}
    else:
        config["theme"] = {"name": theme}
    if nav is not None:
        config["nav"] = nav
    config["plugins"] = ["search", {"withhold": plugin or {}}]
    config.update(extra or {})
    yml = root / "mkdocs.yml"
    yml.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return yml


def mkdocs(yml: Path, *args: str, command: str = "build", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs COMMAND -f yml ARGS` from yml's folder and return what it printed."""
    environ = {k: v for k, v in os.environ.items() if k != "WITHHOLD_LIST"}
    environ.update({"NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "mkdocs", command, "-f", str(yml), *args], cwd=yml.parent,
                          env=environ, check=False, capture_output=True, text=True, timeout=BUILD_SECONDS)


def errors(stderr: str) -> list[str]:
    """Return the withhold ERROR lines of a build's log, without MkDocs' level prefix."""
    return [line.split("withhold: ", 1)[1] for line in stderr.splitlines()
            if line.startswith("ERROR") and "withhold: " in line]
