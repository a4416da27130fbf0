"""Recompute every case's next deadline from its open deadlines (after a restore or a bulk
import that bypassed the services); prints how many cases were corrected."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import F, Min, OuterRef, Q, Subquery

from amparo.legal.models import Case, Deadline


class Command(BaseCommand):
    help = "Recompute Case.next_due (the earliest open deadline) for every case."

    def handle(self, *args: Any, **options: Any) -> None:
        nearest = Subquery(Deadline.objects.filter(case=OuterRef("pk"), state=Deadline.State.OPEN, due__isnull=False)
                           .values("case").annotate(first=Min("due")).values("first")[:1])
        wrong = Case.objects.annotate(actual=nearest).exclude(
            Q(next_due=F("actual")) | Q(next_due__isnull=True, actual__isnull=True))
        from amparo.legal.services import refresh_next_due

        fixed = 0
        for case in wrong.only("pk").iterator(chunk_size=2000):
            refresh_next_due(case)
            fixed += 1
        self.stdout.write(f"{fixed} case(s) corrected")

