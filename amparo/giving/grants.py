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

from amparo.core.audit import diff, log_action, snapshot
from amparo.core.exceptions import ConcurrentEdit

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


def _tps_filed(start: dt.date, end: dt.date) -> int:
    """TPS applications filed: TPS cases whose receipt notice is dated in the period."""
    return (apps.get_model("legal", "CaseEvent").objects
            .filter(kind="receipt", date__gte=start, date__lte=end, case__kind__startswith="tps")
            .values("case").distinct().count())


def _esl_hours(start: dt.date, end: dt.date) -> int:
    """Hours of English classes taught: sessions of ESL sections held (not cancelled) in the period."""
    sessions = (apps.get_model("classes", "ClassSession").objects
                .filter(section__course__kind="esl", cancelled=False, date__gte=start, date__lte=end)
                .values_list("date", "starts_at", "ends_at"))
    minutes = sum(max(0, int((dt.datetime.combine(d, e) - dt.datetime.combine(d, s)).total_seconds() // 60))
                  for d, s, e in sessions)
    return minutes // 60


METRICS = {m.key: m for m in (
    Metric("legal.cases_opened", gettext_lazy("Legal cases opened"), _cases_opened),
    Metric("legal.cases_closed", gettext_lazy("Legal cases closed"), _cases_closed),
    Metric("legal.tps_filed", gettext_lazy("TPS applications filed (receipt notice received)"), _tps_filed),
    Metric("classes.esl_hours", gettext_lazy("Hours of English (ESL) classes taught"), _esl_hours),
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


def create_grant(*, by: Any, funder: Donor, title: str, requested: Any, due_on: dt.date | None = None,
                 fund: Any = None) -> GrantApplication:
    if not title.strip():
        raise ValidationError({"title": _("Enter the grant's title.")})
    with transaction.atomic():
        grant = GrantApplication.objects.create(funder=funder, title=title.strip(), requested=Decimal(str(requested)),
                                                due_on=due_on, fund=fund, created_by=by)
        log_action(action="giving.grant.create", actor=by, obj=grant)
    return grant


GRANT_FIELDS = ("funder", "title", "requested", "due_on", "fund", "awarded", "period_start", "period_end",
                "restrictions")


def update_grant(*, by: Any, grant: GrantApplication, version: int, **fields: Any) -> GrantApplication:
    """Change what was recorded of an application or its award (not its stage: ``set_stage``).
    Refused with ``ConcurrentEdit`` when someone saved it since ``version`` was read."""
    unknown = set(fields) - set(GRANT_FIELDS)
    if unknown:
        raise TypeError(f"not grant fields: {sorted(unknown)}")
    if "title" in fields and not str(fields["title"] or "").strip():
        raise ValidationError({"title": _("Enter the grant's title.")})
    start, end = fields.get("period_start", grant.period_start), fields.get("period_end", grant.period_end)
    if start and end and end < start:
        raise ValidationError({"period_end": _("The grant period cannot end before it starts.")})
    with transaction.atomic():
        locked = GrantApplication.objects.select_for_update().get(pk=grant.pk)
        if locked.version != version:
            raise ConcurrentEdit(locked.version)
        before = snapshot(locked, GRANT_FIELDS)
        for name, value in fields.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.version += 1
        locked.save()
        changes = diff(before, snapshot(locked, GRANT_FIELDS))
        log_action(action="giving.grant.edit", actor=by, obj=locked, changes=changes)
    return locked


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
    amount = Decimal(str(amount))
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("Enter an amount to the cent, such as 125.50.")})
    if grant.stage != GrantApplication.Stage.AWARDED:
        raise ValidationError(_("Payments are recorded on awarded grants only."))
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


def update_deliverable(*, by: Any, deliverable: Deliverable, description: str, metric: str, target: int,
                       report_due: dt.date | None) -> Deliverable:
    """Change a deliverable (never its progress, which is counted). A new report date is reminded
    again (``jobs.send_report_reminders``)."""
    if metric not in METRICS:
        raise ValidationError({"metric": _("Choose what the deliverable is counted from.")})
    fields = ("description", "metric", "target", "report_due", "reminded_on")
    with transaction.atomic():
        locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        before = snapshot(locked, fields)
        if report_due != locked.report_due:
            locked.reminded_on = None
        locked.description, locked.metric, locked.target, locked.report_due = (
            description.strip(), metric, target, report_due)
        locked.save()
        log_action(action="giving.grant.deliverable_edit", actor=by, obj=locked.grant,
                   changes=diff(before, snapshot(locked, fields)))
    return locked


def received(grant: GrantApplication) -> Decimal:
    return grant.payments.aggregate(t=Sum("amount"))["t"] or Decimal("0")
