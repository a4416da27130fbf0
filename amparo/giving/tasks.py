"""Background work of giving: the year-end statement run and the exports. Idempotent: a donor
who already has the year's statement is skipped, so a second run issues nothing twice. The run
issues statements in chunks (``services.STATEMENT_CHUNK`` donors per transaction); a failed run
keeps the chunks it committed, and running it again finishes the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django_tasks import task

from amparo.core.tracked import Run, tracked

from .models import Donation, Entry
from .services import STATEMENT_CHUNK, issue_statements


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
    for start in range(0, len(ids), STATEMENT_CHUNK):  # one transaction, one counter lock per chunk
        chunk = ids[start:start + STATEMENT_CHUNK]
        issued += len(issue_statements(by=by, year=year, donor_ids=chunk, on=day))
        yield len(chunk)
    run.finish(message=str(issued))
    return issued


@task()
@tracked("Giving export")
def export_giving(run: Run, name: str = "giving.donations", fmt: str = "csv") -> str:
    from amparo.core.exports import get

    return get(name).write(run, fmt=fmt)
