"""Fictional people for tests. Every name, date and number here is invented for withhold's tests.

The names are assembled from common given and family names; no record describes a real person.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import NamedTuple


class Person(NamedTuple):
    id: str
    given: str
    family: str
    dob: dt.date
    a_number: str  # as written in the list
    passport: str
    nationality: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"


# Hand-picked fictional people, each exercising a rule: two surnames, accents, compound given
# names, particles, a short name with decoys around it.
PEOPLE = (
    Person("P00001", "María José", "García López", dt.date(1985, 3, 12), "A012345678", "XK1234567", "Fictionland"),
    Person("P00002", "Ana", "Paz", dt.date(1990, 7, 1), "987654321", "XK7654321", "Utopia"),
    Person("P00003", "Jean-Luc", "Dubois", dt.date(1979, 11, 23), "A 203 040 506", "FR0000001", "Freedonia"),
    Person("P00004", "Oluwaseun", "de la Cruz Peña", dt.date(2001, 1, 5), "A-11-222-333", "NG5550001", "Wakanda"),
    Person("P00005", "Søren", "Ærøskøbing", dt.date(1968, 2, 29), "A099887766", "DK3141592", "Genovia"),
)

# Fictional people whose names are written in another script, listed romanised (as agency records are):
# each with its native spelling, as a page in the person's own language writes it. Invented, like the rest.
SCRIPT_PEOPLE = (
    (Person("S00001", "Iuliia", "Shcherbakova", dt.date(1988, 4, 9), "A055501001", "RU1000001", "Utopia"),
     "Юлия Щербакова"),
    (Person("S00002", "Evgenii", "Khrustalev", dt.date(1975, 9, 30), "A055501002", "RU1000002", "Freedonia"),
     "Евгений Хрусталёв"),
    (Person("S00003", "Nikolaos", "Papadopoulos", dt.date(1969, 6, 14), "A055501003", "GR1000003", "Genovia"),
     "Νικόλαος Παπαδόπουλος"),
    (Person("S00004", "Aram", "Khachatryan", dt.date(1992, 12, 2), "A055501004", "AM1000004", "Utopia"),
     "Արամ Խաչատրյան"),
    (Person("S00005", "Nino", "Kharaishvili", dt.date(1983, 1, 27), "A055501005", "GE1000005", "Freedonia"),
     "ნინო ხარაიშვილი"),
)

_GIVEN = ["Lucía", "Mateo", "Valentina", "Santiago", "Camila", "Sebastián", "Isabella", "Joaquín", "Renée",
          "Amadou", "Fatoumata", "Nguyen Van", "Thi Hoa", "Aliyu", "Chiamaka", "Tomasz", "Agnieszka", "Hamid"]
_FAMILY = ["Quintero", "Villalobos", "Zambrano", "Echeverría", "Montoya", "Cárdenas", "Ibáñez", "Okonkwo",
           "Diallo", "Kowalczyk", "Nwachukwu", "Haidari", "Brzęczyszczykiewicz", "Oyelaran", "Toussaint"]


def generated(count: int, seed: int = 7) -> list[Person]:
    """Return count more fictional people, reproducibly."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        given = rng.choice(_GIVEN)
        family = " ".join(rng.sample(_FAMILY, rng.choice((1, 2))))
        dob = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 65))
        out.append(Person(f"G{i:06d}", given, family, dob, f"A{rng.randrange(10**8, 10**9)}",
                          f"ZZ{rng.randrange(10**6, 10**7)}", rng.choice(["Utopia", "Freedonia", "Genovia"])))
    return out


def write_list(path: Path, people: tuple[Person, ...] | list[Person]) -> Path:
    """Write a synthetic protected list (CSV) at path and return it."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "given_name", "family_name", "dob", "a_number", "passport", "nationality"])
        for p in people:
            w.writerow([p.id, p.given, p.family, p.dob.isoformat(), p.a_number, p.passport, p.nationality])
    return path
