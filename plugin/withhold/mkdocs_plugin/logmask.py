"""Masking MkDocs' own log lines: a page file named after a person must not print that name.

MkDocs logs file names ("pages not in nav", broken links); once the list is loaded, every line
that reaches MkDocs' handlers is masked the way reports mask excerpts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable


class MaskFilter(logging.Filter):
    def __init__(self, mask_text: Callable[[str], str]) -> None:
        super().__init__("withhold")
        self.mask_text = mask_text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  a malformed record is the logging module's to report
            return True
        masked = self.mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def install(mask_text: Callable[[str], str]) -> Callable[[], None]:
    """Add the filter to the handlers that print MkDocs' log; return what removes it."""
    # ProperDocs prints through its own "properdocs" logger (the "mkdocs" one is its child).
    handlers = {*logging.getLogger("mkdocs").handlers, *logging.getLogger("properdocs").handlers,
                *logging.getLogger().handlers}
    masking = MaskFilter(mask_text)
    for handler in handlers:
        handler.addFilter(masking)

    def remove() -> None:
        for handler in handlers:
            handler.removeFilter(masking)

    return remove
