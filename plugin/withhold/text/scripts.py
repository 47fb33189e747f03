"""Scripts a name can be written in, where a rule needs to know one: Han ideographs.

A list that writes no name in Han cannot be matched by Han text, so the OCR engine need not score
the ideographs (extract/ocrmodel.py); a list that does keeps them. Compatibility ideographs count
too: normalisation folds them into the unified ones.
"""

from __future__ import annotations

import re

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def is_han(text: str) -> bool:
    """Return True when text holds a Han ideograph."""
    return HAN.search(text) is not None
