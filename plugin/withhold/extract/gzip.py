"""gzip: decompressed in memory, within the size and ratio limits, and scanned as its content."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member


def inflate(data: bytes, ctx: Context, wbits: int = 16 + zlib.MAX_WBITS) -> bytes:
    """Return the decompressed bytes of (possibly multi-member) gzip data, bounded by the limits."""
    limit = min(ctx.settings.max_member_bytes, ctx.settings.max_total_bytes, max(len(data), 1) * ctx.settings.max_ratio)
    out = bytearray()
    rest = data
    try:
        while rest:
            engine = zlib.decompressobj(wbits)
            chunk = rest
            while chunk:
                out += engine.decompress(chunk, limit + 1 - len(out))
                if len(out) > limit:
                    raise NotExamined("bomb", f"expands past {limit} bytes (size or ratio limit)")
                chunk = engine.unconsumed_tail
                ctx.check_time()
            if not engine.eof:
                raise NotExamined("corrupt", "truncated compressed stream")
            rest = engine.unused_data.lstrip(b"\x00")
    except zlib.error:
        raise NotExamined("corrupt", "invalid compressed stream") from None
    return bytes(out)


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    name = ctx.name.rsplit("/", 1)[-1]
    inner = name[:-3] if name.lower().endswith(".gz") else name[:-4] if name.lower().endswith(".tgz") else name + ".out"
    yield Member(inner, inflate(data, ctx))
