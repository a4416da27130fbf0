"""Staff pages of the archive (/archive/). Thin: parse, ask the gate, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.audit import log_action
from amparo.core.permissions import can, get_visible_or_404, require, restrict

from . import chronology, exports, pdf, reports, search, selectors, services
from .forms import ChronologyForm, CsvImportForm, OcrCorrectionForm, SearchForm, VocabularyForm
from .models import Access, Act, Actor, ActType, Career, Event, OcrPage, Source, SourceType

PAGE = 20
# How long the search page may spend counting every hit when the ranking stopped at its
# candidates (PostgreSQL); past it, the page says "more than" and the facet panel, which counts
# every hit, brings the exact total.
EXACT_TOTAL_BUDGET_MS = 80


def _search_context(request: HttpRequest, *, public: bool) -> dict[str, object]:
    user = request.user
    units = selectors.visible(Actor, user, public=public).filter(kind=Actor.Kind.UNIT)
    form = SearchForm(request.GET or None, units=units)
    context: dict[str, object] = {"form": form, "public": public, "results": None}
    if form.is_bound and form.is_valid():
        filters = form.filters()
        query = form.cleaned_data["q"]
        page_number = paging.page_number(request.GET.get("page"), last=paging.MAX_OFFSET // PAGE)
        total, found, lower_bound = selectors.find(user, query, filters=filters, limit=PAGE,
                                                   offset=(page_number - 1) * PAGE, public=public)
        if not found and total and page_number > 1:  # past the end: the last page
            page_number = paging.page_number((total + PAGE - 1) // PAGE)
            total, found, lower_bound = selectors.find(user, query, filters=filters, limit=PAGE,
                                                       offset=(page_number - 1) * PAGE, public=public)
        levels = ("public",) if public else selectors.levels_for(user)
        pageable = total
        broad = lower_bound or total > search.RANK_CANDIDATES
        if lower_bound:  # the ranking looked at the first candidates only: count every hit if quick
            exact = search.exact_total(query, levels=levels, filters=filters, budget_ms=EXACT_TOTAL_BUDGET_MS)
            if exact is not None:
                total, lower_bound = exact, False
        keep = request.GET.copy()
        keep.pop("page", None)
        context.update({
            "results": found, "total": total, "more": lower_bound, "page_number": page_number,
            "has_next": page_number * PAGE < pageable, "query_string": keep.urlencode(),
            # Past the ranked candidates the facets count many rows: the page shows the results
            # at once and asks for the facets (and then the exact total) in a second request.
            "facets_url": keep.urlencode() if broad else "",
        })
        if not context["facets_url"]:
            counts = search.facets(query, levels=levels, filters=filters)
            context["facets"] = chronology.facet_labels(counts, units)
    return context


def facet_panel(request: HttpRequest, *, public: bool) -> HttpResponse:
    """The facet panel of a search, counted over every hit, with the exact number of hits."""
    user = request.user
    units = selectors.visible(Actor, user, public=public).filter(kind=Actor.Kind.UNIT)
    form = SearchForm(request.GET or None, units=units)
    if not (form.is_bound and form.is_valid()):
        return HttpResponse(status=400)
    levels = ("public",) if public else selectors.levels_for(user)
    counts = search.facets(form.cleaned_data["q"], levels=levels, filters=form.filters())
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(request, "archive/index.html#facets", {
        "facets": chronology.facet_labels(counts, units), "query_string": keep.urlencode(),
        "exact_total": sum(counts["kind"].values()), "public": public,
    })


def facets(request: HttpRequest) -> HttpResponse:
    require(request.user, "archive.view")
    return facet_panel(request, public=False)


def index(request: HttpRequest) -> HttpResponse:
    require(request.user, "archive.view")
    context = _search_context(request, public=False)
    context["can_manage"] = can(request.user, "create", Source)
    template = "archive/index.html#results" if request.htmx and context["results"] is not None else "archive/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _access_context(request: HttpRequest, record: Source | Event) -> dict[str, object]:
    """The access levels this user may set on ``record`` (publishing needs archive.publish)."""
    user = request.user
    if not can(user, "change", record):
        return {"can_change": False}
    choices = [(v, label) for v, label in Access.choices
               if can(user, "archive.publish") or (v != Access.PUBLIC and record.access != Access.PUBLIC)]
    return {"can_change": True, "access_choices": choices}


def source(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(request.user, Source.objects.select_related("source_type", "place__parent"), pk=pk)
    acts = restrict(Act.objects.filter(source=record), request.user).select_related("act_type", "event", "victim")
    events = restrict(record.events.all(), request.user)
    from .ocr import is_scan

    return render(request, "archive/source.html", {"record": record, "acts": acts, "events": events,
                                                   "text": record.text, "public": False,
                                                   "is_scan": bool(record.file) and is_scan(record.file.name),
                                                   **_access_context(request, record)})


def source_file(request: HttpRequest, pk: int) -> FileResponse:
    """A source's file, for those who may see the source (never on the public archive)."""
    record = get_visible_or_404(request.user, Source.objects.all(), pk=pk)
    wanted = record.ocr_file if request.GET.get("searchable") else record.file
    if not wanted:
        raise Http404
    log_action(action="archive.source.file", actor=request.user, obj=record)
    return FileResponse(wanted.open("rb"), as_attachment=True, filename=wanted.name.rsplit("/", 1)[-1])


