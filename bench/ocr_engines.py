"""OCR engines measured on pictures of fictional names: names found, findings on clean pictures, speed.

    .venv/bin/python bench/ocr_engines.py                    # every engine installed, 45 people
    .venv/bin/python bench/ocr_engines.py --people 100 --engines rapidocr
    .venv/bin/python bench/ocr_engines.py --engines rapidocr --with-han   # the full recogniser

The pictures come from tests/pictures.py (Pillow: lines of text in several fonts and 12-30 px,
JPEG at quality 60, scans rotated 1-2 degrees with speckle, table screenshots; charts and photos
that hold no name). Each picture goes through withhold's own core (scan_bytes: triage, OCR,
normalisation, the matcher), so a name counts as found exactly when withhold would report it.
Seconds per picture are wall time of that scan, after one warm-up picture loads the engine, and
CPU time (this process and Tesseract's), which a shared machine disturbs less; the OCR cache is
off. Everything runs offline. The list writes no name in Han, so RapidOCR recognises without Han,
as a run with that list would (extract/ocrmodel.py), unless --with-han.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import pictures  # noqa: E402
from people import PEOPLE, generated, write_list  # noqa: E402
from withhold.extract import ocr  # noqa: E402
from withhold.protected.plaintext import Protected  # noqa: E402
from withhold.scan.file import scan_bytes  # noqa: E402
from withhold.settings import Settings  # noqa: E402


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(engine: str, people: list, protected: Protected, han: bool) -> dict[str, object]:  # type: ignore[type-arg]
    settings = Settings(ocr_engine=engine, ocr_han=han)
    shots = pictures.name_pictures(people)
    clean = pictures.clean_pictures()
    scan_bytes("warm-up.png", shots[0].data, protected, settings)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seconds: list[float] = []
    missed: list[str] = []
    cpu_start = _cpu()
    for shot in shots:
        start = time.perf_counter()
        result = scan_bytes(shot.name, shot.data, protected, settings)
        seconds.append(time.perf_counter() - start)
        found = {r for f in result.findings if f.kind == "name" for r in f.records}
        kind = shot.label.split()[0]
        for pid in shot.people:
            by_kind[kind][1] += 1
            if pid in found:
                by_kind[kind][0] += 1
            else:
                missed.append(f"{pid} in {shot.label}")
    false = 0
    for shot in clean:
        start = time.perf_counter()
        false += len(scan_bytes(shot.name, shot.data, protected, settings).findings)
        seconds.append(time.perf_counter() - start)
    cpu = _cpu() - cpu_start
    found = sum(v[0] for v in by_kind.values())
    total = sum(v[1] for v in by_kind.values())
    return {"engine": engine, "found": found, "total": total, "by_kind": dict(by_kind), "clean_findings": false,
            "pictures": len(seconds), "mean_s": sum(seconds) / len(seconds), "cpu_s": cpu / len(seconds), "max_s": max(seconds), "missed": missed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=45, help="fictional people pictured (5 hand-picked + generated)")
    parser.add_argument("--engines", default="rapidocr,tesseract")
    parser.add_argument("--with-han", action="store_true",
                        help="read Han too (the full recogniser), though the list writes none (extract/ocrmodel.py)")
    args = parser.parse_args(argv)
    people = list(PEOPLE) + generated(max(args.people - len(PEOPLE), 0), seed=23)
    with tempfile.TemporaryDirectory() as tmp:
        protected = Protected.load(write_list(Path(tmp) / "list.csv", people), Settings())[0]
    print(f"{len(people)} people, fonts: {', '.join(f.stem for f in pictures.fonts()) or 'Pillow default'}")
    print("| engine | names found | line | jpeg q60 | scan | table | findings on clean pictures | s/picture (mean, max) | CPU s/picture |")
    print("|---|---|---|---|---|---|---|---|---|")
    han = args.with_han or protected.writes_han  # as prepare() sets Settings.ocr_han
    for name in args.engines.split(","):
        loaded = ocr.engine(name, han)
        if loaded is None:
            print(f"| {name} | not installed | | | | | | | |")
            continue
        r = measure(name, people, protected, han)
        kinds = " | ".join(f"{r['by_kind'].get(k, [0, 0])[0]}/{r['by_kind'].get(k, [0, 0])[1]}" for k in pictures.KINDS)  # type: ignore[attr-defined]
        print(f"| {loaded.version} | {r['found']}/{r['total']} ({100 * r['found'] / r['total']:.1f}%) | {kinds} | "  # type: ignore[operator]
              f"{r['clean_findings']} | {r['mean_s']:.2f}, {r['max_s']:.2f} | {r['cpu_s']:.2f} |")
        for miss in r["missed"]:  # type: ignore[attr-defined]
            print(f"    missed: {miss}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
