"""A built site's pictures (issue 11's 60 s target), against RapidOCR reading every one of them in the same run.

    .venv/bin/python bench/pixels_site.py --list LIST.csv SITE_DIR [--jobs 2]

Issue 11 measured RapidOCR at its defaults reading the 70 pictures of the built mkdocs-material docs
in 146 s on 2 cores, and set withhold's first scan of that site, pixels read, at 60 s at most: 0.41 of
that reading. Machines differ, so both are measured here, one after the other:

- RapidOCR as it comes (its own models, its defaults; offline: the models and a font given by path)
  over every picture file of SITE_DIR (PNG, JPEG, GIF, WebP, BMP, TIFF), a pool of --jobs processes;
- `withhold scan --jobs N` of SITE_DIR with empty caches (the list prepared inside the run), then
  the same scan again, unchanged (the clean store and the OCR cache: the target is under 10%).

Wall and CPU seconds (the process and its children) of each, and the two ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from summary import target  # noqa: E402

PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")
_ENGINE = None


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _plain_engine():  # type: ignore[no-untyped-def]
    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    det, rec, cls = (next(iter(sorted(models.glob(p)))) for p in ("*det*.onnx", "*rec*.onnx", "*cls*.onnx"))
    return rapidocr.RapidOCR(params={"Global.log_level": "error", "Global.font_path": str(det),
                                     "Det.model_path": str(det), "Rec.model_path": str(rec),
                                     "Cls.model_path": str(cls)})


def _read(path: str) -> tuple[int, float]:
    """Return the lines RapidOCR reads in one picture (its first frame) and the CPU seconds it took."""
    global _ENGINE
    import numpy as np
    from PIL import Image

    if _ENGINE is None:
        _ENGINE = _plain_engine()
    started = time.process_time()
    with Image.open(path) as image:
        pixels = np.asarray((image.convert("RGBA") if image.mode == "P" else image).convert("RGB"))
    result = _ENGINE(pixels)
    return len(result.txts or ()), time.process_time() - started


def rapidocr_all(pictures: list[Path], jobs: int) -> tuple[float, float, int]:
    """Return the wall and CPU seconds of RapidOCR reading every picture in a pool of jobs, and the lines read."""
    started = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_read, map(str, pictures)))
    return time.perf_counter() - started, sum(cpu for _, cpu in results), sum(lines for lines, _ in results)


def withhold_scan(site: Path, list_path: Path, jobs: int, cache: Path) -> tuple[float, float, str]:
    """Return the wall and CPU seconds of one `withhold scan` and its summary line."""
    cmd = [str(Path(sys.executable).parent / "withhold"), "scan", "--list", str(list_path), "--no-progress",
           "--jobs", str(jobs), str(site)]
    started, cpu = time.perf_counter(), _cpu()
    proc = subprocess.run(cmd, env={**os.environ, "WITHHOLD_CACHE_DIR": str(cache)}, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr[-2000:])
    return seconds, cpu, ((proc.stderr + proc.stdout).strip().splitlines() or [""])[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    pictures = sorted(p for p in args.site.rglob("*") if p.suffix.lower() in PICTURES and p.is_file())
    print(f"{len(pictures)} pictures in {args.site}; {args.jobs} processes")
    ocr_wall, ocr_cpu, lines = rapidocr_all(pictures, args.jobs)
    print(f"{'RapidOCR at its defaults, every picture':<44}{ocr_wall:8.1f} s wall {ocr_cpu:8.1f} s CPU  {lines} lines")
    with tempfile.TemporaryDirectory(prefix="withhold-pixels-") as cache:
        first = withhold_scan(args.site, args.list, args.jobs, Path(cache))
        again = withhold_scan(args.site, args.list, args.jobs, Path(cache))
    print(f"{'withhold scan, empty caches':<44}{first[0]:8.1f} s wall {first[1]:8.1f} s CPU  {first[2]}")
    print(f"{'withhold scan again, unchanged':<44}{again[0]:8.1f} s wall {again[1]:8.1f} s CPU")
    ratio = first[0] / ocr_wall
    print(f"first scan / RapidOCR reading every picture: {ratio:.2f} (issue 11: 60 s / 146 s = 0.41)")
    print(f"unchanged rescan / first scan: {again[0] / first[0]:.1%} (target under 10%)")
    target("site's first scan with pixels / RapidOCR reading its pictures", ratio, "x", 60 / 146,
           f"{first[0]:.1f} s / {ocr_wall:.1f} s, {len(pictures)} pictures")
    target("site's unchanged rescan / its first scan", again[0] / first[0], "x", 0.10, f"{again[0]:.2f} s")


if __name__ == "__main__":
    main()
