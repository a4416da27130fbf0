"""Background work of giving: the year-end statement run and the exports. Idempotent: a donor
who already has the year's statement is skipped, so a second run issues nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django_tasks import task

from amparo.core.tracked import Run, tracked

from .models import Donation, Donor, Entry
from .services import year_end_statement


def statement_donor_ids(year: int) -> list[int]:
    return list(Donation.objects.filter(entry=Entry.GIFT, received_on__year=year)
                .order_by("donor_id").values_list("donor_id", flat=True).distinct())


@task()
@tracked("Year-end statements")
def year_end_statements(run: Run, year: int, by_id: int, on: str = "") -> Iterator[int]:
    by = get_user_model().objects.get(pk=by_id)
    day = dt.date.fromisoformat(on) if on else None
    ids = statement_donor_ids(year)
    run.start(total=len(ids))
    issued = 0
    for start in range(0, len(ids), 500):
        for donor in Donor.objects.filter(pk__in=ids[start:start + 500]):
            if year_end_statement(by=by, donor=donor, year=year, on=day) is not None:
                issued += 1
            yield 1
    run.finish(message=str(issued))
    return issued


@task()
@tracked("Giving export")
def export_giving(run: Run, name: str = "giving.donations", fmt: str = "csv") -> str:
    from amparo.core.exports import get

    return get(name).write(run, fmt=fmt)
