"""Tesseract, for both its uses (ocr.TesseractEngine, scriptocr.ScriptReader): words read from a picture.

Tesseract is found as its command, `tesseract`, on the PATH: that is what an install provides
(Debian's tesseract-ocr), and its listing says which models are installed and where. Reading a
picture as a subprocess loads the model each time: 0.1-0.4 s of a script model, more than reading
the lines it is given (bench/README.md). So where the library the command runs can be loaded
(libtesseract, through its C API) and is the same version, the models are loaded once per process
and kept, and each reading is a call: on the built mkdocs-material docs' script readings, about
a third of the CPU time. It reads the same tessdata with the same code, so it reads the same words
(tests/extract_tesseract_test.py holds the two to each other). Otherwise the command reads.

A library kept in the process holds no scanned data between readings (each result is cleared), and
is let go before the process ends (else Tesseract prints warnings about its caches at exit).
"""

from __future__ import annotations

import atexit
import io
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import ctypes

    from PIL.Image import Image

TIMEOUT = 300  # s one reading may take, as a subprocess or in the library


class TesseractError(Exception):
    """Tesseract failed on a picture (crashed, timed out, a model would not load)."""


class Word(NamedTuple):
    """One word Tesseract read: its text, box, confidence (0..1), and the line it belongs to."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line: tuple[str, str, str, str]  # page, block, paragraph and line numbers


def _words(tsv: str) -> list[Word]:
    """Return the words of Tesseract's TSV (level 5 rows: level, page, block, par, line, word, box, conf, text)."""
    words = []
    for row in tsv.splitlines():
        fields = row.split("\t", 11)
        if len(fields) == 12 and fields[0] == "5" and fields[11].strip():
            left, top, width, height = (int(v) for v in fields[6:10])
            words.append(Word(fields[11].strip(), left, top, width, height, max(float(fields[10]), 0.0) / 100,
                              (fields[1], fields[2], fields[3], fields[4])))
    return words


class _Library:
    """libtesseract's C API: one handle per model and page segmentation mode, kept for the process."""

    def __init__(self, lib: ctypes.CDLL, data: str) -> None:
        import ctypes

        p, i, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
        signatures = {
            "TessBaseAPICreate": ([], p), "TessBaseAPIInit3": ([p, s, s], i), "TessBaseAPISetPageSegMode": ([p, i], None),
            "TessBaseAPISetImage": ([p, s, i, i, i, i], None), "TessBaseAPIRecognize": ([p, p], i),
            "TessBaseAPIGetTsvText": ([p, i], p), "TessDeleteText": ([p], None), "TessBaseAPIClear": ([p], None),
            "TessBaseAPIDelete": ([p], None), "TessMonitorCreate": ([], p), "TessMonitorDelete": ([p], None),
            "TessMonitorSetDeadlineMSecs": ([p, i], None), "TessBaseAPISetVariable": ([p, s, s], i),
        }
        for name, (args, result) in signatures.items():
            function = getattr(lib, name)  # AttributeError: not the C API this expects
            function.argtypes, function.restype = args, result
        self._lib, self._data = lib, data.encode()
        self._handles: dict[tuple[str, int], int] = {}
        atexit.register(self.close)

    def words(self, image: Image, model: str, psm: int) -> list[Word]:
        import ctypes

        lib, handle = self._lib, self._handle(model, psm)
        grey = image.convert("L")
        pixels = grey.tobytes()
        lib.TessBaseAPISetImage(handle, pixels, grey.size[0], grey.size[1], 1, grey.size[0])
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, int(TIMEOUT * 1000))
            status = lib.TessBaseAPIRecognize(handle, monitor)
        finally:
            lib.TessMonitorDelete(monitor)
        try:
            if status != 0:
                raise TesseractError("tesseract failed (its library stopped reading)")
            text = lib.TessBaseAPIGetTsvText(handle, 0)
            if not text:
                raise TesseractError("tesseract failed (its library gave no result)")
            try:
                return _words(ctypes.string_at(text).decode("utf-8", "replace"))
            finally:
                lib.TessDeleteText(text)
        finally:
            lib.TessBaseAPIClear(handle)

    def _handle(self, model: str, psm: int) -> int:
        handle = self._handles.get((model, psm))
        if handle is None:
            handle = self._lib.TessBaseAPICreate()
            if not handle:
                raise TesseractError("tesseract failed (its library gave no handle)")
            # Its messages ("Estimating resolution as 203", a model that will not load) go where the
            # command's stderr would: nowhere. (A global of the library, set before a model loads.)
            self._lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
            if self._lib.TessBaseAPIInit3(handle, self._data, model.encode()) != 0:
                self._lib.TessBaseAPIDelete(handle)
                raise TesseractError(f"tesseract failed (its model {model} did not load)")
            self._lib.TessBaseAPISetPageSegMode(handle, psm)
            self._handles[model, psm] = handle
        return handle

    def close(self) -> None:
        while self._handles:
            self._lib.TessBaseAPIDelete(self._handles.popitem()[1])


