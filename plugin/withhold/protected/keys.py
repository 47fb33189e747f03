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

# Cost of deriving a record's key (scrypt, 1 MiB, a few ms): each guess at a record from a committed
# waiver's fingerprint costs as much, while a scan pays it once per record hit (a leak of 6,000
# people: some 20 s, not minutes). No cost makes a record that holds only a name and a birth date
# unguessable: see docs/waivers.md.
RECORD_KEY_COST = {"n": 2**10, "r": 8, "p": 1}


class Keyed:
    """keyed() and finding_fingerprint() of a list that holds `key` (the list's secret) and gives record_key()."""

    key: bytes

    def record_key(self, index: int) -> bytes:
        raise NotImplementedError

    def keyed(self, *parts: str) -> str:
        """Return a short keyed hash of parts: stable for this list, meaningless without it."""
        return hmac.new(self.key, "\x00".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:20]

    def finding_fingerprint(self, kind: str, records: Sequence[int], matched: str, path: str) -> str:
        """Return the keyed fingerprint of a finding: (records, kind, normalised matched text, path).

        Keyed per record (see docs/waivers.md): it survives records added to or removed from the list
        and edits elsewhere in the file; it changes when one of its records changes. The same in
        plaintext and sealed mode, so a waiver holds in both.
        """
        key = b"".join(sorted(self.record_key(index) for index in records))
        message = "\x00".join((kind, matched, path)).encode("utf-8", "surrogatepass")
        return hmac.new(key, message, hashlib.sha256).hexdigest()[:20]


def list_key(digest: bytes) -> bytes:
    """Return the list's secret, from its content's digest: known only to holders of the list."""
    return hmac.new(digest, b"withhold key", hashlib.sha256).digest()


def list_fingerprint(key: bytes, settings: Settings, mode: str = "") -> str:
    """Return the fingerprint reports show of a list under settings (mode tells a sealed list apart)."""
    return hmac.new(key, f"{__version__}|{NORMALIZATION_VERSION}|{settings!r}{mode}".encode(), hashlib.sha256).hexdigest()[:16]


def derive_record_key(canonical: bytes) -> bytes:
    """Return the secret of one record, derived (slowly) from every value it holds (canonical())."""
    return hashlib.scrypt(canonical, salt=b"withhold record key 1", dklen=32, **RECORD_KEY_COST)


def canonical(r: Record) -> bytes:
    """Return every value of a record, serialised: what its key is derived from."""
    values: list[object] = [r.id, r.full_name, r.given_name, r.family_name, r.dob.isoformat() if r.dob else "",
                            r.a_number, [list(i) for i in r.identifiers], list(r.context)]
    if r.native_name:  # appended only when listed, so the keys of every other record stay as they were
        values.append(r.native_name)
    return json.dumps(values, ensure_ascii=False).encode("utf-8", "surrogatepass")


def opaque_id(tag: str, index: int) -> str:
    """Return the id reports show for a record of a sealed list whose ids were not kept."""
    return f"sealed-{tag}-{index + 1}"
