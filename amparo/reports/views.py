"""The report catalogue and each report's page and downloads."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from amparo.core.audit import log_action
from amparo.core.permissions import require

from . import base, formats
from .base import Params
from .charts import bar_chart
from .forms import ReportForm


def catalogue(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.view")
    items = [(report, str(report.definition).split("\n\n")[0]) for report in base.reports()]
    return render(request, "reports/catalogue.html", {"items": items})


def report(request: HttpRequest, key: str) -> HttpResponse:
    require(request.user, "reports.view")
    try:
        chosen = base.get(key)
    except KeyError:
        raise Http404 from None
    start, end = chosen.default_dates(timezone.localdate())
    form = ReportForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET:
        if not form.is_valid():
            return render(request, "reports/report.html", {"report": chosen, "form": form, "tables": []}, status=400)
        data = form.cleaned_data
        start, end = data["start"], data["end"]
        office = data.get("office")
        outside = bool(data.get("outside"))
    else:
        office, outside = None, False
    params = Params(start=start, end=end, office_id=office.pk if office else None, outside=outside,
                    threshold=settings.AMPARO_REPORT_SMALL_CELL)
    tables = chosen.run(params)
    fmt = request.GET.get("format", "")
    office_name = office.name if office else ""
    if fmt:
        return _download(request, chosen, params, tables, fmt, office_name)
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "reports/report.html", {
        "report": chosen, "form": form, "params": params, "period": formats.period_text(params),
        "office": office_name, "tables": [(t, bar_chart(t)) for t in tables],
        "definition": str(chosen.definition).split("\n\n"), "download_query": query.urlencode(),
        "formats": formats.FORMATS})


def _download(request: HttpRequest, chosen: base.Report, params: Params, tables: list[base.Table], fmt: str,
              office: str) -> HttpResponse:
    if fmt not in formats.FORMATS:
        raise Http404
    log_action(action="report.download", actor=request.user,
               extra={"report": chosen.key, "format": fmt, "from": params.start.isoformat(),
                      "to": params.end.isoformat(), "office": params.office_id, "outside": params.outside})
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
