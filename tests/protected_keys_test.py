"""protected/keys.py: a record's canonical bytes are json.dumps of its values, whatever they hold.

Every value here is invented for the test.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from withhold.protected.keys import canonical
from withhold.protected.watchlist import Record


def _json(r: Record) -> bytes:
    """What canonical() wrote before it had a writer of its own (the keys of existing waivers depend on it)."""
    values: list[object] = [r.id, r.full_name, r.given_name, r.family_name, r.dob.isoformat() if r.dob else "",
                            r.a_number, [list(i) for i in r.identifiers], list(r.context)]
    if r.native_name:
        values.append(r.native_name)
    return json.dumps(values, ensure_ascii=False).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize(
    "record",
    [
        Record("P1", 2, "", "Ana", "Paz", dt.date(1990, 7, 1), "987654321", (), ()),
        Record("", 3, "", "", "", None, "", (), ()),
        Record('q"uo\\te', 4, "Jean-Luc Dubois", "Jean-Luc", "Dubois", None, "", (("passport", "XK1234567"),), ()),
        Record("P2", 5, "", "Søren", "Ærøskøbing", None, "", (("a", "1"), ("b", "2")), ("Utopia", "x y")),
        Record("P3", 6, "", "Юлия", "Щербакова", None, "", (), (), "Юлия Щербакова"),
        Record("P4", 7, "tab\there\nnew\x00line\x7f\u2028", "", "", None, "", (), ("金",)),
        Record("P5", 8, "\ud800 lone surrogate 😀", "", "", dt.date(2001, 1, 5), "", (("c", ""),), ("",)),
    ],
)
def test_canonical_is_the_json_of_every_value(record):
    assert canonical(record) == _json(record)
