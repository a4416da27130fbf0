"""The report catalogue and each report's page and downloads."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from amparo.core.audit import log_action
from amparo.core.models import TaskProgress
from amparo.core.permissions import can, require

from . import base, formats, services
from .base import Params
from .charts import bar_chart
from .forms import PrepareForm, ReportForm


def _visible(user: object, report: base.Report) -> bool:
    return not report.capability or can(user, report.capability)


def _chosen(request: HttpRequest, key: str) -> base.Report:
    require(request.user, "reports.view")
    try:
        chosen = base.get(key)
    except KeyError:
        raise Http404 from None
    if not _visible(request.user, chosen):
        raise Http404
    return chosen


def catalogue(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.view")
    items = [(report, str(report.definition).split("\n\n")[0]) for report in base.reports()
             if _visible(request.user, report)]
    return render(request, "reports/catalogue.html", {"items": items})


def _prepared(request: HttpRequest, chosen: base.Report) -> list[TaskProgress]:
    """The files this user had prepared of this report, newest first."""
    return list(TaskProgress.objects.filter(owner=request.user, kind=services.kind(chosen))
                .order_by("-created_at")[:5])


def _params(data: dict, report: base.Report) -> Params:
    office, funder = data.get("office"), data.get("funder")
    return Params(start=data["start"], end=data["end"], office_id=office.pk if office else None,
                  program=data.get("program") or "", funder_id=funder.pk if funder else None,
                  outside=bool(data.get("outside")), threshold=settings.AMPARO_REPORT_SMALL_CELL)


def report(request: HttpRequest, key: str) -> HttpResponse:
    chosen = _chosen(request, key)
    start, end = chosen.default_dates(timezone.localdate())
    form = ReportForm(request.GET or None, initial={"start": start, "end": end}, report=chosen)
    if request.GET:
        if not form.is_valid():
            return render(request, "reports/report.html", {"report": chosen, "form": form, "tables": [],
                                                           "prepared": _prepared(request, chosen)}, status=400)
        params = _params(form.cleaned_data, chosen)
    else:
        params = _params({"start": start, "end": end}, chosen)
    scope = formats.scope(params)
    query = request.GET.copy()
    fmt = query.pop("format", [""])[0]
    context = {"report": chosen, "form": form, "params": params, "period": formats.period_text(params),
               "office": scope, "definition": str(chosen.definition).split("\n\n"),
               "download_query": query.urlencode(), "formats": formats.FORMATS,
               "prepare": PrepareForm(report=chosen),
               "prepared": _prepared(request, chosen)}
    if params.days > settings.AMPARO_REPORT_INLINE_DAYS and not chosen.cached(params):
        # Too long to count while the page waits: offered in the background instead.
        return render(request, "reports/report.html", {**context, "tables": [], "too_long": True})
    tables = chosen.run(params)
    if fmt:
        return _download(request, chosen, params, tables, fmt, scope)
    return render(request, "reports/report.html", {**context, "tables": [(t, bar_chart(t)) for t in tables]})


@require_POST
def prepare(request: HttpRequest, key: str) -> HttpResponse:
    """Prepare the report as a file in the background; its page shows the progress and the download."""
    chosen = _chosen(request, key)
    form = PrepareForm(request.POST, report=chosen)
    if not form.is_valid():
        return render(request, "reports/report.html", {
            "report": chosen, "form": ReportForm(request.POST, report=chosen), "tables": [], "prepare": form,
            "prepared": _prepared(request, chosen)}, status=400)
    params = _params(form.cleaned_data, chosen)
    progress = services.prepare_report(by=request.user, report=chosen, params=params,
                                       fmt=form.cleaned_data["format"], office=formats.scope(params))
    return redirect("core:task", pk=progress.pk)


def _download(request: HttpRequest, chosen: base.Report, params: Params, tables: list[base.Table], fmt: str,
              office: str) -> HttpResponse:
    if fmt not in formats.FORMATS:
        raise Http404
    log_action(action="report.download", actor=request.user,
               extra={"report": chosen.key, "format": fmt, "from": params.start.isoformat(),
                      "to": params.end.isoformat(), "office": params.office_id, "program": params.program,
                      "funder": params.funder_id, "outside": params.outside})
    name = f"{slugify(str(chosen.key))}-{params.start:%Y%m%d}-{params.end:%Y%m%d}.{fmt}"
    response: HttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(formats.as_csv(chosen, params, tables, office=office),
                                         content_type=formats.CONTENT_TYPES[fmt])
    elif fmt == "xlsx":
        response = HttpResponse(formats.as_xlsx(chosen, params, tables, office=office),
                                content_type=formats.CONTENT_TYPES[fmt])
    elif fmt == "pdf":
        response = HttpResponse(formats.as_pdf(chosen, params, tables, office=office),
                                content_type=formats.CONTENT_TYPES[fmt])
    else:
        response = HttpResponse(json.dumps(formats.as_json(chosen, params, tables), ensure_ascii=False, indent=2),
                                content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
