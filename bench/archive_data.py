"""Synthetic archive documents for the benchmark, recombined from the MUC-3 news reports.

Each synthetic source takes a lead sentence as its title and two or three paragraphs drawn
from different real reports as its text; a tenth are marked Spanish (the text stays the
English translation: the benchmark measures search, not language). Access levels are mixed
(80% public, 15% staff, 5% restricted); dates spread over 1979-1992 with mixed precision.
Words are turned into search terms once per paragraph, then joined, so generating a million
documents stays quick.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from amparo.archive import muc3
from amparo.archive.text import terms_text

MUC3 = Path(__file__).resolve().parents[2] / "shared/data/muc3/dev"


def paragraphs(directory: Path = MUC3) -> list[tuple[str, str]]:
    """(paragraph, its search terms) for every paragraph of every report."""
    found = []
    for path in sorted(directory.glob("*.xhtml")):
        try:
            report = muc3.parse(path)
        except muc3.BadReport:
            continue
        for para in report.text.split("\n\n"):
            if len(para) > 80:
                found.append((para[:1500], terms_text(para[:1500])))
    return found


def documents(count: int, *, seed: int = 7, start_id: int = 0) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    pool = paragraphs()
    levels = ["public"] * 16 + ["staff"] * 3 + ["restricted"]
    types = ["clipping"] * 6 + ["report", "testimony", "chronology", "document"]
    for n in range(start_id, start_id + count):
        chosen = rng.sample(pool, rng.choice((2, 2, 3)))
        body = "\n\n".join(p for p, _t in chosen)
        title = muc3.lead(chosen[0][0], 120)
        year = rng.randint(1979, 1992)
        precision = rng.random()
        if precision < 0.7:
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            date, lo, hi = day.isoformat(), day, day
        elif precision < 0.9:
            month = rng.randint(1, 12)
            lo = dt.date(year, month, 1)
            hi = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
            date = f"{year}-{month:02d}"
        else:
            date, lo, hi = str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
        yield {
            "kind": "source", "object_id": 10_000_000 + n, "access": rng.choice(levels),
            "title": title, "body": body, "terms": " ".join([terms_text(title), *(t for _p, t in chosen)]),
            "tags": (f" p{rng.randint(1, 15)} a{rng.choice(['killing', 'massacre', 'torture', 'disappearance'])}"
                     f" y{year} "),
            "identifier": f"SYN-{n:07d}", "date": date, "date_lo": lo, "date_hi": hi,
            "language": "es" if rng.random() < 0.1 else "en", "source_type": rng.choice(types), "place": "",
        }
