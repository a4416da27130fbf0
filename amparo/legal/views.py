"""Pages of legal cases: list and export, open, detail, edit, record an event, deadlines due.

Thin: parse with a form, ask the gate, call a service or selector, render. Small actions on
a case (add a note, complete a deadline...) are in ``actions.py``; the calendar in ``calendar_views.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.permissions import CREATE, EXPORT, can, get_visible_or_404, require

from . import selectors, services
from .events import DeadlineKind
from .forms import (
    BreakGlassForm,
    CaseFilterForm,
    CaseForm,
    CloseDeadlineForm,
    CloseForm,
    DueFilterForm,
    EditCaseForm,
    EventForm,
    HearingForm,
    ManualDeadlineForm,
    NoteForm,
    PartyForm,
    ReasonForm,
    ReceiptForm,
    TaskForm,
    TimeForm,
)
from .kinds import label
from .models import Case, Deadline
from .policies import is_team_member


def lang() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- List and export ------------------------------------------------------------------------------

COUNT_LIMIT = 1000
# What the list shows (not whole people and users: identifiers, matching data, passwords).
LIST_COLUMNS = ("id", "kind", "status", "restricted", "client_id", "office_id", "team_id", "responsible_id",
                "paralegal_id", "opened_at", "closed_at", "next_due", "client__id", "client__given_names",
                "client__first_surname", "client__second_surname", "client__restricted", "office__id", "office__name",
                "team__id", "team__name", "responsible__id", "responsible__full_name", "responsible__email")


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_LIMIT`` + 1 rows: with millions of cases an exact count costs more
    than the page itself, and "more than 1,000" is all a person needs to narrow the filters."""

    @property
    def count(self) -> int:  # type: ignore[override]
        if not hasattr(self, "_capped_count"):
            if hasattr(self.object_list, "capped_count"):
                self._capped_count = self.object_list.capped_count(COUNT_LIMIT)
            else:
                self._capped_count = self.object_list.order_by().values("pk")[:COUNT_LIMIT + 1].count()
        return self._capped_count

    @property
    def capped(self) -> bool:
        return self.count > COUNT_LIMIT


def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "cases.view")
    form = CaseFilterForm(request.GET or None)
    filters = form.filters()
    staff = filters.pop("staff", None)
    qs: Any = selectors.cases(request.user, filters).select_related(None).select_related(
        "client", "office", "team", "responsible").only(*LIST_COLUMNS)
    if staff:
        qs = selectors.StaffCases(qs, staff)
    page = paging.get_page(CappedPaginator(qs, 25), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "count_limit": COUNT_LIMIT, "query": query.urlencode(),
               "today": timezone.localdate(),
               "can_create": can(request.user, CREATE, Case),
               "can_export": can(request.user, EXPORT, Case),
               "can_break_glass": can(request.user, "cases.break_glass")}
    template = "legal/list.html#results" if _htmx(request) else "legal/list.html"
    return render(request, template, context)


