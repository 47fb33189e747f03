"""The sealed list's file: its layout, the keys derived from WITHHOLD_KEY, and the checks on opening it.

    MAGIC | header length (4 bytes, little-endian) | header (JSON) | sections | HMAC-SHA256

The header holds the format and normalisation versions, withhold's version, the scrypt parameters
and salt, a check value of the derived key, counts, and where each section lies. Sections are
arrays of little-endian integers (sorted keyed hashes and what they point to) and values encrypted
under the derived key. The HMAC, under the derived key too, covers every byte before it.

No protected value and no unkeyed hash of one is ever written: only keyed hashes under a key
derived by scrypt from WITHHOLD_KEY and the file's random salt. The key is never stored anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import struct
import sys
from array import array
from typing import Any, NamedTuple, NoReturn

from withhold import __version__
from withhold.errors import ConfigError
from withhold.text.normalize import VERSION as NORMALIZATION_VERSION

KEY_ENV = "WITHHOLD_KEY"
MAGIC = b"withhold sealed list\n\x00"
FORMAT = 2  # 2: record keys of fingerprint version 2 (protected/keys.py)
MIN_KEY_CHARS = 20
# scrypt cost as log2 N (r = 8, p = 1): 2**15 is 32 MiB and about 0.1 s on a laptop core, paid once
# by every run that opens the file and by every guess at a key. Lower only in tests.
DEFAULT_COST = 15
COSTS = range(10, 21)
HASH_BYTES = 8  # keyed hashes are 64 bits: a random match is one chance in 2**64 / entries per lookup
MAX_WORDS = 64  # words of a form at most: the lengths of the forms after a first word are a 64-bit mask
MAC_BYTES = 32
MAX_HEADER = 1 << 20
MISSING_KEY = (
    "the protected list {path} is sealed and " + KEY_ENV + " is not set: get the key from the team's secret "
    "store and export " + KEY_ENV + " in the shell that commits or builds (see docs/sealed-lists.md)"
)


class Keys(NamedTuple):
    """The subkeys derived from WITHHOLD_KEY and a file's salt; never written anywhere."""

    check: bytes  # its hash is written in the header, so a wrong key is told from a damaged file
    mac: bytes
    match: bytes  # keys the hashes of every form
    encrypt: bytes


def derive(secret: str, salt: bytes, cost: int) -> Keys:
    """Return the subkeys of a secret and salt (scrypt, then HMAC-SHA256 per purpose)."""
    n = 1 << cost
    master = hashlib.scrypt(secret.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=8, p=1,
                            maxmem=256 * 8 * n + (1 << 20), dklen=32)
    return Keys(*(hmac.new(master, f"withhold sealed {purpose}".encode(), hashlib.sha256).digest()
                  for purpose in ("check", "mac", "match", "encrypt")))


def key_check(keys: Keys) -> str:
    return hmac.new(keys.check, b"withhold sealed key check", hashlib.sha256).hexdigest()[:32]


def require_key(secret: str | None, path: object) -> str:
    """Return the secret, or raise ConfigError saying how to provide one."""
    if not secret:
        raise ConfigError(MISSING_KEY.format(path=path))
    return secret


class Hasher:
    """A keyed hash of bytes to a 64-bit integer (BLAKE2b keyed with the match subkey)."""

    def __init__(self, key: bytes) -> None:
        self._base = hashlib.blake2b(key=key, digest_size=HASH_BYTES)

    def __call__(self, data: bytes) -> int:
        h = self._base.copy()
        h.update(data)
        return int.from_bytes(h.digest(), "little")

    def __reduce__(self) -> NoReturn:
        raise TypeError("a sealed list's keys are never pickled")


def keystream(keys: Keys, label: bytes, size: int) -> bytes:
    """Return size bytes of keystream for one encrypted value (SHAKE-256 of the subkey and a unique label)."""
    return hashlib.shake_256(keys.encrypt + b"\x00" + label).digest(size)


def xor(data: bytes, stream: bytes) -> bytes:
    return (int.from_bytes(data, "little") ^ int.from_bytes(stream, "little")).to_bytes(len(data), "little")