_LISTED_IN = re.compile(r'"(.+)"')  # 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (6):'


class Tesseract:
    """The installed Tesseract: its version, its models, and a way to read words with one of them."""

    def __init__(self, library: bool = True) -> None:
        """Find the command; library=False reads through it even where its library could be loaded."""
        binary = shutil.which("tesseract")
        if binary is None:
            raise OSError("tesseract is not installed")
        self.binary = binary
        run = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
        out = run.stdout or run.stderr
        self.version = out.splitlines()[0] if out else "tesseract ?"
        run = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=60)
        listing = (run.stdout or "").splitlines()
        self.models = frozenset(word for line in listing[1:] for word in line.split())
        found = _LISTED_IN.search(listing[0]) if listing else None
        self._library = _library(self.version, found.group(1)) if found and library else None

    @property
    def in_process(self) -> bool:
        """Return True when readings are calls into the library, False when they are subprocesses."""
        return self._library is not None

    def words(self, image: Image, model: str, psm: int) -> list[Word]:
        """Return the words read in a picture with one model, on one core (TesseractError if it fails)."""
        if self._library is not None:
            return self._library.words(image, model, psm)
        png = io.BytesIO()
        image.convert("L").save(png, "PNG")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            run = subprocess.run([self.binary, "stdin", "stdout", "-l", model, "--psm", str(psm), "tsv"],
                                 input=png.getvalue(), capture_output=True, timeout=TIMEOUT, env=env)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TesseractError(f"tesseract failed ({type(exc).__name__})") from None
        if run.returncode != 0:
            raise TesseractError(f"tesseract failed (exit {run.returncode})")
        return _words(run.stdout.decode("utf-8", "replace"))


def _library(version: str, data: str) -> _Library | None:
    """Return the library the command runs, if it loads and is the command's version; else None."""
    import ctypes  # only here: a door that reads no picture never loads it
    import ctypes.util

    name = ctypes.util.find_library("tesseract")
    if name is None:
        return None
    # One core per worker, as the command is run: OpenMP reads this when the library is loaded.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        lib = ctypes.CDLL(name)
        lib.TessVersion.restype = ctypes.c_char_p
        same = version.split()[-1:] == [lib.TessVersion().decode("ascii", "replace")]
        return _Library(lib, data) if same else None
    except (OSError, AttributeError):
        return None


_FOUND: list[Tesseract | None] = []  # per process, as ocr.py's engines: holds no scanned data


def installed() -> Tesseract | None:
    """Return the installed Tesseract, or None when it is not installed or does not run."""
    if not _FOUND:
        try:
            _FOUND.append(Tesseract())
        except (OSError, subprocess.SubprocessError, UnicodeError):
            _FOUND.append(None)
    return _FOUND[0]
