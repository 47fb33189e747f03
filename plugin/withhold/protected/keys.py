"""The keys of a list: the list's own secret, each record's secret, and the keyed digests made with them.

Both kinds of list (plaintext.Protected, sealed.SealedProtected) hold the same secrets and make the
same digests from them, so a waiver, a path reference or a clean key made in one mode holds in the
other. Only keyed digests leave this package; see docs/waivers.md for what they resist.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence

from withhold import __version__
from withhold.protected.watchlist import Record
from withhold.settings import Settings
from withhold.text.normalize import VERSION as NORMALIZATION_VERSION

# What the fingerprints are made of (docs/waivers.md): changing how they are computed changes this,
# and waivers written before no longer apply (they name fingerprints that no run makes any more).
FINGERPRINT_VERSION = "2"
# Cost of a waiver's lasting fingerprint (scrypt, 4 MiB, some 12 ms): each guess at a record from a
# committed waiver costs as much, while a scan pays it only for the findings a waiver could name
# (same file, same records), never per finding. No cost makes a record that holds only a name and
# a birth date unguessable: see docs/waivers.md.
WAIVER_KEY_COST = {"n": 2**12, "r": 8, "p": 1, "maxmem": 64 * 2**20}
_DIGEST_BYTES = 12  # of a finding's digest: what a report's fingerprint carries, encrypted
_IV_BYTES = 8


class Keyed:
    """The keyed digests of a list that holds `key` (the list's secret) and gives record_key()."""

    key: bytes

    def record_key(self, index: int) -> bytes:
        raise NotImplementedError

    def keyed(self, *parts: str) -> str:
        """Return a short keyed hash of parts: stable for this list, meaningless without it."""
        return hmac.new(self.key, "\x00".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:20]

    def finding_fingerprint(self, kind: str, records: Sequence[int], matched: str, path: str) -> str:
        """Return the fingerprint a report shows of a finding: its digest, encrypted under the list's secret.

        The digest (records, kind, normalised matched text, path) is keyed per record, so it survives
        records added to or removed from the list and edits elsewhere in the file. A report shows it
        encrypted (deterministically) under the list's secret: nothing in a report can be tested
        against a guess without the list, and waiver_fingerprint() gives back what a waiver holds.
        Costs a few HMACs, however many findings a scan makes.
        """
        key = b"".join(sorted(self.record_key(index) for index in records))
        message = "\x00".join((FINGERPRINT_VERSION, kind, matched, path)).encode("utf-8", "surrogatepass")
        digest = hmac.digest(key, message, "sha256")[:_DIGEST_BYTES]  # one-shot: the same bytes, in C
        iv = self._mac(b"fingerprint iv", digest)[:_IV_BYTES]
        return (iv + _xor(digest, self._mac(b"fingerprint pad", iv))).hex()

    def waiver_fingerprint(self, fingerprint: str) -> str:
        """Return the lasting fingerprint a waiver holds for a report's fingerprint ("" if not of this list).

        Slow on purpose (scrypt, WAIVER_KEY_COST): the waiver file is committed, and each guess at a
        record tested against it costs as much. The same for a finding whatever the list's other
        records, in plaintext and sealed mode.
        """
        try:
            raw = bytes.fromhex(fingerprint)
        except ValueError:
            return ""
        if len(raw) != _IV_BYTES + _DIGEST_BYTES:
            return ""
        iv = raw[:_IV_BYTES]
        digest = _xor(raw[_IV_BYTES:], self._mac(b"fingerprint pad", iv))
        if not hmac.compare_digest(iv, self._mac(b"fingerprint iv", digest)[:_IV_BYTES]):
            return ""  # made under another list (or mistyped)
        salt = f"withhold waiver {FINGERPRINT_VERSION}".encode()
        return hashlib.scrypt(digest, salt=salt, dklen=10, **WAIVER_KEY_COST).hex()

    def _mac(self, label: bytes, data: bytes) -> bytes:
        return hmac.digest(self.key, label + b"\x00" + data, "sha256")[:_DIGEST_BYTES]


def _xor(data: bytes, pad: bytes) -> bytes:
    if len(data) != len(pad):
        raise ValueError("data and pad differ in length")
    return (int.from_bytes(data, "big") ^ int.from_bytes(pad, "big")).to_bytes(len(data), "big")


def list_key(digest: bytes) -> bytes:
    """Return the list's secret, from its content's digest: known only to holders of the list."""
    return hmac.new(digest, b"withhold key", hashlib.sha256).digest()


def list_fingerprint(key: bytes, settings: Settings, mode: str = "") -> str:
    """Return the fingerprint reports show of a list under settings (mode tells a sealed list apart)."""
    return hmac.new(key, f"{__version__}|{NORMALIZATION_VERSION}|{settings!r}{mode}".encode(), hashlib.sha256).hexdigest()[:16]


def derive_record_key(canonical: bytes) -> bytes:
    """Return the secret of one record, from every value it holds (canonical()): a quick HMAC.

    Quick, because a scan derives one for every record it finds; the slow step that makes guessing
    costly is in Keyed.waiver_fingerprint, paid only where a waiver could apply.
    """
    return hmac.digest(_RECORD_KEY, canonical, "sha256")


_RECORD_KEY = f"withhold record key {FINGERPRINT_VERSION}".encode()


def canonical(r: Record) -> bytes:
    """Return every value of a record, serialised: what its key is derived from.

    The bytes of json.dumps([id, full_name, given_name, family_name, dob, a_number, identifiers,
    context(, native_name)], ensure_ascii=False), written with json's own string encoder: a million
    calls of json.dumps cost seconds of every cold preparation.
    """
    values = [_string(r.id), _string(r.full_name), _string(r.given_name), _string(r.family_name),
              _string(r.dob.isoformat()) if r.dob else '""', _string(r.a_number),
              "[" + ", ".join([f"[{', '.join(map(_string, i))}]" for i in r.identifiers]) + "]",
              "[" + ", ".join(map(_string, r.context)) + "]"]
    if r.native_name:  # appended only when listed, so the keys of every other record stay as they were
        values.append(_string(r.native_name))
    return f"[{', '.join(values)}]".encode("utf-8", "surrogatepass")


_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes of a str


def opaque_id(tag: str, index: int) -> str:
    """Return the id reports show for a record of a sealed list whose ids were not kept."""
    return f"sealed-{tag}-{index + 1}"
