"""The canary's list: synthetic records, obviously so, that no protected list holds.

scan/canary.py plants this person's name in a file of every kind a run read, in memory, to prove
each reader is not vacuous. The record lives here because lists and their records stay inside
protected/.
"""

from __future__ import annotations

import datetime as dt
import functools

from withhold.protected.plaintext import Protected
from withhold.protected.watchlist import Record
from withhold.settings import Settings

RECORD_ID = "withhold-canary"
GIVEN, FAMILY = "Zelphine", "Quorvath-Ildmere"
NAME = f"{GIVEN} {FAMILY}"
# A second synthetic person, listed romanised as agency records are, whom the canary picture of
# scan/canary-cyrillic.png writes in Cyrillic: read only by the script models (extract/scriptocr.py).
SCRIPT_RECORD_ID = "withhold-canary-cyrillic"
SCRIPT_GIVEN, SCRIPT_FAMILY = "Zelfina", "Korvatova"


@functools.cache  # a constant: built once per process, since its record key costs a slow hash
def canary_list() -> Protected:
    """Return a prepared list of the two synthetic records."""
    records = [Record(RECORD_ID, 0, "", GIVEN, FAMILY, dt.date(1931, 4, 2), "", (), ()),
               Record(SCRIPT_RECORD_ID, 1, "", SCRIPT_GIVEN, SCRIPT_FAMILY, dt.date(1931, 4, 3), "", (), ())]
    return Protected(records, Settings(), b"withhold canary list")
