"""Background work on people: the full duplicate pass and the CSV export. Idempotent."""

from __future__ import annotations

import csv
import logging
import os

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from amparo.core import services as core_services
from amparo.core.models import TaskProgress
from amparo.core.permissions import restrict

from . import matching
from .models import Person
from .services import save_duplicate_pairs

log = logging.getLogger(__name__)
CHUNK = 2000
EXPORT_COLUMNS = ["id", "given_names", "first_surname", "second_surname", "preferred_name", "birth_date",
                  "country_of_birth", "preferred_language", "phones", "created_at"]


def load_records(queryset=None) -> list[matching.Record]:  # type: ignore[no-untyped-def]
    """Every current person as a matching record, straight from the stored matching data."""
    qs = (queryset if queryset is not None else Person.objects.current()).order_by("pk")
    return [matching.Record.from_data(pk, data, restricted=restricted)
            for pk, data, restricted in qs.values_list("pk", "match_data", "restricted").iterator(chunk_size=CHUNK)]


@task()
def duplicate_pass(progress_id: str) -> int:
    progress = TaskProgress.objects.get(pk=progress_id)
    if progress.status == TaskProgress.Status.SUCCEEDED:
        return progress.done
    try:
        records = load_records()
        core_services.progress_running(progress_id, total=len(records))
        found = 0

        def pairs():  # type: ignore[no-untyped-def]
            nonlocal found
            for a, b, match in matching.find_pairs(records, workers=os.cpu_count() or 1):
                found += 1
                yield a.id, b.id, match.score, match.reasons

        save_duplicate_pairs(pairs())
        core_services.progress_advance(progress_id, len(records))
        core_services.progress_finish(progress_id, message=str(found))
        return found
    except Exception as exc:
        log.exception("Duplicate pass %s failed", progress_id)
        core_services.progress_fail(progress_id, message=type(exc).__name__)
        raise


@task()
def export_people_csv(progress_id: str, query: str = "") -> str:
    progress = TaskProgress.objects.select_related("owner").get(pk=progress_id)
    if progress.status == TaskProgress.Status.SUCCEEDED:
        return progress.result_file
    try:
        people = restrict(Person.objects.current(), progress.owner, "export").prefetch_related("contacts")
        core_services.progress_running(progress_id, total=people.count())
        path = core_services.results_path(progress, ".csv")
        written = 0
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(EXPORT_COLUMNS)
            for person in people.iterator(chunk_size=CHUNK):
                writer.writerow([
                    person.pk, person.given_names, person.first_surname, person.second_surname,
                    person.preferred_name, person.birth.edtf() if person.birth else "", person.country_of_birth,
                    person.preferred_language, " ".join(c.value for c in person.contacts.all() if c.kind == "phone"),
                    person.created_at.isoformat(),
                ])
                written += 1
        path.chmod(0o600)
        core_services.progress_advance(progress_id, written)
        relative = str(path.relative_to(settings.MEDIA_ROOT))
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        core_services.progress_finish(progress_id, result_file=relative, result_name=f"people-{stamp}.csv")
        return relative
    except Exception as exc:
        log.exception("People export %s failed", progress_id)
        core_services.progress_fail(progress_id, message=type(exc).__name__)
        raise
