"""OCR engines: text lines, their boxes and confidence, read from pixels, offline.

Two engines, chosen by measurement (bench/ocr_engines.py; README, "Choices made by measurement"):
RapidOCR (PP-OCR models run by onnxruntime, shipped inside the wheel) and Tesseract (Debian's
`tesseract-ocr`, extract/tesseract.py). Neither is imported or started until a picture needs
reading, and neither ever touches the network: RapidOCR is given the path of every model in its
wheel and a local font, and its downloader is replaced by one that refuses.

An engine is loaded once per process and kept for the next picture (loading RapidOCR's models costs
about a second): the only process-wide state here, and it holds no scanned data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from withhold.extract import ocrmodel, tesseract

if TYPE_CHECKING:
    from PIL.Image import Image

INSTALL_HINT = "install one: pip install 'withhold[ocr]', or Debian's tesseract-ocr"
ENGINE_CHOICES = ("auto", "rapidocr", "tesseract", "none")
# The order "auto" tries them in: the measured better reader of names first.
AUTO_ORDER = ("rapidocr", "tesseract")
REC_BATCH = 1  # text lines recognised per onnxruntime call (see RapidEngine)


class Line(NamedTuple):
    """One line of text an engine read, where it stands on the picture, and how sure the engine is."""

    text: str
    box: tuple[int, int, int, int]  # x, y, width, height in the picture's pixels
    confidence: float  # 0..1
    # Other readings of the line where the recogniser hesitated (ocrmodel.doubts): matched, never judged.
    alternatives: tuple[str, ...] = ()
    # The widest stretch of ink in the region the recogniser read nothing in, in line heights
    # (ocrmodel.unread_ink): letters of a script it has no characters for (scriptocr.py judges it).
    gap: float = 0.0


class Reading(NamedTuple):
    """Everything read in one picture, and what was found and not read (extract/scriptocr.py)."""

    lines: list[Line]  # the first engine's, in the orientation that read each region best (rotation.py)
    again: list[Line]  # the script models' readings of regions the first engine may not have read
    unread: int  # text regions no engine could read: the picture is not fully read
    doubtful: int  # regions only the first engine read that may be in a script it lacks


class Engine(Protocol):
    name: str
    version: str  # engine and model versions: an OCR cache entry is valid for this value only
    han: bool  # False when it reads no Han ideograph that its model could (RapidOCR trimmed: ocrmodel.py)

    def read(self, image: Image) -> list[Line]: ...


class EngineError(Exception):
    """The engine failed on a picture (not installed properly, crashed, tried the network)."""


def _refuse_download(*args: object, **kwargs: object) -> None:
    raise EngineError("the OCR engine tried to download a file; withhold never uses the network")


class RapidEngine:
    """RapidOCR with the models of its wheel: PP-OCR detection (text regions first), then recognition."""

    name = "rapidocr"

    def __init__(self, han: bool = True) -> None:
        """Load the models; han=False drops the Han ideographs from recognition (extract/ocrmodel.py)."""
        from importlib.metadata import version

        import rapidocr
        from rapidocr.utils import download_file

        download_file.DownloadFile.run = _refuse_download  # type: ignore[method-assign,assignment]
        models = Path(rapidocr.__file__).parent / "models"
        det, rec, cls = (next(iter(sorted(models.glob(pattern))), None)
                         for pattern in ("*det*.onnx", "*rec*.onnx", "*cls*.onnx"))
        if det is None or rec is None or cls is None:
            raise EngineError(f"RapidOCR's models are missing from {models}")
        self.version = f"rapidocr {version('rapidocr')} onnxruntime {version('onnxruntime')} {det.name} {rec.name} batch {REC_BATCH}"
        self._engine = rapidocr.RapidOCR(params={
            "Global.log_level": "error",
            "Global.text_score": 0.0,  # every line comes back; low confidence is judged here
            "Global.use_cls": False,  # upside-down text is rare on a site, and the classifier costs time
            "Global.font_path": str(det),  # only drawing results needs a font: never fetched
            "Det.model_path": str(det), "Rec.model_path": str(rec), "Cls.model_path": str(cls),
            # Text regions are found on a copy at most 1280 px on its longer side (the default upscales
            # a small picture to 736 px on its short side: 7.7x slower on bench/ocr_engines.py's
            # pictures, no more names found); each region is then recognised from the full picture,
            # so small text keeps its pixels. On a 2048 px screenshot: half the time, the same text.
            "Det.limit_type": "max", "Det.limit_side_len": 1280,
            # Each line is recognised alone: a batch pads every line to its widest, and a screenshot's
            # lines run from "OK" to a full paragraph. On the built mkdocs-material docs 1 line a batch
            # took 17-22% less CPU than 16 (6: 15%), with the same names found by bench/ocr_engines.py;
            # and a line then reads the same whatever other lines share its picture.
            "Rec.rec_batch_num": REC_BATCH,
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,  # the worker pool gives one core each
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            # The arena keeps buffers between pictures: measured 7x less system time on screenshots.
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
        })
        # Lines cut at their own end, not padded to 320 px; without Han if the list writes none (ocrmodel.py).
        # A different reader: the version (so the OCR cache's entries) says which.
        self.version += f" lines cut {ocrmodel.MIN_WIDTH}"
        model = rec.read_bytes()
        self.han = True
        if not han:
            try:
                model = ocrmodel.without_han(rec)
                self.version += " without Han"
                self.han = False
            except (ImportError, ValueError):  # no onnx package, or a model of another shape: read everything
                pass
        self._engine.text_rec = ocrmodel.recogniser(self._engine, model)

    def read(self, image: Image) -> list[Line]:
        import numpy as np
        from rapidocr.utils.process_img import map_boxes_to_original

        # RapidOCR's own call, but for its last step, which drops the regions read as nothing: a
        # region found and not read is text in a script the model lacks (pixels.py needs to know).
        engine = self._engine
        picture = engine.load_img(np.asarray(image.convert("RGB")))
        resized, record = engine.preprocess_img(picture)
        det, _, rec, _ = engine.run_ocr_steps(resized, record)
        texts, boxes, scores = rec.txts, det.boxes, rec.scores
        if texts is None or boxes is None or scores is None:
            return []
        boxes = map_boxes_to_original(boxes, record, *picture.shape[:2])
        doubts = getattr(engine.text_rec, "alternatives", [])
        doubts = doubts if len(doubts) == len(texts) else [[] for _ in texts]
        gaps = getattr(engine.text_rec, "gaps", [])
        gaps = gaps if len(gaps) == len(texts) else [0.0 for _ in texts]
        lines = []
        for text, box, score, others, gap in zip(texts, boxes, scores, doubts, gaps):
            xs, ys = [int(p[0]) for p in box], [int(p[1]) for p in box]
            x, y = max(min(xs), 0), max(min(ys), 0)
            lines.append(Line(str(text), (x, y, max(xs) - x, max(ys) - y), float(score), tuple(others), gap))
        return lines


class TesseractEngine:
    """Tesseract 5 (LSTM, English model), in this process or as a subprocess (extract/tesseract.py)."""

    name = "tesseract"
    han = True  # its English model reads no Han either way: there is no fuller model to ask

    def __init__(self, han: bool = True) -> None:
        found = tesseract.installed()
        if found is None:
            raise EngineError("tesseract is not installed")
        self._tesseract = found
        self.version = found.version

    def read(self, image: Image) -> list[Line]:
        try:
            found = self._tesseract.words(image, "eng", 3)
        except tesseract.TesseractError as exc:
            raise EngineError(str(exc)) from None
        words: dict[tuple[str, str, str, str], list[tesseract.Word]] = {}
        for word in found:
            words.setdefault(word.line, []).append(word)
        lines = []
        for group in words.values():
            x, y = min(w.left for w in group), min(w.top for w in group)
            right, bottom = max(w.left + w.width for w in group), max(w.top + w.height for w in group)
            lines.append(Line(" ".join(w.text for w in group), (x, y, right - x, bottom - y), min(w.confidence for w in group)))
        return lines


_FACTORIES: dict[str, type[RapidEngine] | type[TesseractEngine]] = {"rapidocr": RapidEngine, "tesseract": TesseractEngine}
_LOADED: dict[tuple[str, bool], Engine | None] = {}  # per process, by name and han: see the module's docstring


def _load(name: str, han: bool) -> Engine | None:
    if (name, han) not in _LOADED:
        try:
            _LOADED[name, han] = _FACTORIES[name](han)
        except Exception:  # noqa: BLE001  # missing or broken: either way no engine, and pictures fail closed
            _LOADED[name, han] = None
    return _LOADED[name, han]


def engine(choice: str = "auto", han: bool = True) -> Engine | None:
    """Return the OCR engine for a setting ("auto", an engine's name, "none"); None if none can run here.

    han=False when the list writes no name in Han (Settings.ocr_han): the engine may skip those characters.
    """
    if choice == "none":
        return None
    for name in AUTO_ORDER if choice == "auto" else (choice,):
        found = _load(name, han)
        if found is not None:
            return found
    return None
