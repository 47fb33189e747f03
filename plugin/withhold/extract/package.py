"""An opened zip package: its directory checked against every limit, its members read in memory.

Every limit is checked on the central directory before one byte is inflated: member count, each
member's size and ratio, and the total. zipfile never yields more than a member's declared size
(and checks its CRC), so the declared sizes bound what is read. Shared by the archive reader and
the office readers (OOXML, OpenDocument), which read their parts through it.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from withhold.errors import NotExamined
from withhold.extract.base import Context

RATIO_FLOOR = 1 << 20  # below this size a member's ratio says nothing (small XML packs 100x and more)
_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError)


class Package:
    """An opened zip whose directory has passed the limits; reads members by name, in memory."""

    def __init__(self, data: bytes, ctx: Context) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except _ERRORS:
            raise NotExamined("corrupt", "not a readable zip (damaged or truncated)") from None
        limits = ctx.settings
        if len(infos) > limits.max_members:
            raise NotExamined("too large", f"more than {limits.max_members} members")
        total = 0
        for info in infos:
            if info.flag_bits & 0x41:
                raise NotExamined("encrypted", "zip members are password-protected")
            if info.file_size > max(RATIO_FLOOR, info.compress_size * limits.max_ratio):
                raise NotExamined("bomb", f"a member expands more than {limits.max_ratio} times")
            if info.file_size > limits.max_member_bytes:
                raise NotExamined("too large", f"a member is over the limit of {limits.max_member_bytes} bytes")
            total += info.file_size
        if total > limits.max_total_bytes:
            raise NotExamined("bomb", f"members expand past the total limit of {limits.max_total_bytes} bytes")
        self.infos = {info.filename: info for info in infos if not info.is_dir()}

    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(self.infos[name])
        except _ERRORS + (zipfile.zlib.error,):  # type: ignore[attr-defined]
            raise NotExamined("corrupt", "a zip member is damaged or truncated") from None

    def open(self, name: str) -> IO[bytes]:
        """Return a stream over a member; damage surfaces as NotExamined through read_stream."""
        try:
            return io.BufferedReader(_Guarded(self.zip.open(self.infos[name])))
        except _ERRORS:
            raise NotExamined("corrupt", "a zip member is damaged or truncated") from None


class _Guarded(io.RawIOBase):
    """A member stream whose zip errors become NotExamined (lxml reads it in pieces)."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        try:
            return self.inner.read(size)
        except _ERRORS + (zipfile.zlib.error,):  # type: ignore[attr-defined]
            raise NotExamined("corrupt", "a zip member is damaged or truncated") from None