def event(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(request.user, Event.objects.all(), pk=pk)
    acts = (restrict(record.acts.all(), request.user).select_related("act_type", "victim", "place")
            .prefetch_related("involvements__perpetrator"))
    rows = [(act, selectors.victim_label(act, public=False)) for act in acts]
    sources = restrict(record.sources.all(), request.user)
    return render(request, "archive/event.html", {"record": record, "rows": rows, "sources": sources,
                                                  "description": record.description, "public": False,
                                                  **_access_context(request, record)})


def actors(request: HttpRequest) -> HttpResponse:
    require(request.user, "archive.view")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()[:100]
    qs = restrict(Actor.objects.all(), request.user)
    if kind in Actor.Kind.values:
        qs = qs.filter(kind=kind)
    if query:
        from .text import fold

        qs = qs.filter(search_name__contains=fold(query))
    page = paging.get_page(Paginator(qs.order_by("kind", "name"), 50), request.GET.get("page"))
    return render(request, "archive/actors.html", {"page": page, "kind": kind, "query": query,
                                                   "kinds": Actor.Kind.choices,
                                                   "can_manage": can(request.user, "create", Actor)})


def actor(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(request.user, Actor.objects.select_related("parent", "same_as"), pk=pk)
    careers = restrict(Career.objects.filter(person=record) | Career.objects.filter(unit=record),
                       request.user).select_related("person", "unit")
    linked = [a for a in reports.identity_group(record) if a.pk != record.pk]
    linked = list(restrict(Actor.objects.filter(pk__in=[a.pk for a in linked]), request.user))
    return render(request, "archive/actor.html", {"record": record, "careers": careers, "linked": linked,
                                                  "subunits": restrict(record.subunits.all(), request.user),
                                                  "public": False, "can_change": can(request.user, "change", record)})


def _report(request: HttpRequest, pk: int, *, public: bool) -> tuple[Actor, reports.Report]:
    if public:
        record = selectors.visible(Actor, None, public=True).filter(pk=pk).first()
        if record is None:
            raise Http404
    else:
        record = get_visible_or_404(request.user, Actor.objects.all(), pk=pk)
    return record, reports.report_for(request.user, record, public=public)


def report_page(request: HttpRequest, pk: int, *, public: bool) -> HttpResponse:
    record, report = _report(request, pk, public=public)
    fmt = request.GET.get("format", "html")
    if not public:
        log_action(action="archive.report", actor=request.user, obj=record, extra={"format": fmt})
    if fmt == "csv":
        response = StreamingHttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="accountability-{record.pk}.csv"'
        return response
    if fmt == "pdf":
        response = HttpResponse(pdf.report_pdf(request, report, public=public), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="accountability-{record.pk}.pdf"'
        return response
    return render(request, "archive/report.html", {"record": record, "report": report, "public": public,
                                                   "can_change": False})


def report(request: HttpRequest, pk: int) -> HttpResponse:
    return report_page(request, pk, public=False)


def chronology_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "archive.view")
    form = ChronologyForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    number = paging.page_number(request.GET.get("page"))
    days, has_next = chronology.page(request.user, data, public=False, number=number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "archive/chronology.html", {
        "form": form, "days": days, "timeline": chronology.timeline_svg(days), "public": False,
        "page_number": number, "has_next": has_next, "query": query.urlencode()})


def vocabularies(request: HttpRequest) -> HttpResponse:
    require(request.user, "archive.view")
    form = VocabularyForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "archive.manage")
        if form.is_valid():
            model = ActType if form.cleaned_data["vocabulary"] == "act_type" else SourceType
            try:
                services.vocabulary_add(by=request.user, model=model, code=form.cleaned_data["code"],
                                        name_en=form.cleaned_data["name_en"], name_es=form.cleaned_data["name_es"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The term was added."))
                return redirect("archive:vocabularies")
    return render(request, "archive/vocabularies.html", {
        "form": form, "act_types": ActType.objects.all(), "source_types": SourceType.objects.all(),
        "can_manage": can(request.user, "create", ActType),
    })


def import_csv(request: HttpRequest) -> HttpResponse:
    require(request.user, "archive.manage")
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        progress = services.start_csv_import(by=request.user, kind=form.cleaned_data["kind"],
                                             upload=form.cleaned_data["file"])
        return redirect("core:task", pk=progress.pk)
    labels = {"actors": _("Actors"), "events": _("Events"), "acts": _("Acts"), "careers": _("Careers")}
    columns = [(labels[kind], cols) for kind, cols in exports.CSV_COLUMNS.items()]
    return render(request, "archive/import.html", {"form": form, "columns": columns})


def export(request: HttpRequest) -> HttpResponse:
    require(request.user, "archive.view")
    kind = request.GET.get("kind", "sources")
    fmt = request.GET.get("format", "csv")
    if kind not in exports.EXPORTS or fmt not in ("csv", "json"):
        raise Http404
    log_action(action="archive.export", actor=request.user, extra={"kind": kind, "format": fmt})
    if fmt == "json":
        response = StreamingHttpResponse(exports.export_json(request.user, kind), content_type="application/json")
    else:
        response = StreamingHttpResponse(exports.export_csv(request.user, kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="archive-{kind}.{fmt}"'
    return response


@require_POST
def set_access(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = {"source": Source, "event": Event}.get(kind)
    if model is None:
        raise Http404
    record = get_visible_or_404(request.user, model.objects.all(), pk=pk, action="change")
    access = request.POST.get("access", "")
    try:
        services.record_set_access(by=request.user, obj=record, access=access)
    except ValidationError:
        messages.error(request, _("That access level cannot be set."))
    else:
        messages.success(request, _("Access changed."))
    return redirect(f"archive:{kind}", pk=pk)


@require_POST
def ocr_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Read (or go on reading) a source's scan in the background; the task page shows how far it got."""
    record = get_visible_or_404(request.user, Source.objects.all(), pk=pk, action="change")
    try:
        progress = services.start_ocr(by=request.user, source=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("archive:source", pk=pk)
    return redirect("core:task", pk=progress.pk)


def ocr_pages(request: HttpRequest, pk: int) -> HttpResponse:
    """The pages read from a source's scan, each with the machine's confidence and any correction."""
    record = get_visible_or_404(request.user, Source.objects.all(), pk=pk)
    pages = paging.get_page(Paginator(restrict(OcrPage.objects.filter(source=record), request.user)
                                      .select_related("corrected_by").order_by("number"), PAGE),
                            request.GET.get("page"))
    return render(request, "archive/ocr_pages.html", {"record": record, "pages": pages,
                                                      "can_change": can(request.user, "change", record)})


def ocr_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Correct one page: the machine's reading stays beside the correction."""
    record = get_visible_or_404(request.user, Source.objects.all(), pk=pk)
    page = get_visible_or_404(request.user, OcrPage.objects.filter(source=record).select_related("corrected_by"),
                              number=number, action="change")
    form = OcrCorrectionForm(request.POST or None, initial={"text": page.current_text})
    if request.method == "POST" and form.is_valid():
        services.ocr_page_correct(by=request.user, page=page, text=form.cleaned_data["text"])
        messages.success(request, _("Correction saved. The text the machine read is kept."))
        return redirect("archive:ocr_pages", pk=pk)
    return render(request, "archive/ocr_page.html", {"record": record, "page": page, "form": form})