def pack(header: dict[str, object], sections: dict[str, bytes], keys: Keys) -> bytes:
    """Return the whole file: header (with section offsets added), sections, and the HMAC of both."""
    offset, places = 0, []
    for name, data in sections.items():
        places.append([name, offset, len(data)])
        offset += len(data)
    head = json.dumps({**header, "sections": places, "size": offset}, sort_keys=True).encode()
    body = b"".join([MAGIC, struct.pack("<I", len(head)), head, *sections.values()])
    return body + hmac.new(keys.mac, body, hashlib.sha256).digest()


def is_sealed(path: object) -> bool:
    """Return True if the file at path starts like a sealed list (False if it is unreadable)."""
    try:
        with open(str(path), "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def unpack(blob: bytes, secret: str, path: object) -> tuple[dict[str, Any], dict[str, memoryview], Keys]:
    """Return the header, the sections and the keys of a sealed file; ConfigError if it cannot be trusted."""
    def broken(why: str, fix: str = "copy it again from where it came from, or seal the list again") -> ConfigError:
        return ConfigError(f"the sealed list {path} {why}: {fix} (docs/sealed-lists.md); nothing was scanned")

    again = "seal the list again with this withhold, on the machine that holds the list"

    start = len(MAGIC) + 4
    if not blob.startswith(MAGIC) or len(blob) < start:
        raise broken("is truncated or is not a sealed list")
    (size,) = struct.unpack("<I", blob[len(MAGIC) : start])
    if size > MAX_HEADER:
        raise broken("is damaged (its header is too large)")
    if len(blob) < start + size:
        raise broken("is truncated")
    try:
        header = json.loads(blob[start : start + size])
        version, normalization = header["format"], header["normalization"]
    except (ValueError, TypeError, KeyError):
        raise broken("is damaged (its header cannot be read)") from None
    if version != FORMAT:
        shown = version if isinstance(version, int) else "unknown"  # a header's text is never echoed
        raise broken(f"has format {shown} and this withhold reads format {FORMAT}", again)
    if normalization != NORMALIZATION_VERSION or header.get("withhold") != __version__:
        sealer = header.get("withhold")
        sealer = sealer if isinstance(sealer, str) and re.fullmatch(r"[\w.+-]{1,32}", sealer) else "unknown"
        normalization = normalization if isinstance(normalization, int) else "unknown"
        raise broken(f"was sealed by withhold {sealer} (normalisation {normalization}) and this is withhold "
                     f"{__version__} (normalisation {NORMALIZATION_VERSION}), whose matching may differ", again)
    try:
        body_size = int(header["size"])
        salt = bytes.fromhex(header["salt"])
        cost = int(header["cost"])
        places = [(str(n), int(o), int(s)) for n, o, s in header["sections"]]
    except (ValueError, TypeError, KeyError):
        raise broken("is damaged (its header cannot be read)") from None
    end = start + size + body_size
    if len(blob) < end + MAC_BYTES:
        raise broken("is truncated")
    if len(blob) > end + MAC_BYTES:
        raise broken("is damaged (bytes after its end)")
    if cost not in COSTS or len(salt) < 16:
        raise broken("is damaged (its key parameters are out of range)")
    keys = derive(secret, salt, cost)
    if not hmac.compare_digest(str(header.get("check", "")), key_check(keys)):
        raise ConfigError(
            f"{KEY_ENV} does not open the sealed list {path}: it is not the key the list was sealed with (or the "
            "file's header was altered): set it to that list's key from the team's secret store; nothing was scanned"
        )
    if not hmac.compare_digest(blob[end:], hmac.new(keys.mac, memoryview(blob)[:end], hashlib.sha256).digest()):
        raise broken("has been altered or damaged (its authentication code does not match)")
    body = memoryview(blob)[start + size : end]
    sections = {}
    for name, offset, length in places:
        if offset < 0 or length < 0 or offset + length > body_size:
            raise broken("is damaged (a section lies outside it)")
        sections[name] = body[offset : offset + length]
    return header, sections, keys


def integers(data: bytes | memoryview, code: str) -> array[int]:
    """Return a little-endian array section as an array of code ("Q" or "I")."""
    values = array(code)
    if len(data) % values.itemsize:
        raise ConfigError("a sealed list section has a partial entry; seal the list again")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def to_bytes(values: array[int]) -> bytes:
    """Return an array as little-endian bytes."""
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()
