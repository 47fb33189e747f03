"""Sealing a protected list: every written variant as a keyed hash, for machines that must not hold the list.

Runs on the secure machine that holds the plaintext list. What it writes (sealfile.py) holds no
protected value and no unkeyed hash of one: the forms withhold would match (the same strong_forms,
A-numbers and corroborating forms as plaintext mode, after the same normalisation) appear only as
keyed hashes; record ids become opaque ids unless the owner keeps them; entry order is shuffled.
"""

from __future__ import annotations

import json
import secrets
from array import array
from pathlib import Path
from typing import NamedTuple

from withhold import __version__
from withhold.errors import ConfigError
from withhold.protected.dates import birth_date_keys
from withhold.protected.keys import opaque_id
from withhold.protected.names import Names
from withhold.protected.parttables import Tables
from withhold.protected.plaintext import Protected
from withhold.protected.sealfile import (
    COSTS,
    DEFAULT_COST,
    FORMAT,
    KEY_ENV,
    MAX_WORDS,
    MIN_KEY_CHARS,
    Hasher,
    derive,
    is_sealed,
    key_check,
    keystream,
    pack,
    to_bytes,
    xor,
)
from withhold.protected.variants import corroborating_forms, record_forms
from withhold.protected.watchlist import ListReport, Record, load
from withhold.settings import Settings
from withhold.text.normalize import VERSION as NORMALIZATION_VERSION

MAX_RECORDS = 1 << 24  # a posting is (kind << 24 | record) in 32 bits


class Sealed(NamedTuple):
    blob: bytes  # the whole sealed file
    ids: list[tuple[str, str]]  # (opaque id, record id): for the owner's id map, never in the file
    report: ListReport
    patterns: int


NEW_KEY = ("generate one on this machine, e.g. export " + KEY_ENV + "=\"$(python3 -c 'import secrets; "
           "print(secrets.token_urlsafe(32))')\", keep it in the team's secret store, then seal again")


def seal(path: Path, settings: Settings, secret: str | None, keep_ids: bool = False, cost: int = DEFAULT_COST,
         jobs: int = 1) -> Sealed:
    """Return the sealed form of the list at path; ConfigError if the list or the key is unusable."""
    if is_sealed(path):
        raise ConfigError(f"{path} is sealed already; seal the plaintext list it came from")
    if not secret:
        raise ConfigError(f"{KEY_ENV} is not set: {NEW_KEY}")
    if len(secret) < MIN_KEY_CHARS:
        raise ConfigError(f"{KEY_ENV} is too short to seal with (under {MIN_KEY_CHARS} characters): whoever has the "
                          f"sealed file could guess it. {NEW_KEY[0].upper()}{NEW_KEY[1:]}")
    if cost not in COSTS:
        raise ConfigError(f"the key derivation cost must be from {COSTS[0]} to {COSTS[-1]} (log2 of scrypt's N)")
    protected, report = Protected.load(path, settings)  # validates; its keys make fingerprints match
    records, _ = load(path, settings)
    if len(records) >= MAX_RECORDS:
        raise ConfigError(f"the protected list {path} has {len(records)} records; a sealed list holds fewer than "
                          f"{MAX_RECORDS}")
    assert all(protected.record_id(i) == r.id for i, r in enumerate(records))
    record_keys = _record_keys(protected, len(records), jobs)
    order = list(range(len(records)))
    secrets.SystemRandom().shuffle(order)  # the list's order (by arrival, by case) says something
    for _ in range(3):  # a new salt if two different forms ever share a 64-bit hash
        salt = secrets.token_bytes(16)
        keys = derive(secret, salt, cost)
        tables = _tables([records[i] for i in order], Hasher(keys.match))
        if tables is not None:
            break
    else:
        raise ConfigError("sealing failed three times on a hash collision; this should not happen, please report it")
    sections, header, patterns = tables
    tag = secrets.token_hex(3)
    sections["record_keys"] = b"".join(
        xor(record_keys[i], keystream(keys, b"record %d" % j, 32)) for j, i in enumerate(order))
    sections["list_key"] = xor(protected.key, keystream(keys, b"list key", len(protected.key)))
    ids = [records[i].id for i in order]
    plain_ids = json.dumps(ids if keep_ids else [], ensure_ascii=False).encode("utf-8", "surrogatepass")
    sections["ids"] = xor(plain_ids, keystream(keys, b"ids", len(plain_ids)))
    header.update(
        format=FORMAT, normalization=NORMALIZATION_VERSION, withhold=__version__, salt=salt.hex(), cost=cost,
        check=key_check(keys), tag=tag, records=len(records), patterns=patterns, keep_ids=keep_ids,
        identifier_columns=list(settings.identifier_columns), context_columns=list(settings.context_columns),
    )
    id_map = [] if keep_ids else [(opaque_id(tag, j), record_id) for j, record_id in enumerate(ids)]
    return Sealed(pack(header, sections, keys), id_map, report, patterns)


