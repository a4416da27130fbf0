"""Synthetic Central American people with known near-duplicates, for tests, demos and benchmarks.

``generate(n, seed=...)`` returns CSV-shaped rows (the ``find_duplicates`` columns) and the set
of true duplicate pairs. Duplicates carry what a front desk really produces: typos, a missing
or swapped second surname, lost accents, upper case, nicknames, day and month swapped, married
names ("López de Hernández"), a dropped middle name, a changed phone. Hard negatives are built
in: siblings share both surnames, and common names (María, José, Hernández) collide by chance.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from itertools import combinations

from .matching import VARIANTS, strip_accents

GIVEN_F = [
    "María", "Ana", "Rosa", "Carmen", "Marta", "Gloria", "Sonia", "Reina", "Blanca", "Lucía", "Xiomara",
    "Yesenia", "Guadalupe", "Dolores", "Karla", "Patricia", "Isabel", "Elena", "Teresa", "Josefina",
    "Sandra", "Claudia", "Gabriela", "Silvia", "Alicia", "Maribel", "Delmy", "Iris", "Dinora", "Evelyn",
    "Jessica", "Wendy", "Yamileth", "Brenda", "Flor", "Concepción", "Mercedes", "Rosario", "Margarita",
    "Consuelo", "Graciela", "Estela", "Marisol", "Lorena", "Verónica", "Mirna", "Ingrid", "Noemí",
    "Zoila", "Elsa", "Lidia", "Irma", "Sofía", "Valeria", "Daniela", "Camila", "Fernanda", "Ximena",
    "Kimberly", "Katherine", "Stephanie", "Nataly", "Ashley", "Génesis", "Dayana", "Fátima", "Esperanza",
]
GIVEN_M = [
    "José", "Juan", "Carlos", "Luis", "Francisco", "Jorge", "Mario", "Óscar", "Wilmer", "Santos", "Jesús",
    "Manuel", "Antonio", "Miguel", "Pedro", "Roberto", "Ricardo", "Nelson", "Edwin", "Ángel", "David",
    "Daniel", "Víctor", "Rigoberto", "Salvador", "Ernesto", "Armando", "Alexander", "Kevin", "Bryan",
    "Jonathan", "Josué", "Elmer", "Melvin", "Héctor", "Rafael", "Ramón", "Guillermo", "Eduardo", "Alfredo",
    "Gerson", "Marvin", "Walter", "William", "Henry", "Danilo", "Fredy", "Cristian", "Giovanni", "Erick",
    "Julio", "César", "Raúl", "Rubén", "Hugo", "Sergio", "Adán", "Moisés", "Abel", "Efraín", "Ignacio",
    "Enrique", "Alberto", "Humberto", "Gilberto", "Heriberto", "Gregorio", "Fernando", "Rodrigo",
]
# Roughly Zipf-like: the first surnames are much more common, as in El Salvador and Guatemala.
SURNAMES = [
    "Hernández", "López", "Martínez", "García", "Rodríguez", "Pérez", "Ramírez", "Flores", "Cruz", "Gómez",
    "Morales", "Reyes", "Vásquez", "González", "Castillo", "Rivera", "Mejía", "Aguilar", "Chávez",
    "Ortiz", "Romero", "Sánchez", "Díaz", "Torres", "Méndez", "Guerra", "Orellana", "Quintanilla",
    "Argueta", "Alvarado", "Ventura", "de la Cruz", "del Cid", "Zelaya", "Ayala", "Portillo", "Cañas",
    "Menjívar", "Benítez", "Umaña", "Peña", "Núñez", "Escobar", "Rosales", "Molina", "Fuentes", "Henríquez",
    "Villatoro", "Campos", "Bonilla", "Mendoza", "Marroquín", "Ochoa", "Salazar", "Lemus", "Pineda",
    "Barrera", "Guevara", "Palacios", "Contreras", "Serrano", "Carranza", "Amaya", "Alfaro", "Linares",
    "Paredes", "Solórzano", "Monterrosa", "Chicas", "Rivas", "Recinos", "Jovel", "Interiano", "Vides",
    "Santamaría", "Calderón", "Alas", "Funes", "Cortez", "Cáceres", "Lara", "Melgar", "Tobar", "Zepeda",
    "Sorto", "Granados", "Herrera", "Medina", "Avilés", "Machado", "Urrutia", "Vaquerano", "Ponce",
    "Osorio", "Arévalo", "Coto", "Batres", "Girón", "Xicará", "Tzul", "Cux", "Pop", "Choc", "Caal",
    "Ixcoy", "Ajanel", "Quiej", "Tum", "Chen", "Sical", "Bol", "Coy", "Yat", "Velásquez", "Juárez",
    "Estrada", "Aldana", "Maldonado", "Cifuentes", "Figueroa", "Monzón", "Sandoval", "Rojas", "Navarro",
    "Ortega", "Delgado", "Castro", "Vargas", "Ruiz", "Alonzo", "Lima", "Baires", "Abarca", "Quijada",
]
CITIES = [("Los Angeles", "900"), ("Pomona", "917"), ("Van Nuys", "914"), ("Long Beach", "908"),
          ("Inglewood", "903"), ("Santa Ana", "927"), ("Riverside", "925"), ("Pasadena", "911")]
STREETS = ["Pico Blvd", "Vermont Ave", "Alvarado St", "Hoover St", "Union Ave", "Normandie Ave", "Western Ave",
           "Olympic Blvd", "Venice Blvd", "Figueroa St", "Main St", "Broadway", "Valley Blvd", "Garvey Ave"]
AREA_CODES = ["213", "323", "818", "626", "562", "310", "909", "747"]
NICKNAMES = {name: [n for n in nicks if len(n) > 2] for name, nicks in VARIANTS.items()}

COLUMNS = ["record_id", "given_names", "first_surname", "second_surname", "birth_date", "phone", "street",
           "city", "postcode", "identifier"]


def _weights(n: int) -> list[float]:
    return [1 / (i + 1) ** 0.9 for i in range(n)]


_SURNAME_W = _weights(len(SURNAMES))
_GIVEN_F_W = _weights(len(GIVEN_F))
_GIVEN_M_W = _weights(len(GIVEN_M))


def _person(rng: random.Random, pk: str, *, surnames: tuple[str, str] | None = None) -> dict[str, str]:
    female = rng.random() < 0.52
    pool, weights = (GIVEN_F, _GIVEN_F_W) if female else (GIVEN_M, _GIVEN_M_W)
    given = rng.choices(pool, weights)[0]
    if rng.random() < 0.6:
        second = rng.choices(pool, weights)[0]
        if second != given:
            given = f"{given} {second}"
    first, second_surname = surnames or tuple(rng.choices(SURNAMES, _SURNAME_W, k=2))
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 82))
    city, zip_prefix = rng.choice(CITIES)
    return {
        "record_id": pk, "given_names": given, "first_surname": first, "second_surname": second_surname,
        "birth_date": birth.isoformat(), "phone": f"{rng.choice(AREA_CODES)}{rng.randrange(2000000, 9999999)}",
        "street": f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}", "city": city,
        "postcode": f"{zip_prefix}{rng.randrange(10, 99)}",
        "identifier": f"A{rng.randrange(10**7, 3 * 10**8):09d}" if rng.random() < 0.3 else "",
        "_female": "1" if female else "",
    }


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1:]  # a letter dropped
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # two letters swapped
    if kind == 2:
        return word[:i] + word[i] + word[i:]  # a letter doubled
    return word[:i] + rng.choice("aeiournslt") + word[i + 1:]  # a letter replaced


def _nickname(rng: random.Random, given: str) -> str | None:
    first = strip_accents(given.split()[0]).lower()
    if first in NICKNAMES and NICKNAMES[first]:
        return rng.choice(NICKNAMES[first]).capitalize() + given[len(given.split()[0]):]
    return None


PERTURBATIONS = ("typo_given", "typo_surname", "no_second_surname", "swap_surnames", "no_accents", "upper",
                 "nickname", "day_month_swap", "married", "drop_middle", "new_phone", "no_birth", "birth_typo",
                 "no_phone", "moved")


def _birth(row: dict[str, str]) -> dt.date | None:
    text = row.get("birth_date", "").replace("-", "")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None


def perturb(rng: random.Random, row: dict[str, str], pk: str, *, count: int | None = None) -> dict[str, str]:
    dup = dict(row, record_id=pk)
    kinds = rng.sample(PERTURBATIONS, count or rng.choice((1, 2, 2, 3)))
    for kind in kinds:
        if kind == "typo_given":
            parts = dup["given_names"].split()
            j = rng.randrange(len(parts))
            parts[j] = _typo(rng, parts[j])
            dup["given_names"] = " ".join(parts)
        elif kind == "typo_surname":
            dup["first_surname"] = _typo(rng, dup["first_surname"])
        elif kind == "no_second_surname":
            dup["second_surname"] = ""
        elif kind == "swap_surnames" and dup["second_surname"]:
            dup["first_surname"], dup["second_surname"] = dup["second_surname"], dup["first_surname"]
        elif kind == "no_accents":
            for key in ("given_names", "first_surname", "second_surname"):
                dup[key] = strip_accents(dup[key])
        elif kind == "upper":
            for key in ("given_names", "first_surname", "second_surname"):
                dup[key] = dup[key].upper()
        elif kind == "nickname":
            if nick := _nickname(rng, dup["given_names"]):
                dup["given_names"] = nick
        elif kind == "day_month_swap":
            d = _birth(row)
            if d and d.day <= 12 and d.day != d.month:
                dup["birth_date"] = dt.date(d.year, d.day, d.month).isoformat()
        elif kind == "married" and row.get("_female"):
            husband = rng.choices(SURNAMES, _SURNAME_W)[0]
            if rng.random() < 0.5:
                dup["second_surname"] = f"de {husband}"
            else:
                dup["first_surname"], dup["second_surname"] = f"{row['first_surname']} de {husband}", ""
        elif kind == "drop_middle":
            dup["given_names"] = dup["given_names"].split()[0]
        elif kind == "new_phone":
            dup["phone"] = f"{rng.choice(AREA_CODES)}{rng.randrange(2000000, 9999999)}"
        elif kind == "no_phone":
            dup["phone"] = ""
        elif kind == "no_birth":
            dup["birth_date"] = ""
        elif kind == "birth_typo" and (d := _birth(row)):
            dup["birth_date"] = d.replace(day=d.day + 1 if d.day < 28 else d.day - 1).isoformat()
        elif kind == "moved":
            city, zip_prefix = rng.choice(CITIES)
            dup.update(street=f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}", city=city,
                       postcode=f"{zip_prefix}{rng.randrange(10, 99)}")
    if rng.random() < 0.5:
        dup["identifier"] = ""  # the A-number is often not at hand the second time
    dup["birth_date"] = dup["birth_date"].replace("-", "") if rng.random() < 0.1 else dup["birth_date"]
    return dup


def generate(n: int, *, seed: int = 1981, duplicate_rate: float = 0.15, sibling_rate: float = 0.05
             ) -> tuple[list[dict[str, str]], set[tuple[str, str]]]:
    """``n`` rows (originals, their near-duplicates and siblings) and the true duplicate pairs."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    truth: set[tuple[str, str]] = set()
    counter = 0

    def next_id() -> str:
        nonlocal counter
        counter += 1
        return f"P{counter:07d}"

    while len(rows) < n:
        base = _person(rng, next_id())
        rows.append(base)
        group = [base["record_id"]]
        if rng.random() < duplicate_rate and len(rows) < n:
            for _ in range(1 if rng.random() < 0.85 else 2):
                if len(rows) >= n:
                    break
                dup = perturb(rng, base, next_id())
                rows.append(dup)
                group.append(dup["record_id"])
        if rng.random() < sibling_rate and len(rows) < n:
            sibling = _person(rng, next_id(), surnames=(base["first_surname"], base["second_surname"]))
            rows.append(sibling)  # same surnames, another person: must not be matched
        for a, b in combinations(sorted(group), 2):
            truth.add((a, b))
    rng.shuffle(rows)
    return rows, truth


def iter_clean(rows: list[dict[str, str]]) -> Iterator[dict[str, str]]:
    """Rows without the generator's private columns."""
    for row in rows:
        yield {k: row.get(k, "") for k in COLUMNS}
