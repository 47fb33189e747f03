"""The few exceptions of withhold and the exit codes, in one place.

Messages never carry a protected value: they name files, rows, counts and what to do next.
"""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_CONFIG = 2
EXIT_INTERNAL = 3


class WithholdError(Exception):
    """Base of withhold's own errors; str() is safe to show."""


class ConfigError(WithholdError):
    """A usage or configuration problem the user can fix (exit 2)."""


class NotExamined(WithholdError):
    """Raised by an extractor: the file cannot be fully examined.

    reason is one of REASONS; detail says why in words that hold no content of the file.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


REASONS = (
    "unsupported",
    "corrupt",
    "incomplete",  # a part, stream or record the file declares is missing or unreadable
    "empty",  # named or marked as a document, holds none
    "encrypted",
    "too large",
    "too deep",
    "bomb",
    "timeout",
    "unreadable",
    "link outside the tree",
    "special file",
)
