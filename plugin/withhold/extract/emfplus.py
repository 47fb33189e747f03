"""EMF+ records (GDI+ drawing, carried in an EMF's comments): the strings they draw and the images they hold.

EmfPlusDrawString draws UTF-16 text; EmfPlusDrawDriverString draws either characters (when its
options say the glyphs are looked up in the font's character map) or glyph indexes, which name
no character and are counted as unreadable. An EmfPlusObject that defines an image (a bitmap, or
a whole metafile) may span several records, across several comments: its pieces are joined, and
the image is scanned as an embedded file (compressed bitmaps are PNG, JPEG, GIF or TIFF files;
raw pixel rows are wrapped as a BMP; metafiles are EMF or WMF files, read by their own readers).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from withhold.errors import NotExamined
from withhold.extract.base import Item, Member
from withhold.extract.metafile import Run, picture

HEADER, OBJECT, DRAW_STRING, DRAW_DRIVER_STRING = 0x4001, 0x4008, 0x401C, 0x4036
DUAL = 0x0001  # EmfPlusHeader flag: the EMF records beside the EMF+ ones draw the same picture, for GDI
IMAGE = 5  # ObjectType of an EmfPlusImage
CONTINUED = 0x8000
CMAP_LOOKUP, REALIZED_ADVANCE = 0x1, 0x4
INDEXED = 0x00010000  # PixelFormat flag: a palette precedes the pixels
# Pixel formats a BMP holds as they are (GDI+ rows are BGR(A), 4-byte aligned): bits per pixel.
PIXEL_FORMATS = {0x00021808: 24, 0x00022009: 32, 0x0026200A: 32, 0x000E200B: 32, 0x00030101: 1, 0x00030402: 4,
                 0x00030803: 8}
MAGIC = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF8", "gif"), (b"II*\x00", "tif"), (b"MM\x00*", "tif"),
         (b"BM", "bmp"))
METAFILES = {1: "wmf", 2: "wmf", 3: "emf", 4: "emf", 5: "emf"}


class Plus:
    """The EMF+ records of one EMF, read comment after comment (an object's pieces may span comments)."""

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.characters = False  # some text was drawn as characters
        self.glyphs = 0
        self.dual = False  # the header says the EMF records are a fallback drawing of the EMF+ ones
        self.pending: tuple[int, bytearray, int] | None = None  # object id, pieces so far, total size

    def read(self, data: bytes, number: int) -> Iterator[Item]:
        """Yield what the EMF+ records in one comment (data after its "EMF+" identifier) hold."""
        at, index = 0, 0
        while at + 12 <= len(data):
            kind, flags, size = struct.unpack_from("<HHI", data, at)
            if size < 12 or at + size > len(data):
                raise NotExamined("corrupt", f"an EMF+ record in EMF record {number} has a damaged size")
            index += 1
            record = data[at : at + size]
            at += size
            label = f"#record={number}#emf-plus={index}"
            if kind == HEADER:
                self.dual = bool(flags & DUAL)
            elif kind == DRAW_STRING and size >= 40:
                (length,) = struct.unpack_from("<I", record, 20)
                x, y = struct.unpack_from("<ff", record, 24)
                self.draw(Run(label, x, y, None, record[40 : 40 + 2 * length].decode("utf-16-le", "replace")))
            elif kind == DRAW_DRIVER_STRING and size >= 28:
                self.driver_string(record, label)
            elif kind == OBJECT and (flags >> 8) & 0x7F == IMAGE:
                yield from self.image_piece(record, flags, number)

    def draw(self, run: Run) -> None:
        self.runs.append(run)
        self.characters = True

    def driver_string(self, record: bytes, label: str) -> None:
        options, _, count = struct.unpack_from("<III", record, 16)
        glyphs = record[28 : 28 + 2 * count]
        if not options & CMAP_LOOKUP:
            self.glyphs += 1
            return
        positions = 28 + 2 * count
        x = y = 0.0
        end = None
        if positions + 8 <= len(record):
            x, y = struct.unpack_from("<ff", record, positions)
            if not options & REALIZED_ADVANCE and count > 1 and positions + 8 * count <= len(record):
                last = struct.unpack_from("<f", record, positions + 8 * (count - 1))[0]
                end = last + (last - x) / (count - 1)
        self.draw(Run(label, x, y, end, glyphs.decode("utf-16-le", "replace")))

    def image_piece(self, record: bytes, flags: int, number: int) -> Iterator[Item]:
        """Join the pieces of an image object; yield the image once it is whole."""
        ident = flags & 0xFF
        if self.pending is not None and self.pending[0] != ident:
            raise NotExamined("incomplete", f"an EMF+ image ends before its last piece (EMF record {number})")
        if flags & CONTINUED:
            # A piece carries the object's total size beside its own; either order has been written.
            total = max(struct.unpack_from("<II", record, 8))
            if self.pending is None:
                self.pending = (ident, bytearray(), total)
            self.pending[1].extend(record[16:])
            if len(self.pending[1]) < self.pending[2]:
                return
        elif self.pending is not None:  # the last piece, written without the flag
            self.pending[1].extend(record[12:])
        else:
            self.pending = (ident, bytearray(record[12:]), 0)
        blob = bytes(self.pending[1])
        self.pending = None
        yield from image(blob, f"record-{number}-image")

def image(blob: bytes, name: str) -> Iterator[Item]:
    """Yield an EmfPlusImage object as an embedded file: a bitmap, or a metafile."""
    _, kind = struct.unpack_from("<II", blob, 0)
    if kind == 2:  # a metafile: EmfPlusMetafile
        form, size = struct.unpack_from("<II", blob, 8)
        yield Member(f"{name}.{METAFILES.get(form, 'bin')}", blob[16 : 16 + size])
        return
    if kind != 1:
        raise NotExamined("unsupported", "an EMF+ image of an unknown kind")
    width, height, stride, form, compressed = struct.unpack_from("<iiiII", blob, 8)
    data = blob[28:]
    if compressed == 1:
        yield Member(f"{name}.{next((s for m, s in MAGIC if data.startswith(m)), 'bin')}", data)
        return
    bits = PIXEL_FORMATS.get(form)
    if bits is None or width <= 0 or height <= 0 or stride != (width * bits + 31) // 32 * 4:
        raise NotExamined("unsupported", "an EMF+ bitmap in a pixel format withhold does not read")
    colours = b""
    if form & INDEXED:
        (count,) = struct.unpack_from("<I", data, 4)
        colours, data = data[8 : 8 + 4 * count], data[8 + 4 * count :]
    header = struct.pack("<IiiHHIIiiII", 40, width, -height, 1, bits, 0, 0, 0, 0, len(colours) // 4, 0)
    yield picture(name, header + colours, data[: stride * height])