def _tables(records: list[Record], h: Hasher) -> tuple[dict[str, bytes], dict[str, object], int] | None:
    """Return the hashed sections of records (in sealed order), a header part and the pattern count.

    None if two different forms hash alike (then the caller draws a new salt).
    """
    kinds: dict[str, int] = {}
    forms: dict[int, set[int]] = {}
    written: dict[int, str] = {}  # to notice a collision while sealing, never written out
    first: dict[int, int] = {}
    second: set[int] = set()
    numbers: dict[int, set[int]] = {}
    context: set[int] = set()
    near: set[int] = set()
    context_words = 0
    parts = Tables(h)
    names = Names()  # each distinct name worked out once
    for j, record in enumerate(records):
        forms_of = record_forms(record, names)
        parts.add(j, forms_of.givens, forms_of.families, record.dob)
        for kind, form in forms_of.strong:
            key = h(b"S" + form.encode("utf-8", "surrogatepass"))
            if written.setdefault(key, form) != form:
                return None
            forms.setdefault(key, set()).add(kinds.setdefault(kind, len(kinds)) << 24 | j)
            words = form.split(" ")
            if len(words) > MAX_WORDS:
                raise ConfigError(f"an entry of the protected list has a form of more than {MAX_WORDS} words")
            head = h(b"F" + words[0].encode("utf-8", "surrogatepass"))
            first[head] = first.get(head, 0) | 1 << (len(words) - 1)
            if len(words) > 1:  # a form's second word: where a misread first word may start it (misread.py)
                second.add(h(b"N" + words[1].encode("utf-8", "surrogatepass")))
        if record.a_number:
            key = h(b"A" + record.a_number.encode())
            if written.setdefault(key, "A" + record.a_number) != "A" + record.a_number:
                return None
            numbers.setdefault(key, set()).add(j)
        prefix = b"R" + j.to_bytes(4, "little")
        if record.dob:
            near.add(h(prefix + b"?"))  # the record lists a birth date: a row's other date lowers its severity
            for tag, value in birth_date_keys(record.dob):
                near.add(h(prefix + tag.encode() + value.encode()))
        for form in corroborating_forms(None, record.context):
            data = form.encode("utf-8", "surrogatepass")
            context.add(h(b"C" + data))
            near.add(h(prefix + b"C" + data))
            context_words = max(context_words, form.count(" ") + 1)
    sections = {
        **{name: to_bytes(values) for name, values in parts.arrays().items()},
        **_postings("forms", forms),
        "first": to_bytes(array("Q", sorted(first))),
        "first_masks": to_bytes(array("Q", (first[k] for k in sorted(first)))),
        "second": to_bytes(array("Q", sorted(second))),
        **_postings("numbers", numbers),
        "context": to_bytes(array("Q", sorted(context))),
        "near": to_bytes(array("Q", sorted(near))),
    }
    return sections, {"kinds": list(kinds), "context_words": context_words}, len(forms) + len(numbers)


def _postings(name: str, table: dict[int, set[int]]) -> dict[str, bytes]:
    """Return a hash table as three sections: sorted hashes, where each one's postings start, the postings."""
    starts, postings = array("I", [0]), array("I")
    ordered = sorted(table)
    for key in ordered:
        postings.extend(sorted(table[key]))
        starts.append(len(postings))
    return {name: to_bytes(array("Q", ordered)), f"{name}_starts": to_bytes(starts),
            f"{name}_postings": to_bytes(postings)}


def _record_keys(protected: Protected, count: int, jobs: int) -> list[bytes]:
    """Return every record's key (Protected.record_key), which the prepared list derived already.

    jobs is kept for callers that still pass it: the keys are one HMAC each, made while preparing.
    """
    return [protected.record_key(i) for i in range(count)]
