"""RapidOCR's recogniser as withhold runs it: short lines cut at their end, no Han for lists without.

PP-OCRv6's recogniser scores 18,710 characters at every step of a text line (every 8 px), 15,908
of them Han ideographs; its last layer and softmax over them are 10-12% of recognition time on the
built mkdocs-material docs (bench/README.md, "Pictures"). When no pattern of the list holds a Han
ideograph (text/scripts.py), Han text cannot match, so the last layer keeps the other 2,802
columns: blank, space, Latin with every accent, Greek, Kana, digits, punctuation and symbols.
Every punctuation mark and symbol stays, so a separator is never read as a letter that would glue
two words together. Where the full model's best character is one of those kept, the trimmed
model's is the same (the softmax is monotonic); its confidence is the same or higher, the Han
share of the probability being gone.

The trimmed model is built in memory when the engine loads (about 0.1 s) and never written to disk.

Both recognisers, with Han or without, also stop a short line at its own end: RapidOCR pads every
line to at least 320 px (48 px tall), and on a screenshot most lines are labels shorter than that,
so a fifth of the recogniser's input was padding. A line is cut 8 px past its last pixel, and kept at
least MIN_WIDTH wide: 11-19% less recognition time on the mkdocs-material docs, the same names
found by bench/ocr_engines.py (bench/README.md, "Pictures").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from withhold.text.scripts import is_han

if TYPE_CHECKING:
    import onnx

CHARACTERS = "character"  # the model's metadata entry: its dictionary, one character a line (no blank, no space)
HEIGHT = 48  # the recogniser's input height (RapidOCR's Rec.rec_img_shape)
MIN_WIDTH = 160  # px a line is kept, padding included: on the docs, fewer lines read otherwise than at 0, for the same time
STEP = 8  # px of input a recognition step covers
INK = 64  # grey levels from a line's border colour from which a pixel is ink (unread_ink)
INK_PIXELS = 2  # ink pixels from which a column of a line holds ink
DOUBT = 0.9  # a step's likeliest class under this: the recogniser hesitated there (doubts())
ALTERNATIVE = 0.1  # a runner-up from which a hesitation makes a reading of its own
MAX_ALTERNATIVES = 8  # other readings kept a line


def kept(characters: list[str]) -> list[int]:
    """Return the output columns to keep: blank (0), every character but a Han ideograph, space (last)."""
    columns = [0]
    columns.extend(index + 1 for index, char in enumerate(characters) if not is_han(char))
    columns.append(len(characters) + 1)
    return columns


def without_han(path: Path) -> bytes:
    """Return the recognition model at path, serialised, with the Han columns of its last layer removed.

    The last layer is the MatMul and Add that feed the Softmax the model ends with; their weights
    are sliced to the kept columns and the dictionary in the metadata to the kept characters.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    meta = {prop.key: prop for prop in model.metadata_props}
    if CHARACTERS not in meta:
        raise ValueError(f"{path.name} carries no character dictionary")
    characters = meta[CHARACTERS].value.splitlines()
    columns = kept(characters)
    weight, bias = _last_layer(model, len(characters) + 2)
    for tensor in (weight, bias):
        array = numpy_helper.to_array(tensor)
        tensor.CopyFrom(numpy_helper.from_array(array[..., columns].copy(), tensor.name))
    meta[CHARACTERS].value = "\n".join(characters[column - 1] for column in columns[1:-1])
    for output in model.graph.output:
        dims = output.type.tensor_type.shape.dim
        if dims:
            dims[len(dims) - 1].dim_value = len(columns)
    return bytes(model.SerializeToString())


def _last_layer(model: onnx.ModelProto, classes: int) -> tuple[Any, Any]:
    """Return the weight and bias initialisers of the layer that scores the classes."""
    nodes, inits = model.graph.node, {tensor.name: tensor for tensor in model.graph.initializer}
    for index, node in enumerate(nodes[:-1]):
        weight = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if weight is None or list(weight.dims)[-1:] != [classes]:
            continue
        add = nodes[index + 1]
        bias = next((inits[name] for name in add.input if name in inits), None) if add.op_type == "Add" else None
        if bias is not None and list(bias.dims) == [classes] and node.output[0] in add.input:
            return weight, bias
    raise ValueError(f"no last layer of {classes} classes in the recognition model")


