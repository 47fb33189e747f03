"""Printable runs of a binary block: the text a `strings` command would show, in the usual encodings.

For blocks with text fields nobody has listed (a JPEG APP segment, an OLE property set): reading
every printable run reads every field, whatever its layout.
"""

from __future__ import annotations

import re

# Runs of 4+ printable bytes (ASCII, or UTF-8 and Latin-1 letters), or of 4+ UTF-16 code units in
# the Latin and Latin Extended ranges, in either byte order.
_RUNS = re.compile(rb"[\x20-\x7e\x80-\xff\t\n\r]{4,}|(?:[\x20-\xff][\x00-\x05]){4,}|(?:[\x00-\x05][\x20-\xff]){4,}")


def strings(block: bytes) -> str:
    """Return the printable runs of a binary block, one a line, decoded as UTF-8, Latin-1 or UTF-16."""
    out = []
    for match in _RUNS.finditer(block):
        run = match.group()
        if len(run) > 1 and (run[1] == 0 or run[0] == 0) and len(run) % 2 == 0:
            text = run.decode("utf-16-le" if run[1] == 0 else "utf-16-be", "replace")
        else:
            try:
                text = run.decode("utf-8")
            except UnicodeDecodeError:
                text = run.decode("latin-1")
        out.append(text.replace("\x00", " "))
    return "\n".join(out)
