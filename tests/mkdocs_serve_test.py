"""`mkdocs serve` with the plugin, seen in a real headless Chromium: the banner, the fix, the list change.

Needs Debian's chromium (`make test` installs it when run as root); skipped, with that reason, without it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mkdocs_sites import write_site
from people import PEOPLE, write_list

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium: `make test` installs it as root (apt-get install chromium)")

MARIA = PEOPLE[0]
NEWCOMER = "Renée Toussaint"  # fictional; on the page from the start, on the list only later
START_SECONDS = 60
RELOAD_SECONDS = 30
BROWSER_SECONDS = 60
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")

CASE = f"""# Transfer of a detainee

The facility reported a transfer on 3 October.

The detainee {MARIA.full} was moved to the processing center.

Contact for the facility: {NEWCOMER}, records office.

The [contact sheet](files/contacts.csv) lists the records offices.
"""
FIXED = CASE.replace(f"The detainee {MARIA.full} was", "One detainee was")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(yml: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run a real `mkdocs serve` on a free loopback port; always stop it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "WITHHOLD_LIST"} | {"NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(yml), "-a", f"127.0.0.1:{port}"],
                                cwd=yml.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + START_SECONDS
            while fetch(base) is None:
                assert proc.poll() is None, f"mkdocs serve exited:\n{log.read_text(errors='replace')}"
                assert time.monotonic() < deadline, f"mkdocs serve did not answer:\n{log.read_text(errors='replace')}"
                time.sleep(0.2)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, predicate, what: str) -> str:
    deadline = time.monotonic() + RELOAD_SECONDS
    while True:
        page = fetch(url)
        if page is not None and predicate(page):
            return page
        assert time.monotonic() < deadline, f"the preview never showed {what}"
        time.sleep(0.3)


def chromium(tmp_path: Path, url: str, *args: str) -> str:
    """Run headless Chromium on url with a fresh profile; return what it printed. Its whole process
    group is killed if it overstays (a renderer outlives a killed browser process otherwise)."""
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    proc = subprocess.Popen([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=BROWSER_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode("utf-8")


def banner_of(dom: str) -> str | None:
    found = BeautifulSoup(dom, "html.parser").find(id="withhold-banner")
    return None if found is None else str(found)


def test_preview_shows_a_banner_until_the_page_is_fixed(tmp_path, list_path, assert_no_leak):
    yml = write_site(tmp_path / "web", {
        "index.md": "# Records offices\n\nSee [the transfer](case.md).\n",
        "case.md": CASE,
        "files/contacts.csv": f"office,head\nHarbor Point,{MARIA.family}, {MARIA.given}\n",
    }, {"list": str(list_path), "identifier_columns": ["passport"]}, theme="material")
    log = tmp_path / "serve.log"
    with serve(yml, log) as (base, proc):
        url = base + "case/"
        dom = chromium(tmp_path, url, "--dump-dom")
        banner = banner_of(dom)
        assert banner is not None, dom[:2000]
        assert "docs/case.md:5:14" in banner
        assert 'href="../files/contacts.csv"' in banner  # the hit in the attachment, linked
        assert "W001 protected name, record P00001 (M**** J*** G***** L****)" in banner
        assert_no_leak(banner)
        page = BeautifulSoup(dom, "html.parser")
        marks = page.select("article mark.withhold-hit")
        assert [len(m.get_text()) for m in marks] == [len(MARIA.full)]  # the hit itself, highlighted in place
        assert page.select_one("header.md-header") is not None  # the page is otherwise intact
        assert page.find("h1").get_text(strip=True) == "Transfer of a detainee"
        assert "records office" in page.select_one("article").get_text()

        shot = tmp_path / "preview-with-banner.png"
        chromium(tmp_path, url, f"--screenshot={shot}", "--window-size=1280,900", "--hide-scrollbars")
        assert shot.stat().st_size > 10_000

        (yml.parent / "docs" / "case.md").write_text(FIXED, encoding="utf-8")
        (yml.parent / "docs" / "files" / "contacts.csv").write_text("office,head\nHarbor Point,on duty\n")
        wait_for(url, lambda p: "withhold-banner" not in p, "the fixed page")
        dom = chromium(tmp_path, url, "--dump-dom")
        assert banner_of(dom) is None and "withhold-hit" not in dom
        assert "One detainee was moved" in BeautifulSoup(dom, "html.parser").select_one("article").get_text()

        # The list grows while the preview runs: picked up on the next build, no restart.
        given, family = NEWCOMER.split(" ")
        write_list(list_path, [*PEOPLE, PEOPLE[0]._replace(id="P00099", given=given, family=family,
                                                           a_number="A055555555", passport="XX0000099")])
        page = wait_for(url, lambda p: "withhold-banner" in p, "a banner for the newly listed person")
        assert "record P00099" in banner_of(page)
        assert proc.poll() is None  # the preview never died
    served = log.read_text(encoding="utf-8")
    assert re.search(r"WARNING -  withhold: docs/case\.md:5:14: W001", served)
    assert "Traceback" not in served and "ERROR" not in served
    assert_no_leak(served)
