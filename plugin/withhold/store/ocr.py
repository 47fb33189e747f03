"""OCR results kept between runs, by the pixels' digest and the engine's version.

OCR is the one slow reader (0.1-3 s a picture). A clean top-level file is skipped by the clean
store (seen.py); this cache serves what that store cannot: pictures inside documents and archives,
files that changed around an unchanged picture, and every picture after the list changes (OCR
text does not depend on the list, so it is matched afresh against the new one).

What an engine read may hold protected values in clear, so the cache is kept like the prepared
list's: a folder only its owner can open, files only its owner can read, written whole. Each entry
carries an HMAC under a random key kept in the same private folder: a damaged or planted entry is
ignored and the picture read again. Entries are JSON, never unpickled.

With the cache off (no folder), a small memory of recent results still spares a picture met twice
in one run (the same logo in fifty documents): process-wide, bounded, holding only OCR results.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

from withhold.extract.ocr import Line, Reading
from withhold.store.private import read_private, usable_folder, write_private

VERSION = 5  # bump when what an entry holds, or the triage that shapes the pixels, changes (2: turned readings;
# 3: regions read as nothing kept, second readings in other scripts; 4: the least unsure turned reading kept;
# 5: the recogniser's other readings where it hesitated)
MEMORY = 512  # results remembered within a run
_MAC_SIZE = 32
_RECENT: dict[str, Reading] = {}
_MTIME_SLACK = 2.0  # seconds: some file systems keep a file's time in steps of two


def entry_key(engine_version: str, pixels_digest: str) -> str:
    """Return the cache key of one picture as one engine reads it."""
    return hashlib.sha256(f"{VERSION}\x00{engine_version}\x00{pixels_digest}".encode()).hexdigest()


def _folder(root: str) -> Path:
    return Path(root) / "ocr"


def _mac_key(folder: Path, create: bool) -> bytes | None:
    key = read_private(folder / "key")
    if key is not None and len(key) == 32:
        return key
    if not create:
        return None
    write_private(folder, "key", secrets.token_bytes(32))
    key = read_private(folder / "key")
    return key if key is not None and len(key) == 32 else None


def lookup(root: str, key: str) -> Reading | None:
    """Return the reading cached for key (in the folder, or with no folder in this run's memory), or None."""
    if not root:
        return _RECENT.get(key)
    if not usable_folder(_folder(root)):
        return None
    folder = _folder(root)
    mac_key = _mac_key(folder, create=False)
    blob = read_private(folder / f"{key}.json")
    if mac_key is None or blob is None or len(blob) < _MAC_SIZE:
        return None
    mac, body = blob[:_MAC_SIZE], blob[_MAC_SIZE:]
    if not hmac.compare_digest(mac, hmac.new(mac_key, key.encode() + body, hashlib.sha256).digest()):
        return None
    try:
        entry = json.loads(body)
        lines, again = ([Line(str(t), (int(x), int(y), int(w), int(h)), float(c)) for t, x, y, w, h, c in entry[part]]
                        for part in ("lines", "again"))
        return Reading(lines, again, int(entry["unread"]), int(entry["doubtful"]))
    except (ValueError, TypeError, KeyError):
        return None


def store(root: str, key: str, reading: Reading) -> None:
    """Keep the reading for key in the folder, or with no folder in memory (a failure to store is not an error)."""
    if not root:
        _remember(key, reading)
        return
    if not usable_folder(Path(root), create=True) or not usable_folder(_folder(root), create=True):
        return
    folder = _folder(root)
    mac_key = _mac_key(folder, create=True)
    if mac_key is None:
        return
    entry: dict[str, object] = {part: [[line.text, *line.box, round(line.confidence, 4)] for line in lines]
                                for part, lines in (("lines", reading.lines), ("again", reading.again))}
    entry.update(unread=reading.unread, doubtful=reading.doubtful)
    body = json.dumps(entry, ensure_ascii=False).encode()
    write_private(folder, f"{key}.json", hmac.new(mac_key, key.encode() + body, hashlib.sha256).digest() + body)


def forget_since(root: str, since: float) -> None:
    """Drop every reading stored at or after the time since (time.time()): in the folder, or in memory.

    A run whose reader failed its canary keeps nothing it read: a broken engine's empty readings,
    kept, would have a mended engine's next run take them for what its pictures hold. What the
    memory holds carries no time: it is emptied. An entry that cannot be removed is left (the
    folder is the user's own: only a failing disk refuses).
    """
    _RECENT.clear()
    if not root or not usable_folder(_folder(root)):
        return
    for entry in _folder(root).glob("*.json"):
        try:
            if entry.lstat().st_mtime >= since - _MTIME_SLACK:
                entry.unlink()
        except OSError:
            pass


def _remember(key: str, reading: Reading) -> None:
    if len(_RECENT) >= MEMORY:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = reading
