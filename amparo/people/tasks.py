"""Background work on people: the full duplicate pass and the export. Idempotent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from django_tasks import task

from amparo.core.tracked import Run, tracked

from . import linkage, matching
from .models import Person
from .services import save_duplicate_pairs

CHUNK = 2000


def load_records(queryset=None) -> list[matching.Record]:  # type: ignore[no-untyped-def]
    """Every current person as a matching record, straight from the stored matching data."""
    qs = (queryset if queryset is not None else Person.objects.current()).order_by("pk")
    return [matching.Record.from_data(pk, data, restricted=restricted)
            for pk, data, restricted in qs.values_list("pk", "match_data", "restricted").iterator(chunk_size=CHUNK)]


@task()
@tracked("Duplicate pass", already=lambda progress: progress.done)
def duplicate_pass(run: Run) -> int:
    from .services import model_for_pass

    records = load_records()
    run.start(total=len(records))
    found = 0
    workers = os.cpu_count() or 1
    version, model = model_for_pass(records, workers=workers)

    def pairs() -> Iterator[Any]:
        nonlocal found
        for a, b, explanation in linkage.find_links(records, model, workers=workers):
            found += 1
            yield a.id, b.id, round(explanation.probability, 4), explanation.reasons(), explanation.to_data()

    save_duplicate_pairs(pairs(), model_version=version)
    run.advance(len(records))
    run.finish(message=str(found))
    return found


@task()
@tracked("People export")
def export_people_csv(run: Run, query: str = "", fmt: str = "csv") -> str:
    from amparo.core.exports import get

    return get("people").write(run, fmt=fmt)
