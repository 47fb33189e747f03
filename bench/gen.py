"""Generated benchmark data: a realistic agency site and protected lists of fictional people.

Everything here is synthetic. Data is written to a temporary directory, never into the repository.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

GIVEN = ("María José Ana Lucía Mateo Valentina Santiago Camila Sebastián Isabella Joaquín Renée Amadou Fatoumata "
         "Aliyu Chiamaka Tomasz Agnieszka Hamid Juan Luis Carmen Rosa Pedro Elena Miguel Sofía Diego Carlos Isabel "
         "Jorge Andrés Gabriela Daniela Fernando Ricardo Patricia Alejandro Mariana Paola Nguyen Thi Hoa Minh").split()
FAMILY = ("García López Martínez Rodríguez Hernández González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz "
          "Cruz Morales Reyes Ortiz Gutiérrez Chávez Ramos Ruiz Mendoza Castillo Jiménez Vargas Romero Herrera Medina "
          "Aguilar Quintero Villalobos Zambrano Echeverría Montoya Cárdenas Ibáñez Okonkwo Diallo Kowalczyk "
          "Nwachukwu Haidari Oyelaran Toussaint Salazar Delgado Castro Vega Soto Navarro Campos Guerrero").split()
# Names that appear on the site's pages: a pool disjoint from the list's, so a clean site is clean.
SITE_GIVEN = "John Mary Robert Linda Michael Susan William Karen David Nancy James Betty Thomas Helen".split()
SITE_FAMILY = "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson White".split()
WORDS = ("the of and to in for is on that by with detention statistics facility report quarterly removal "
         "proceedings asylum application office public notice regional court data release policy program "
         "processing center annual fiscal year table total number percent population average length stay "
         "release bond parole hearing immigration judge decision appeal board review case status pending").split()


def syllables(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4))).title()


def person(rng: random.Random, i: int) -> dict[str, str]:
    given = " ".join(rng.sample(GIVEN, rng.choice((1, 1, 2))))
    # Invented surnames keep 1M records distinct; common ones keep the text name-dense.
    family = " ".join(rng.choice((rng.choice(FAMILY), syllables(rng))) for _ in range(rng.choice((1, 2, 2))))
    dob = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(365 * 71))
    return {"id": f"P{i:07d}", "given_name": given, "family_name": family, "dob": dob.isoformat(),
            "a_number": f"A{rng.randrange(10**8, 10**9)}"}


def write_list(path: Path, count: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["id", "given_name", "family_name", "dob", "a_number"])
        w.writeheader()
        for i in range(count):
            w.writerow(person(rng, i))
    return path


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def page(rng: random.Random, index: int, target: int) -> str:
    nav = "".join(f'<li><a href="/section/{i}/page-{j}/">{_prose(rng, 3)}</a></li>'
                  for i in range(8) for j in range(12))
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Report {index}</title>"
             f"<meta name='description' content='{_prose(rng, 12)}'></head><body><nav><ul>{nav}</ul></nav><main>"]
    size = sum(map(len, parts))
    while size < target:
        if rng.random() < 0.4:
            rows = "".join(
                f"<tr><td>{rng.choice(SITE_GIVEN)} {rng.choice(SITE_FAMILY)}</td><td>{rng.randrange(1, 9999)}</td>"
                f"<td>{rng.randrange(1940, 2006)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}</td>"
                f"<td>{_prose(rng, 4)}</td></tr>" for _ in range(rng.randint(10, 40)))
            chunk = f"<table><thead><tr><th>Name</th><th>Count</th><th>Date</th><th>Note</th></tr></thead>{rows}</table>"
        else:
            chunk = f"<h2>{_prose(rng, 5)}</h2><p>{_prose(rng, rng.randint(40, 160))}</p>"
        parts.append(chunk)
        size += len(chunk)
    parts.append("</main><footer>Public information office</footer></body></html>")
    return "".join(parts)


def write_site(root: Path, pages: int, seed: int = 2, min_kb: int = 30, max_kb: int = 80) -> int:
    """Write pages HTML pages under root; return the total bytes written."""
    rng = random.Random(seed)
    total = 0
    for i in range(pages):
        folder = root / f"section-{i % 50}" / f"page-{i}"
        folder.mkdir(parents=True, exist_ok=True)
        data = page(rng, i, rng.randint(min_kb, max_kb) * 1024).encode()
        (folder / "index.html").write_bytes(data)
        total += len(data)
    return total


def given_or_written(given: Path | None, records: int, tmp: Path) -> Path:
    """Return the list a benchmark was given, or one of records fictional people written under tmp/secure."""
    if given:
        return given.resolve()
    (tmp / "secure").mkdir()
    return write_list(tmp / "secure" / "protected.csv", records)
