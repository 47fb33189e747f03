"""Other scripts: which romanisation of a native-script name equals its romanised list entry (issue 12).

    .venv/bin/pip install anyascii unidecode && .venv/bin/python bench/translit.py

Compares anyascii and unidecode (each follows one romanisation system) with withhold's own
skeleton (text/skeleton.py), which folds the systems records use into one form, on the fictional
people of tests/people.py, and their speed on the same text. Not a dependency: a measurement.
"""
import sys
import time
from pathlib import Path

from anyascii import anyascii
from unidecode import unidecode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from people import SCRIPT_PEOPLE  # noqa: E402
from withhold.text.normalize import normalize  # noqa: E402
from withhold.text.skeleton import skeleton  # noqa: E402


def main() -> None:
    rows = []
    for p, native in SCRIPT_PEOPLE:
        listed = normalize(f"{p.given} {p.family}")
        a, u = normalize(anyascii(native)), normalize(unidecode(native))
        rows.append((native, listed, a, u, skeleton(normalize(native)) == skeleton(listed)))
    for native, listed, a, u, same in rows:
        print(f"{native}: list {listed!r}; anyascii {a!r}; unidecode {u!r}; skeleton equal: {same}")
    print(f"the list's spelling: anyascii {sum(r[2] == r[1] for r in rows)}/{len(rows)}, "
          f"unidecode {sum(r[3] == r[1] for r in rows)}/{len(rows)}, skeleton {sum(r[4] for r in rows)}/{len(rows)}")
    text = " ".join(n for _, n in SCRIPT_PEOPLE) * 20000
    for name, fold in (("anyascii", anyascii), ("unidecode", unidecode), ("skeleton", lambda t: skeleton(normalize(t)))):
        start = time.perf_counter()
        fold(text)
        print(f"{name}: {len(text.encode()) / (time.perf_counter() - start) / 1e6:.1f} MB/s")


if __name__ == "__main__":
    main()
