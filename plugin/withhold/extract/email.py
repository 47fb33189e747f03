"""E-mail (.eml, .mht): every header decoded, every text part, and every attachment scanned as a file.

Read with the standard library's parser. Encoded words ("=?utf-8?b?...?=") and transfer encodings
(base64, quoted-printable) are undone, so a name is matched as a reader sees it, not as it travels.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email import errors
from email.message import Message

from withhold.errors import NotExamined
from withhold.extract.base import Context, Item, Member, Segment

# Defects that mean part of what the message declares is not there to read.
_CUT = (errors.CloseBoundaryNotFoundDefect, errors.StartBoundaryNotFoundDefect,
        errors.MultipartInvariantViolationDefect, errors.InvalidBase64LengthDefect)
_TEXT_SUFFIX = {"text/html": ".html", "text/plain": ".txt", "message/rfc822": ".eml"}


def _headers(message: Message, where: str) -> Segment | None:
    lines, marks, at = [], [], 0
    for key, value in message.items():
        try:
            line = f"{key}: {value}"
        except (ValueError, LookupError, TypeError):  # a malformed encoded word: keep it raw
            line = f"{key}: {message.get(key, failobj='')!s}"
        marks.append((at, f"{where}#header-{key.lower()}"))
        lines.append(line)
        at += len(line) + 1
    return Segment("\n".join(lines), line=None, marks=tuple(marks)) if lines else None


def extract(data: bytes, ctx: Context) -> Iterator[Item]:
    """Yield headers, parts and attachments; a part the MIME structure declares but the file cuts
    short (no closing boundary, no first boundary, base64 cut mid-quantum) fails the file at the end."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    header = _headers(message, "")
    if header is None:
        raise NotExamined("empty", "the file holds no message: not one header")
    yield header
    number, short = 0, 0
    for part in message.walk():
        ctx.check_time()
        for where, text in (("#preamble", part.preamble), ("#epilogue", part.epilogue)):
            if text and text.strip():
                yield Segment(text, where=where)
        if part.is_multipart():
            short += sum(isinstance(d, _CUT) for d in part.defects)
            continue
        number += 1
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        kind = part.get_content_type()
        filename = part.get_filename()
        if number > 1 and part is not message:
            extra = _headers(part, f"#part-{number}")
            if extra is not None:
                yield extra
        if kind == "text/plain" and not filename:
            charset = part.get_content_charset() or "utf-8"
            try:
                text = payload.decode(charset, "replace")
            except LookupError:
                text = payload.decode("utf-8", "replace")
            yield Segment(text, where=f"#part-{number}")
        else:
            name = filename or f"part-{number}{_TEXT_SUFFIX.get(kind, '')}"
            yield Member(name.replace("/", "_").replace("!", "_"), payload)
        short += sum(isinstance(d, _CUT) for d in part.defects)
    if short:
        raise NotExamined("incomplete", f"{short} MIME parts are cut short or missing (truncated message)")
