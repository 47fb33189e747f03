"""tar, bzip2, xz and 7z: members read in memory, within the count, size and ratio limits.

Nothing is ever written to disk. A compressed stream is inflated in steps that stop one byte past
the limit, so a bomb is reported as a bomb after a bounded amount of work, never expanded.
"""

from __future__ import annotations

import bz2
import io
import lzma
import tarfile
from collections.abc import Callable, Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member

STEP = 1 << 20


def _limit(data: bytes, ctx: Context) -> int:
    s = ctx.settings
    return min(s.max_member_bytes, s.max_total_bytes, max(len(data), 1) * s.max_ratio)


def _inflate(data: bytes, ctx: Context, engine: Callable[[], bz2.BZ2Decompressor | lzma.LZMADecompressor]) -> bytes:
    """Return the bytes of a (possibly multi-stream) bzip2 or xz file, bounded by the limits."""
    limit = _limit(data, ctx)
    out = bytearray()
    rest = data
    try:
        while rest:
            d = engine()
            chunk = rest
            while not d.eof:
                out += d.decompress(chunk, STEP)
                chunk = b""
                if len(out) > limit:
                    raise NotExamined("bomb", f"expands past {limit} bytes (size or ratio limit)")
                ctx.check_time()
                if d.needs_input and not d.eof:
                    raise NotExamined("corrupt", "truncated compressed stream")
            rest = d.unused_data.lstrip(b"\x00")
    except (OSError, EOFError, lzma.LZMAError):
        raise NotExamined("corrupt", "invalid compressed stream") from None
    return bytes(out)


def _inner(ctx: Context, suffixes: tuple[str, ...]) -> str:
    name = ctx.name.rsplit("/", 1)[-1]
    for suffix in suffixes:
        if name.lower().endswith(suffix):
            stem = name[: -len(suffix)]
            return stem + ".tar" if suffix.startswith(".t") and not suffix.startswith(".tar") else stem
    return name + ".out"


def extract_bzip2(data: bytes, ctx: Context) -> Iterator[Item]:
    yield Member(_inner(ctx, (".bz2", ".tbz2", ".tbz")), _inflate(data, ctx, bz2.BZ2Decompressor))


def extract_xz(data: bytes, ctx: Context) -> Iterator[Item]:
    yield Member(_inner(ctx, (".xz", ".txz", ".lzma")), _inflate(data, ctx, lzma.LZMADecompressor))


def extract_tar(data: bytes, ctx: Context) -> Iterator[Item]:
    # The tar is already in memory and members are slices of it: sizes cannot exceed the input.
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            count = 0
            for info in tar:
                count += 1
                if count > ctx.settings.max_members:
                    raise NotExamined("too large", f"more than {ctx.settings.max_members} members")
                if not info.isreg():
                    continue  # folders, links and devices hold no content of their own
                if info.size > ctx.settings.max_member_bytes:
                    raise NotExamined("too large", f"a member is over the limit of {ctx.settings.max_member_bytes} bytes")
                f = tar.extractfile(info)
                content = f.read() if f is not None else b""
                if len(content) != info.size:
                    raise NotExamined("corrupt", "truncated tar member")
                yield Member(info.name, content)
                ctx.check_time()
    except tarfile.TarError:
        raise NotExamined("corrupt", "not a readable tar (damaged or truncated)") from None


def extract_7z(data: bytes, ctx: Context) -> Iterator[Item]:
    # py7zr and its codecs are an optional extra: most sites publish no 7z, and a site that does
    # is told how to get the reader instead of being half read.
    try:
        import py7zr
        from py7zr.exceptions import Bad7zFile, PasswordRequired, UnsupportedCompressionMethodError
        from py7zr.io import BytesIOFactory
    except ImportError:
        raise NotExamined("unsupported", "7z archives need the reader: pip install 'withhold[7z]'") from None
    limits = ctx.settings
    try:
        with py7zr.SevenZipFile(io.BytesIO(data), mode="r") as archive:
            if archive.needs_password():
                raise NotExamined("encrypted", "the 7z archive is password-protected")
            infos = [i for i in archive.list() if not i.is_directory]
            if len(infos) > limits.max_members:
                raise NotExamined("too large", f"more than {limits.max_members} members")
            total = sum(i.uncompressed for i in infos)
            if total > limits.max_total_bytes or total > max(len(data), 1) * limits.max_ratio:
                raise NotExamined("bomb", "members expand past the size or ratio limit")
            if any(i.uncompressed > limits.max_member_bytes for i in infos):
                raise NotExamined("too large", f"a member is over the limit of {limits.max_member_bytes} bytes")
            # The factory caps every member at the limit, whatever the headers claimed.
            factory = BytesIOFactory(limits.max_member_bytes + 1)
            archive.extractall(factory=factory)
        for info in infos:
            content = b""
            if info.filename in factory.products:
                product = factory.get(info.filename)
                product.seek(0)
                content = product.read()
            if len(content) > limits.max_member_bytes:
                raise NotExamined("bomb", "a member expands past its declared size")
            yield Member(info.filename, content)
            ctx.check_time()
    except PasswordRequired:
        raise NotExamined("encrypted", "the 7z archive is password-protected") from None
    except UnsupportedCompressionMethodError:
        raise NotExamined("unsupported", "a 7z compression method with no reader here") from None
    except (Bad7zFile, EOFError, OSError, lzma.LZMAError, KeyError, ValueError):
        raise NotExamined("corrupt", "not a readable 7z archive (damaged or truncated)") from None
