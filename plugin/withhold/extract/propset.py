"""OLE property sets (MS-OLEPS): title, subject, author, company, custom properties and their names.

Every Office 97-2003 file, and many embedded objects, carry \\x05SummaryInformation and
\\x05DocumentSummaryInformation. Each string is decoded in the set's own code page (a Cyrillic
author reads as Cyrillic), and a custom property's name is read with its value. A set cut short
is read by its printable runs and reported incomplete.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Item, Segment
from withhold.extract.printable import strings

VT_I2, VT_I4, VT_BSTR, VT_VARIANT, VT_UI4, VT_I8, VT_UI8 = 2, 3, 8, 12, 19, 20, 21
VT_LPSTR, VT_LPWSTR, VT_VECTOR = 0x1E, 0x1F, 0x1000
_MAX_VECTOR = 1 << 16  # elements in one vector: more is damage, not a document


class _Set:
    """One property set: its code page and the text of its values."""

    def __init__(self, data: bytes, at: int) -> None:
        self.data, self.at = data, at
        self.codepage = "cp1252"
        self.values: list[str] = []

    def u32(self, at: int) -> int:
        return int(struct.unpack_from("<I", self.data, at)[0])

    def read(self) -> None:
        size, count = self.u32(self.at), self.u32(self.at + 4)
        if self.at + size > len(self.data) or count > size // 8:
            raise ValueError("property set past the end of its stream")
        entries = [(self.u32(self.at + 8 + 8 * i), self.u32(self.at + 12 + 8 * i)) for i in range(count)]
        for pid, offset in entries:  # the code page first: it decodes every other string
            if pid == 1 and struct.unpack_from("<H", self.data, self.at + offset)[0] == VT_I2:
                number = struct.unpack_from("<H", self.data, self.at + offset + 4)[0]
                self.codepage = "utf-16-le" if number == 1200 else "utf-8" if number == 65001 else f"cp{number}"
        for pid, offset in entries:
            if pid == 0:
                self.dictionary(self.at + offset)
            elif pid != 1:
                self.value(self.at + offset)

    def text(self, raw: bytes) -> str:
        try:
            return raw.decode(self.codepage, "replace").split("\x00", 1)[0]
        except LookupError:
            return raw.decode("cp1252", "replace").split("\x00", 1)[0]

    def value(self, at: int, kind: int | None = None) -> int:
        """Read one typed value at `at` (or one element of kind `kind`); return where it ends."""
        if kind is None:
            kind, at = struct.unpack_from("<H", self.data, at)[0], at + 4
        if kind & VT_VECTOR:
            count, at = self.u32(at), at + 4
            if count > _MAX_VECTOR:
                raise ValueError("vector too long")
            for _ in range(count):
                at = self.value(at, kind & ~VT_VECTOR if kind & ~VT_VECTOR != VT_VARIANT else None)
            return at
        if kind in (VT_LPSTR, VT_BSTR):
            size = self.u32(at)
            raw = self.data[at + 4 : at + 4 + size]
            if len(raw) < size:
                raise ValueError("string past the end")
            self.values.append(self.text(raw))
            return at + 4 + (size + 3) // 4 * 4
        if kind == VT_LPWSTR:
            count = self.u32(at)
            raw = self.data[at + 4 : at + 4 + 2 * count]
            if len(raw) < 2 * count:
                raise ValueError("string past the end")
            self.values.append(raw.decode("utf-16-le", "replace").split("\x00", 1)[0])
            return at + 4 + (2 * count + 3) // 4 * 4
        if kind in (VT_I4, VT_UI4):
            self.values.append(str(struct.unpack_from("<i" if kind == VT_I4 else "<I", self.data, at)[0]))
        elif kind in (VT_I8, VT_UI8):
            self.values.append(str(struct.unpack_from("<q" if kind == VT_I8 else "<Q", self.data, at)[0]))
        sizes = {VT_I2: 4, 0x0B: 4, VT_I4: 4, VT_UI4: 4, 4: 4, 5: 8, 6: 8, 7: 8, 0x40: 8, VT_I8: 8, VT_UI8: 8, 0x11: 4,
                 0x12: 4, 0x10: 4, 0x16: 4, 0x17: 4, 0x0A: 4, 0x48: 16}
        if kind in sizes:
            return at + sizes[kind]
        if kind in (0x41, 0x47):  # a blob (hyperlinks) or clipboard data (a thumbnail): by its printable runs
            size = self.u32(at)
            if kind == 0x41:
                self.values.append(strings(self.data[at + 4 : at + 4 + size]))
            return at + 4 + (size + 3) // 4 * 4
        return len(self.data)  # a type with no text: nothing after it is counted on

    def dictionary(self, at: int) -> None:
        """Read the names of the custom properties (the dictionary, property 0)."""
        count, at = self.u32(at), at + 4
        for _ in range(min(count, _MAX_VECTOR)):
            length = self.u32(at + 4)
            wide = self.codepage == "utf-16-le"
            raw = self.data[at + 8 : at + 8 + length * (2 if wide else 1)]
            self.values.append(raw.decode("utf-16-le", "replace").split("\x00", 1)[0] if wide else self.text(raw))
            at += 8 + len(raw) + ((4 - len(raw) % 4) % 4 if wide else 0)


def extract(data: bytes, where: str = "#properties") -> Iterator[Item]:
    """Yield the text of a property set stream; raise incomplete (after its printable runs) when it is damaged."""
    values: list[str] = []
    try:
        if len(data) < 28 or data[:2] != b"\xfe\xff":
            raise ValueError("not a property set")
        count = struct.unpack_from("<I", data, 24)[0]
        for index in range(min(count, 2)):
            (offset,) = struct.unpack_from("<I", data, 28 + 20 * index + 16)
            one = _Set(data, offset)
            one.read()
            values.extend(one.values)
    except (ValueError, struct.error, IndexError):
        text = strings(data)
        if text.strip():
            yield Segment(text, where=where, line=None)
        raise NotExamined("incomplete", "a property set is damaged or cut short") from None
    text = "\n".join(v for v in values if v.strip())
    if text:
        yield Segment(text, where=where, line=None)
