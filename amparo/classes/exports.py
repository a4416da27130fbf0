"""Rosters and hours of instruction as CSV or XLSX, through the one exporter registry in core
(the gate restricts every row: ``restrict(..., "export")``)."""

from __future__ import annotations

import io
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amparo.core.exports import Column, Exporter, get, register, write

from .models import Enrolment, EnrolmentStatus


def _section_param(params: dict[str, Any]) -> int | None:
    raw = str(params.get("section") or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def _roster(user: Any, params: dict[str, Any]) -> Any:
    qs = Enrolment.objects.select_related("person", "section__course", "section__term").order_by(
        "section_id", "status", "person__first_surname", "person__given_names", "pk")
    section = _section_param(params)
    return qs.filter(section_id=section) if section is not None else qs


def _hours(user: Any, params: dict[str, Any]) -> Any:
    qs = _roster(user, params).exclude(status=EnrolmentStatus.WAITING)
    funder = str(params.get("funder") or "").strip()[:150]
    return qs.filter(section__course__funder=funder) if funder else qs


COMMON = [
    Column("person", _("Student"), lambda e: e.person.full_name),
    Column("course", _("Course"), lambda e: e.section.course.name),
    Column("section", _("Section"), lambda e: e.section.name),
    Column("term", _("Term"), lambda e: e.section.term.name),
]

ROSTER = register(Exporter(
    name="classes.roster", title=_("Class roster"), source=_roster, sheet="roster",
    columns=[*COMMON,
             Column("status", _("Status"), lambda e: str(e.get_status_display())),
             Column("requested_at", _("Requested"), lambda e: timezone.localtime(e.requested_at).date()),
             Column("attended", _("Sessions attended"), lambda e: e.attended),
             Column("excused", _("Excused"), lambda e: e.excused),
             Column("final_score", _("Final assessment (%)"), lambda e: e.final_score)],
))

HOURS = register(Exporter(
    name="classes.hours", title=_("Hours of instruction"), source=_hours, sheet="hours", chunk=2000,
    columns=[*COMMON,
             Column("funder", _("Funder"), lambda e: e.section.course.funder),
             Column("hours", _("Hours"), lambda e: e.hours)],
))

NAMES = {"roster": "classes.roster", "hours": "classes.hours"}


def download(request: HttpRequest, name: str) -> HttpResponse:
    """``/classes/exports/<roster|hours>/?section=&funder=&format=csv|xlsx``."""
    if name not in NAMES:
        raise Http404
    from amparo.core.permissions import can

    if not can(request.user, "classes.export"):
        raise Http404
    exporter: Exporter = get(NAMES[name])
    params = {k: request.GET.get(k, "") for k in ("section", "funder")}
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        write(buffer, "xlsx", exporter.header(), exporter.rows(exporter.queryset(request.user, params)),
              sheet=exporter.sheet)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename=f"{name}-{stamp}.xlsx")
    response = StreamingHttpResponse(exporter.stream_csv(request.user, params), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response
