"""A minimal writer of OLE compound files (MS-CFB version 3), for test files no Python library writes.

olefile reads compound files but does not write new ones. This writes what the specification
asks of a version 3 file: 512-byte sectors, a FAT, streams under 4096 bytes in the mini stream
with its mini FAT, and a directory whose children form a binary search tree (all black: valid
for every reader, not balanced as Office balances it). Up to 109 FAT sectors (about 7 MB).
"""

from __future__ import annotations

import struct

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data
        self.children: dict[str, _Entry] = {}
        self.index = 0
        self.left = self.right = self.child = NONE
        self.start, self.size = END, len(data)


def _tree(entries: list[_Entry]) -> int:
    """Link entries as a search tree (ordered by name length, then upper-cased name); return its root."""
    if not entries:
        return NONE
    middle = len(entries) // 2
    node = entries[middle]
    node.left, node.right = _tree(entries[:middle]), _tree(entries[middle + 1 :])
    return node.index


def write(streams: dict[str, bytes]) -> bytes:
    """Return a compound file holding streams, named by path ("1Table", "ObjectPool/_1/CONTENTS")."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        node = root
        *folders, name = path.split("/")
        for folder in folders:
            node = node.children.setdefault(folder, _Entry(folder, 1))
        node.children[name] = _Entry(name, 2, data)
    order: list[_Entry] = []

    def number(node: _Entry) -> None:
        node.index = len(order)
        order.append(node)
        for child in node.children.values():
            number(child)

    number(root)
    for node in order:
        kids = sorted(node.children.values(), key=lambda e: (len(e.name), e.name.upper()))
        node.child = _tree(kids)
    fat: list[int] = []
    body = bytearray()

    def allocate(data: bytes) -> int:
        if not data:
            return END
        first = len(fat)
        count = (len(data) + SECTOR - 1) // SECTOR
        fat.extend(range(first + 1, first + count))
        fat.append(END)
        body.extend(data.ljust(count * SECTOR, b"\x00"))
        return first

    mini = bytearray()
    minifat: list[int] = []
    for node in order:
        if node.kind == 2 and node.size >= CUTOFF:
            node.start = allocate(node.data)
        elif node.kind == 2 and node.size:
            node.start = len(minifat)
            count = (node.size + MINI - 1) // MINI
            minifat.extend(range(node.start + 1, node.start + count))
            minifat.append(END)
            mini.extend(node.data.ljust(count * MINI, b"\x00"))
    root.start, root.size = allocate(bytes(mini)), len(mini)
    minifat_start = allocate(b"".join(struct.pack("<I", v) for v in minifat))
    directory = bytearray()
    for node in order:
        name = node.name.encode("utf-16-le") + b"\x00\x00"
        directory += struct.pack("<64sHBBIII16sIQQIII", name, len(name), node.kind, 1, node.left, node.right,
                                 node.child, b"\x00" * 16, 0, 0, 0, node.start, node.size, 0)
    while len(directory) % SECTOR:
        directory += struct.pack("<64sHBBIII16sIQQIII", b"", 0, 0, 0, NONE, NONE, NONE, b"\x00" * 16, 0, 0, 0, 0, 0, 0)
    directory_start = allocate(bytes(directory))
    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    fat_start = len(fat)
    fat.extend([FATSECT] * fat_sectors)
    fat.extend([FREE] * (fat_sectors * (SECTOR // 4) - len(fat)))
    body.extend(b"".join(struct.pack("<I", v) for v in fat))
    difat = [fat_start + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\x00" * 6, 0, fat_sectors, directory_start, 0, CUTOFF,
                         minifat_start if minifat else END, (len(minifat) * 4 + SECTOR - 1) // SECTOR, END, 0)
    header += b"".join(struct.pack("<I", v) for v in difat)
    return header + bytes(body)
