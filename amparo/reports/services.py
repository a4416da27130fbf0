"""Writes of the reports: a report prepared in the background (core's tracked tasks).

The reports app has no tables of its own; preparing a report writes core's ``TaskProgress`` (the
progress its asker watches, and the file) and one audit entry.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.models import TaskProgress

from . import base, formats
from .base import Params, Report


def kind(report: Report) -> str:
    return f"reports.{report.key}"


def label(report: Report, params: Params, fmt: str, office: str = "") -> str:
    """What the task is called on its page, in the asker's language; two requests with the same
    label ask for the same file."""
    parts = [str(report.title), formats.period_text(params)]
    if office:
        parts.append(office)
    if params.outside:
        parts.append(_("counts under %(n)s hidden") % {"n": params.threshold})
    return (" · ".join(parts) + f" ({fmt.upper()})")[:255]


def prepared(*, by: Any, report: Report, params: Params, fmt: str, office: str = "") -> TaskProgress | None:
    """The same file ``by`` already asked for since the data last changed (waiting, running or
    ready, not yet expired): asked again, it is reused, not computed again."""
    version = base.data_version()
    found = TaskProgress.objects.filter(
        owner=by, kind=kind(report), label=label(report, params, fmt, office), result_expired_at__isnull=True,
        status__in=[TaskProgress.Status.QUEUED, TaskProgress.Status.RUNNING, TaskProgress.Status.SUCCEEDED])
    if version is not None:
        found = found.filter(created_at__gte=version[1])
    return found.order_by("-created_at").first()


def prepare_report(*, by: Any, report: Report, params: Params, fmt: str, office: str = "") -> TaskProgress:
    """Prepare ``report`` as a ``fmt`` file in the background, or hand back the one already asked for."""
    if fmt not in formats.FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    again = prepared(by=by, report=report, params=params, fmt=fmt, office=office)
    if again is not None:
        return again
    from .tasks import prepare_report as task

    with transaction.atomic():
        progress = TaskProgress.objects.create(owner=by, kind=kind(report),
                                               label=label(report, params, fmt, office))
        log_action(action="report.prepare", actor=by, obj=progress,
                   extra={"report": report.key, "format": fmt, "from": params.start.isoformat(),
                          "to": params.end.isoformat(), "office": params.office_id, "program": params.program,
                          "funder": params.funder_id, "outside": params.outside})
        arguments = (str(progress.pk), report.key, params.to_json(), fmt, get_language() or "en", office)
        transaction.on_commit(lambda: task.enqueue(*arguments))
    return progress