def recogniser(rapid: Any, model: bytes) -> Any:
    """Return RapidOCR's TextRecognizer over the given model bytes, with the engine's own settings.

    Its lines are cut at their own end rather than padded to 320 px (the module's docstring).
    """
    import numpy as np
    from omegaconf import flag_override
    from onnxruntime import GraphOptimizationLevel, InferenceSession, SessionOptions
    from rapidocr.ch_ppocr_rec import TextRecognizer

    class Recogniser(TextRecognizer):  # type: ignore[misc]
        alternatives: list[list[str]] = []  # of the last call, by line: doubts()
        gaps: list[float] = []  # of the last call, by line: unread_ink()

        def __call__(self, args: Any) -> Any:
            # RapidOCR reads the lines shortest first, one a call of the decoder (REC_BATCH 1): the
            # decoder's calls are mapped back to the lines by the same order.
            images = [args.img] if isinstance(args.img, np.ndarray) else args.img
            order = np.argsort(np.array([img.shape[1] / float(img.shape[0]) for img in images]))
            found: list[list[str]] = []
            gaps: list[float] = []
            decode = self.postprocess_op

            def decoded(preds: Any, *rest: Any, **kwargs: Any) -> Any:
                lines, words = decode(preds, *rest, **kwargs)
                for index, (text, _) in enumerate(lines):
                    found.append(doubts(preds[index], decode, text))
                    gaps.append(unread_ink(preds[index].argmax(axis=1), images[order[len(gaps)]]))
                return lines, words

            self.postprocess_op = decoded  # type: ignore[assignment]
            try:
                out = super().__call__(args)
            finally:
                self.postprocess_op = decode
            self.alternatives = [[] for _ in images]
            self.gaps = [0.0 for _ in images]
            for line, alternatives, gap in zip(order, found, gaps):
                self.alternatives[line], self.gaps[line] = alternatives, gap
            return out

        def resize_norm_img(self, img: Any, max_wh_ratio: float) -> Any:
            padded = super().resize_norm_img(img, max_wh_ratio)
            if self.rec_batch_num != 1:  # a batch is one array: its lines must share a width
                return padded
            height, width = img.shape[:2]
            end = math.ceil(HEIGHT * width / float(height)) + STEP
            return np.ascontiguousarray(padded[:, :, :max(MIN_WIDTH, -(-end // STEP) * STEP)])

    config = rapid.cfg.Rec.copy()  # as RapidOCR's own loader (RapidOCR._load_rec_model) completes it
    engine = config.engine_cfg = rapid.cfg.EngineConfig[config.engine_type.value]
    config.font_path, config.model_root_dir = rapid.cfg.Global.font_path, rapid.cfg.Global.model_root_dir
    options = SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = bool(engine.enable_cpu_mem_arena)
    options.graph_optimization_level = GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = int(engine.intra_op_num_threads)
    options.inter_op_num_threads = int(engine.inter_op_num_threads)
    # RapidOCR's way to hand it a session of one's own: the dictionary is read from the model's metadata.
    with flag_override(config, "allow_objects", True):
        config.session = InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
    return Recogniser(config)


def unread_ink(best: Any, image: Any) -> float:
    """Return the widest run of steps the recogniser read as blank over ink, in line heights.

    best: the likeliest class of each step (0 the blank); image: the line's crop as the recogniser
    was given it. The recogniser writes nothing for letters it has no characters for: a Georgian
    visitor's name came back "Visitor: o o" at 0.93, fourteen blank steps over its letters. Latin
    text leaves two or three blank steps between the letters it reads, a space as many; a gap
    between table cells holds no ink. A column holds ink where INK_PIXELS of its pixels stand INK
    levels or more from the crop's border (its median, in grey).
    """
    import numpy as np

    height, width = image.shape[:2]
    steps = len(best)
    if not height or not width or not steps:
        return 0.0
    grey = image.mean(axis=2) if image.ndim == 3 else image.astype(float)
    border = np.median(np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]]))
    inked = np.concatenate([[0], np.cumsum((np.abs(grey - border) >= INK).sum(axis=0) >= INK_PIXELS)])
    # Step s covers columns [STEP * s, STEP * (s + 1)) of the line scaled to HEIGHT px tall.
    edges = np.minimum((np.arange(steps + 1) * STEP * height / HEIGHT).astype(int), width)
    ink = inked[edges[1:]] > inked[edges[:-1]]
    widest = run = 0
    for blank, over_ink in zip((best == 0).tolist(), ink.tolist()):
        run = run + over_ink if blank else 0
        widest = max(widest, run)
    return widest * STEP / HEIGHT


def doubts(probabilities: Any, decoder: Any, reading: str) -> list[str]:
    """Return the other readings of a line where the recogniser hesitated: one step decided otherwise each.

    probabilities: the recogniser's output for one line, a row of class probabilities per step;
    reading: what the decoder made of its likeliest classes.
    At a step whose likeliest class has less than DOUBT, the runner-up, if it has ALTERNATIVE or
    more, makes a reading of its own (at most MAX_ALTERNATIVES a line, the likeliest first): "Æ",
    which the dictionary lacks, is written "AE", and in one picture the "A" lost to a blank at 0.81
    against 0.19, so "Ærøskøbing" was read "Erøskøbing" and missed. Each reading is decoded as
    RapidOCR decodes (repeats merged, blanks dropped).
    """
    import numpy as np

    best = probabilities.argmax(axis=1)
    top = probabilities[np.arange(len(best)), best]
    steps = np.flatnonzero(top < DOUBT)
    if not len(steps):
        return []
    hesitant = probabilities[steps].copy()
    hesitant[np.arange(len(steps)), best[steps]] = -1.0  # the runner-up, whatever ties the likeliest
    runners = hesitant.argmax(axis=1)
    odds = probabilities[steps, runners]
    keep = np.flatnonzero(odds >= ALTERNATIVE)
    if not len(keep):
        return []
    keep = keep[np.argsort(-odds[keep], kind="stable")][:MAX_ALTERNATIVES]
    paths = np.repeat(best[np.newaxis, :], len(keep), axis=0)
    paths[np.arange(len(keep)), steps[keep]] = runners[keep]
    out: list[str] = []
    for text, _ in decoder.decode(paths, None, remove_duplicate=True)[0]:
        if text != reading and text not in out:
            out.append(text)
    return out
