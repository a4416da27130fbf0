"""A synthetic drive file: Salvadoran registrants with repeats, bad rows and people already known.

``drive_rows(n, seed=...)`` returns rows with the canonical headers (or Spanish ones), built
from ``people.synthetic`` (which makes near-duplicates the way a front desk does); a share of
rows are made impossible (no name, a 31st of February, a birth in the future, a country that
is not one) and a share lack optional facts. Seeded: the same seed gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from amparo.people import synthetic

from .drive_import import COLUMNS

HEADERS = ["given_names", "first_surname", "second_surname", "birth_date", "country_of_birth", "phone", "email",
           "address", "city", "postcode", "entry_date", "site", "registered_on"]
SPANISH = {canonical: COLUMNS[canonical][1] if canonical not in ("site", "registered_on") else COLUMNS[canonical][1]
           for canonical in HEADERS}
SITES = ["Pico-Union", "Van Nuys", "Long Beach", "Santa Ana"]
COUNTRY_FORMS = ["El Salvador", "SV", "El Salvador", "el salvador", "Guatemala", "Honduras", "sv"]


def drive_rows(n: int, *, seed: int = 2001, bad_rate: float = 0.02, today: dt.date = dt.date(2026, 11, 30),
               start: dt.date = dt.date(2026, 10, 1)) -> list[dict[str, str]]:
    rng = random.Random(seed)
    people, _truth = synthetic.generate(n, seed=seed)
    days = (today - start).days
    rows = []
    for person in synthetic.iter_clean(people):
        birth = person.get("birth_date", "")
        entry = ""
        if birth and rng.random() < 0.9:
            born = dt.date.fromisoformat(birth)
            first = max(born + dt.timedelta(days=365), dt.date(1985, 1, 1))
            if first < dt.date(2001, 2, 1):
                entry = (first + dt.timedelta(days=rng.randrange(max(1, (dt.date(2001, 2, 1) - first).days)))
                         ).isoformat()
            elif rng.random() < 0.3:
                entry = (first + dt.timedelta(days=rng.randrange(max(1, (today - first).days)))).isoformat()
        row = {
            "given_names": person["given_names"], "first_surname": person["first_surname"],
            "second_surname": person["second_surname"], "birth_date": birth,
            "country_of_birth": rng.choice(COUNTRY_FORMS) if rng.random() < 0.97 else "",
            "phone": person["phone"] if rng.random() < 0.92 else "",
            "email": "" if rng.random() < 0.7 else f"r{len(rows)}@example.org",
            "address": person["street"], "city": person["city"], "postcode": person["postcode"],
            "entry_date": entry, "site": rng.choice(SITES),
            "registered_on": (start + dt.timedelta(days=rng.randrange(days))).isoformat(),
        }
        if rng.random() < bad_rate:
            spoil = rng.randrange(4)
            if spoil == 0:
                row["given_names"] = row["first_surname"] = row["second_surname"] = ""
            elif spoil == 1:
                row["birth_date"] = "1980-02-31"
            elif spoil == 2:
                row["birth_date"] = (today + dt.timedelta(days=400)).isoformat()
            else:
                row["country_of_birth"] = "Narnia"
        rows.append(row)
    return rows


def to_csv(rows: list[dict[str, str]], *, spanish: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([SPANISH[h] for h in HEADERS] if spanish else HEADERS)
    for row in rows:
        writer.writerow([row.get(h, "") for h in HEADERS])
    return out.getvalue().encode()
