"""Outlook messages: every property, recipients, attachments, the compressed RTF body, shortfall.

Built after MS-OXMSG by tests/legacy.py (nothing on this machine writes .msg).
"""

from __future__ import annotations

import pytest

import attachments as A
import legacy as L
from people import PEOPLE
from withhold.extract.msg import rtf_body

MARIA, ANA, JEAN, OLU, SOREN = PEOPLE


def _mail(**kwargs: object) -> bytes:
    args = {"body": f"about {ANA.full}", "recipient": JEAN.full, "attachment": f"name\n{OLU.full}\n".encode(),
            "rtf": r"{\rtf1\ansi " + SOREN.full + r"\par}", "inner_subject": MARIA.full}
    return L.msg(**{**args, **kwargs})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("locator", "record"),
    [("#body", "P00002"), ("#recipient-1", "P00003"), ("mail.msg!list.csv:2:1", "P00004"),
     ("mail.msg!message-body.rtf#paragraph-1", "P00005"), ("!attachment-2#subject", "P00001")],
    ids=["body", "recipient", "attached file", "compressed RTF body", "attached message"],
)
def test_every_part_of_a_message_is_read(protected, locator, record):
    result = A.scan("mail.msg", _mail(), protected)
    assert (locator, record) in A.places(result)
    assert A.statuses(result)["mail.msg"] == ("examined", "")


def test_a_message_naming_nobody_listed_is_clean(protected):
    result = A.scan("mail.msg", L.msg(subject="Ana Roe", body="Paz alone"), protected)
    assert result.findings == [] and not result.failed


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [({"drop": "__substg1.0_1000001F"}, "incomplete"), ({"recipients": 3}, "incomplete"),
     ({"drop": "__recip_version1.0_#00000000/__substg1.0_3001001F"}, "incomplete")],
    ids=["declared body missing", "fewer recipients than the header counts", "recipient's name missing"],
)
def test_a_message_missing_what_it_declares_is_incomplete_and_keeps_its_findings(protected, kwargs, reason):
    result = A.scan("mail.msg", _mail(**kwargs), protected)
    assert A.statuses(result)["mail.msg"] == ("not examined", reason)
    assert ("mail.msg!list.csv:2:1", "P00004") in A.places(result)


@pytest.mark.parametrize("text", [b"", b"{\\rtf1 x}", b"{\\rtf1\\ansi " + b"long text " * 50 + b"}"])
def test_compressed_rtf_comes_back_as_written(text):
    assert rtf_body(L.lzfu(text), 1 << 20) == text