@require_POST
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exports run in the background (there may be many thousands of cases); the task page
    shows the progress and offers the file, to its owner only."""
    require(request.user, "cases.export")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = CaseFilterForm(request.POST or None)
    progress = services.start_export(by=request.user, filters=form.filters(), fmt=fmt)
    return redirect("core:task", pk=progress.pk)


# --- Opening, detail, editing ---------------------------------------------------------------------

def _person_and_intake(request: HttpRequest) -> tuple[Any, Any]:
    Person = apps.get_model("people", "Person")
    Intake = apps.get_model("people", "Intake")
    intake_id = request.GET.get("intake") or request.POST.get("intake")
    if intake_id:
        intake = get_visible_or_404(request.user, Intake.objects.select_related("person"), pk=intake_id)
        return intake.person, intake
    person_id = request.GET.get("person") or request.POST.get("person")
    if person_id and str(person_id).isdigit():
        return get_visible_or_404(request.user, Person.objects.current(), pk=person_id), None
    return None, None


INTAKE_KINDS = {"asylum": "asylum_affirmative", "family": "family_petition", "daca": "daca_initial",
                "tps": "tps_initial", "citizenship": "naturalization", "vawa": "vawa", "children": "sijs",
                "detention": "removal_defense"}


def case_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "cases.create")
    person, intake = _person_and_intake(request)
    if request.method == "POST":
        form = CaseForm(request.POST)
        if person is None:
            form.add_error(None, _("Choose the client: open a case from a person's page or an intake."))
        if form.is_valid() and person is not None:
            d = form.cleaned_data
            try:
                case = services.open_case(
                    by=request.user, client=person, kind=d["kind"], office=d["office"], team=d.get("team"),
                    responsible=d.get("responsible"), paralegal=d.get("paralegal"), forum=d.get("forum") or "",
                    court=d.get("court") or "", judge=d.get("judge") or "", priority_date=d.get("priority_date"),
                    minor=True if d.get("minor") else None, unaccompanied=bool(d.get("unaccompanied")),
                    intake=intake)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if not can(request.user, "view", case):  # e.g. intake opening an asylum case
                    messages.success(request, _("Case %(number)s is open. It is restricted: only its team, its "
                                                "attorney and paralegal, and supervisors can open it now.")
                                     % {"number": case.number})
                    return redirect("legal:list")
                messages.success(request, _("Case %(number)s is open.") % {"number": case.number})
                return redirect(case)
    else:
        initial: dict[str, Any] = {}
        if intake is not None:
            needs = [n for n in intake.needs if n in INTAKE_KINDS]
            if needs:
                initial["kind"] = INTAKE_KINDS[needs[0]]
            if intake.office_id:
                initial["office"] = intake.office_id
        offices = list(request.user.offices.filter(is_active=True, kind="office")[:1])
        if "office" not in initial and offices:
            initial["office"] = offices[0].pk
        if request.user.role == "attorney":
            initial["responsible"] = request.user.pk
        form = CaseForm(initial=initial)
    return render(request, "legal/new.html", {"form": form, "person": person, "intake": intake})


def _deadline_rows(case: Case) -> list[Deadline]:
    today, language = timezone.localdate(), lang()
    rows = list(case.deadlines.select_related("event", "closed_by").order_by("state", "due", "id"))
    for d in rows:
        d.rule_text = d.rule(language)  # type: ignore[attr-defined]
        d.warning_list = d.warning_texts(language)  # type: ignore[attr-defined]
        d.overdue = d.state == Deadline.State.OPEN and d.due is not None and d.due < today  # type: ignore[attr-defined]
        d.days_left = (d.due - today).days if d.due else None  # type: ignore[attr-defined]
    return rows


FORMS = {"note_form": NoteForm, "task_form": TaskForm, "hearing_form": HearingForm, "time_form": TimeForm,
         "receipt_form": ReceiptForm, "party_form": PartyForm, "deadline_form": ManualDeadlineForm,
         "close_form": CloseForm, "reopen_form": ReasonForm, "deadline_close_form": CloseDeadlineForm}


def detail_context(request: HttpRequest, case: Case, **bound: Any) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    team = is_team_member(user, case)
    context: dict[str, Any] = {
        "case": case, "today": today, "lang": lang(),
        "parties": case.parties.select_related("person").order_by("id"),
        "receipts": case.receipts.all(),
        "deadlines": _deadline_rows(case),
        "hearings": case.hearings.all(),
        "notes": case.notes.select_related("author"),
        "tasks": case.tasks.select_related("assignee", "done_by"),
        "time_entries": case.time_entries.select_related("user")[:20],
        "minutes": sum(case.time_entries.values_list("minutes", flat=True)),
        "events": case.events.select_related("recorded_by"),
        "timeline": selectors.timeline(case),
        "grants": case.break_glass_grants.select_related("user") if (team or not case.restricted) else
        case.break_glass_grants.filter(user=user.pk),
        "viewers": selectors.restricted_views(case) if case.restricted and team else [],
        "can_change": can(user, "change", case),
        "is_team": team,
    }
    birth = case.client.birth_date
    if case.kind == "sijs" and birth and case.is_open:
        from .services import _birthday

        turns_21 = _birthday(birth, 21)
        context["sijs_days_left"] = (turns_21 - today).days
        context["sijs_turns_21"] = turns_21
    for name, form_class in FORMS.items():
        context[name] = bound.get(name) or form_class()
    return context


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "cases.view")
    case = get_visible_or_404(request.user, Case.objects.select_related(
        "client", "office", "team", "responsible", "paralegal", "closing_code", "intake"), pk=pk)
    return render(request, "legal/detail.html", detail_context(request, case))


def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "cases.change")
    case = get_visible_or_404(request.user, Case.objects.select_related("client"), action="change", pk=pk)
    fields = ["kind", "forum", "status", "office", "team", "responsible", "paralegal", "court", "judge",
              "priority_date", "minor", "unaccompanied", "release_info", "reunification", "reunification_note",
              "problem_code"]
    if request.method == "POST":
        form = EditCaseForm(request.POST, kind=request.POST.get("kind") or case.kind)
        if form.is_valid():
            d = form.cleaned_data
            try:
                nullable = {"office", "team", "responsible", "paralegal", "priority_date", "minor", "unaccompanied",
                            "problem_code"}
                changes = {k: d.get(k) if k in nullable else (d.get(k) or "") for k in fields if k != "forum"}
                if d.get("forum"):
                    changes["forum"] = d["forum"]
                services.update_case(case=case, by=request.user, version=d["version"], fields=changes)
            except services.ConcurrentEdit:
                form.add_error(None, _("Someone else saved this case while you were editing. Your changes were "
                                       "not saved: reload the page to see theirs, then make yours again."))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Case %(number)s is saved.") % {"number": case.number})
                return redirect(case)
    else:
        initial = {name: getattr(case, f"{name}_id", None)
                   if name in ("office", "team", "responsible", "paralegal", "problem_code")
                   else getattr(case, name) for name in fields}
        initial["version"] = case.version
        form = EditCaseForm(initial=initial, kind=case.kind)
    return render(request, "legal/edit.html", {"form": form, "case": case})


# --- Recording an event ---------------------------------------------------------------------------

def record_event(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "cases.change")
    case = get_visible_or_404(request.user, Case.objects.select_related("client"), action="change", pk=pk)
    preview: list[dict[str, Any]] = []
    form = EventForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        args = {"kind": d["kind"], "date": d["date"], "mailed": d.get("mailed") or False, "days": d.get("days"),
                "variant": d.get("variant") or ""}
        try:
            if "record" in request.POST:
                _event, deadlines = services.record_event(case=case, by=request.user, note=d.get("note") or "",
                                                          **args)
                for deadline in deadlines:
                    messages.success(request, _("Deadline added: %(label)s, due %(due)s.") % {
                        "label": deadline.label,
                        "due": formats.date_format(deadline.due, "DATE_FORMAT") if deadline.due
                        else _("no time limit")})
                if not deadlines:
                    messages.success(request, _("The event is recorded."))
                return redirect(f"{case.get_absolute_url()}#deadlines")
            preview = [_preview_row(c) for c in services.compute_event_deadlines(**args)]
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
    context = {"case": case, "form": form, "preview": preview, "previewed": request.method == "POST"}
    template = "legal/event.html#preview" if _htmx(request) else "legal/event.html"
    return render(request, template, context)


def _preview_row(computed: Any) -> dict[str, Any]:
    from .events import DeadlineKind

    language = lang()
    return {"label": dict(DeadlineKind.choices).get(computed.kind, computed.kind), "due": computed.due,
            "opens": computed.opens, "rolled_from": computed.rolled_from, "rule": computed.rule.render(language),
            "source": computed.source, "verified": computed.verified,
            "warnings": [w.render(language) for w in computed.warnings]}


# --- Deadlines due ---------------------------------------------------------------------------------

SHOWN = 200  # the soonest deadlines; narrow by person, team or office to see the rest


@dataclass(frozen=True)
class DueRow:
    """One line of the deadlines page, read as plain values (200 lines: no model objects)."""

    COLUMNS = ("id", "case_id", "kind", "title", "due", "rule_en", "rule_es", "verified",
               "case__client__given_names", "case__client__first_surname", "case__client__second_surname",
               "case__responsible__full_name", "case__responsible__email")

    pk: int
    due: Any
    days_left: int
    label: str
    rule_text: str
    verified: bool
    case_url: str
    case_number: str
    client_name: str
    attorney: str

    @classmethod
    def build(cls, d: dict[str, Any], language: str, today: Any, case_url: Any) -> DueRow:
        client = " ".join(p for p in (d["case__client__given_names"], d["case__client__first_surname"],
                                      d["case__client__second_surname"]) if p)
        rule = d["rule_es"] if language == "es" and d["rule_es"] else d["rule_en"]
        return cls(pk=d["id"], due=d["due"], days_left=(d["due"] - today).days,
                   label=d["title"] or label(DeadlineKind, d["kind"]), rule_text=rule, verified=d["verified"],
                   case_url=case_url(d["case_id"]), case_number=f"#{d['case_id']}", client_name=client,
                   attorney=d["case__responsible__full_name"] or d["case__responsible__email"] or "")


def _case_url() -> Any:
    """A case's address without resolving the URL pattern once per row (200 rows on a page)."""
    marker = 987654321
    head, tail = reverse("legal:detail", args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def due(request: HttpRequest) -> HttpResponse:
    require(request.user, "cases.view")
    form = DueFilterForm(request.GET or None)
    scope, staff, office, days = "mine", None, None, 14
    if form.is_valid():
        d = form.cleaned_data
        scope = d.get("scope") or "mine"
        staff = d["staff"].pk if d.get("staff") else None
        office = d["office"].pk if d.get("office") else None
        days = d.get("days") or 14
    found = selectors.deadlines_due(request.user, days=days, scope=scope, staff=staff, office=office)
    language, today, case_url = lang(), timezone.localdate(), _case_url()
    rows = [DueRow.build(d, language, today, case_url) for d in found.values(*DueRow.COLUMNS)[:SHOWN + 1]]
    more = len(rows) > SHOWN
    rows = rows[:SHOWN]
    context = {"form": form, "more": more, "shown": SHOWN, "overdue": [r for r in rows if r.due < today],
               "upcoming": [r for r in rows if r.due >= today], "days": days, "today": today,
               "hearings": selectors.hearings_ahead(request.user, days=days).filter(
                   **({"case__responsible": request.user.pk} if scope == "mine" else {}))[:100]}
    template = "legal/due.html#results" if _htmx(request) else "legal/due.html"
    return render(request, template, context)


# --- Emergency access -----------------------------------------------------------------------------

def break_glass(request: HttpRequest) -> HttpResponse:
    require(request.user, "cases.break_glass")
    form = BreakGlassForm(request.POST or None, initial={"case": request.GET.get("case")})
    if request.method == "POST" and form.is_valid():
        case = Case.objects.filter(pk=form.cleaned_data["case"]).first()
        if case is None:
            form.add_error("case", _("There is no case with this number."))
        else:
            try:
                grant = services.break_glass(user=request.user, case=case, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied:
                raise
            else:
                messages.warning(request, _("Emergency access until %(until)s. The case's team can see that you "
                                            "opened it and why.") % {
                    "until": timezone.localtime(grant.expires_at).strftime("%H:%M")})
                return redirect(case)
    return render(request, "legal/break_glass.html", {"form": form})
