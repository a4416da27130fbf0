"""Grants: stages, payments, and deliverables whose progress is counted from the records of other
modules (never typed by hand). Each metric counts within the grant's period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amparo.core.audit import log_action

from .models import Deliverable, Donor, GrantApplication, GrantPayment


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any
    count: Callable[[dt.date, dt.date], int]


def _cases_opened(start: dt.date, end: dt.date) -> int:
    return apps.get_model("legal", "Case").objects.filter(opened_at__date__gte=start, opened_at__date__lte=end).count()


def _cases_closed(start: dt.date, end: dt.date) -> int:
    return apps.get_model("legal", "Case").objects.filter(closed_at__date__gte=start, closed_at__date__lte=end).count()


def _people_served(start: dt.date, end: dt.date) -> int:
    return apps.get_model("people", "Person").objects.filter(created_at__date__gte=start,
                                                             created_at__date__lte=end).count()


METRICS = {m.key: m for m in (
    Metric("legal.cases_opened", gettext_lazy("Legal cases opened"), _cases_opened),
    Metric("legal.cases_closed", gettext_lazy("Legal cases closed"), _cases_closed),
    Metric("people.new", gettext_lazy("New people registered"), _people_served),
)}


def progress(deliverable: Deliverable, *, today: dt.date) -> dict[str, Any]:
    grant = deliverable.grant
    start = grant.period_start or dt.date(1900, 1, 1)
    end = min(grant.period_end or today, today)
    metric = METRICS.get(deliverable.metric)
    done = metric.count(start, end) if metric else 0
    percent = min(100, int(done * 100 / deliverable.target)) if deliverable.target else 0
    return {"deliverable": deliverable, "label": metric.label if metric else deliverable.metric, "done": done,
            "percent": percent}


def create_grant(*, by: Any, funder: Donor, title: str, requested: Any, due_on: dt.date | None = None
                 ) -> GrantApplication:
    if not title.strip():
        raise ValidationError({"title": _("Enter the grant's title.")})
    with transaction.atomic():
        grant = GrantApplication.objects.create(funder=funder, title=title.strip(), requested=Decimal(str(requested)),
                                                due_on=due_on, created_by=by)
        log_action(action="giving.grant.create", actor=by, obj=grant)
    return grant


def set_stage(*, by: Any, grant: GrantApplication, stage: str, on: dt.date, awarded: Any = None,
              period: tuple[dt.date, dt.date] | None = None, restrictions: str = "") -> GrantApplication:
    if stage not in GrantApplication.Stage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    with transaction.atomic():
        locked = GrantApplication.objects.select_for_update().get(pk=grant.pk)
        before = locked.stage
        locked.stage = stage
        if stage == GrantApplication.Stage.SUBMITTED:
            locked.submitted_on = on
        if stage == GrantApplication.Stage.AWARDED:
            if awarded is None or period is None:
                raise ValidationError(_("An award needs its amount and period."))
            locked.awarded, (locked.period_start, locked.period_end) = Decimal(str(awarded)), period
            locked.restrictions = restrictions
        locked.save()
        log_action(action="giving.grant.stage", actor=by, obj=locked, changes={"stage": [before, stage]})
    return locked


def record_payment(*, by: Any, grant: GrantApplication, on: dt.date, amount: Any) -> GrantPayment:
    with transaction.atomic():
        payment = GrantPayment.objects.create(grant=grant, received_on=on, amount=Decimal(str(amount)), created_by=by)
        log_action(action="giving.grant.payment", actor=by, obj=grant, extra={"amount": str(payment.amount)})
    return payment


def add_deliverable(*, by: Any, grant: GrantApplication, description: str, metric: str, target: int,
                    report_due: dt.date | None) -> Deliverable:
    if metric not in METRICS:
        raise ValidationError({"metric": _("Choose what the deliverable is counted from.")})
    with transaction.atomic():
        deliverable = Deliverable.objects.create(grant=grant, description=description, metric=metric, target=target,
                                                 report_due=report_due)
        log_action(action="giving.grant.deliverable", actor=by, obj=grant, extra={"metric": metric})
    return deliverable


def received(grant: GrantApplication) -> Decimal:
    return grant.payments.aggregate(t=Sum("amount"))["t"] or Decimal("0")
