"""A waiver as its file holds it, and which findings it could name, told from what it holds in clear."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from withhold.findings import Finding


class Waiver(NamedTuple):
    fingerprint: str  # of a finding, or ""
    sha256: str  # of a file not examined, or ""
    path: str  # as reports show it: decides whether a run looked at its file, and tells people which
    reason: str
    author: str
    expires: dt.date  # the last day it waives
    code: str = ""  # what it waived when written; with records, narrows the findings a run checks
    records: tuple[str, ...] = ()
    where: str = ""  # "waiver #3 in FILE": how messages point at it

    @property
    def target(self) -> str:
        return self.fingerprint or self.sha256


class Candidates:
    """Which findings a waiver could name, told from what a waiver file holds in clear (file, code, records).

    Only a filter: a finding it lets through is then matched by its lasting fingerprint. It compares
    files by their last name (a waiver written from `withhold scan site/` shows site/x.html, the
    plugin shows x.html), and records only when both sides show real record ids (a sealed list
    without ids shows sealed-... ones, which a waiver written from the plaintext list does not hold).
    """

    def __init__(self, waivers: Sequence[Waiver]) -> None:
        self._by_name: dict[str, list[Waiver]] = {}
        self._anywhere: list[Waiver] = []  # a masked path ([ref ...]) changes with the list
        for w in waivers:
            if w.fingerprint:
                name = _last_name(w.path)
                (self._anywhere if "[ref" in name else self._by_name.setdefault(name, [])).append(w)

    def name(self, f: Finding) -> bool:
        chosen = self._anywhere + self._by_name.get(_last_name(f.display), [])
        if _last_name(f.path) != _last_name(f.display):
            chosen += self._by_name.get(_last_name(f.path), [])
        return any(_could(w, f) for w in chosen)


def _could(w: Waiver, f: Finding) -> bool:
    if w.code and w.code != f.code:
        return False
    comparable = w.records and not any(r.startswith("sealed-") for r in (*w.records, *f.records))
    return not comparable or sorted(w.records) == sorted(f.records)


def _last_name(path: str) -> str:
    return path.split("!", 1)[0].rsplit("/", 1)[-1]
