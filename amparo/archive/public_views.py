"""The public archive: published records only, victims' names withheld, no sign-in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from amparo.core import paging

from . import chronology, views
from .forms import ChronologyForm
from .models import Event, Source
from .selectors import public_text, victim_label, visible


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    context = views._search_context(request, public=True)
    template = "archive/index.html#results" if request.htmx and context["results"] is not None else "archive/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_not_required
def facets(request: HttpRequest) -> HttpResponse:
    return views.facet_panel(request, public=True)


def _published(model: type, pk: int):  # type: ignore[no-untyped-def]
    record = visible(model, None, public=True).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


@login_not_required
def source(request: HttpRequest, pk: int) -> HttpResponse:
    record = _published(Source, pk)
    return render(request, "archive/source.html", {
        "record": record, "public": True, "text": public_text(record, record.text),
        "events": visible(Event, None, public=True).filter(sources=record), "acts": []})


@login_not_required
def event(request: HttpRequest, pk: int) -> HttpResponse:
    record = _published(Event, pk)
    from .models import Act

    acts = (visible(Act, None, public=True).filter(event=record).select_related("act_type", "victim", "place")
            .prefetch_related("involvements__perpetrator"))
    rows = [(act, victim_label(act, public=True)) for act in acts]
    return render(request, "archive/event.html", {
        "record": record, "rows": rows, "public": True, "description": public_text(record, record.description),
        "sources": visible(Source, None, public=True).filter(events=record)})


@login_not_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return views.report_page(request, pk, public=True)


@login_not_required
def chronology_page(request: HttpRequest) -> HttpResponse:
    form = ChronologyForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    number = paging.page_number(request.GET.get("page"))
    days, has_next = chronology.page(None, data, public=True, number=number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "archive/chronology.html", {
        "form": form, "days": days, "timeline": chronology.timeline_svg(days), "public": True,
        "page_number": number, "has_next": has_next, "query": query.urlencode()})
