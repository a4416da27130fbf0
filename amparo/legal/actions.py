"""Small actions on a case (POST only): each validates a form, asks the gate, calls a service.

A rejected form re-renders the case page with the form and its errors (nothing typed is lost).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from amparo.core.permissions import get_visible_or_404, require

from . import services
from .forms import (
    CloseDeadlineForm,
    CloseForm,
    HearingCancelForm,
    HearingForm,
    ManualDeadlineForm,
    NoteForm,
    PartyForm,
    ReasonForm,
    ReceiptForm,
    TaskForm,
    TimeForm,
)
from .models import Case, Deadline, Hearing, Task
from .views import detail_context


def _case(request: HttpRequest, pk: int) -> Case:
    require(request.user, "cases.change")
    return get_visible_or_404(request.user, Case.objects.select_related(
        "client", "office", "team", "responsible", "paralegal"), action="change", pk=pk)


def _form_action(form_class: Any, name: str, anchor: str,
                 run: Callable[[HttpRequest, Case, dict[str, Any]], str]) -> Callable[..., HttpResponse]:
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        case = _case(request, pk)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                message = run(request, case, form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, message)
                return redirect(f"{case.get_absolute_url()}#{anchor}")
        context = detail_context(request, case, **{name: form})
        context["open_form"] = name
        return render(request, "legal/detail.html", context, status=400)

    return view


def _note(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.add_note(case=case, body=d["body"], by=request.user)
    return _("The note is added.")


def _task(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.add_task(case=case, title=d["title"], assignee=d.get("assignee"), due=d.get("due"), by=request.user)
    return _("The task is added.")


def _hearing(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.add_hearing(case=case, kind=d["kind"], starts_at=d["starts_at"], court=d.get("court") or "",
                         judge=d.get("judge") or "", remote=d.get("remote") or False, note=d.get("note") or "",
                         by=request.user)
    return _("The hearing is added.")


def _time(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.add_time(case=case, by=request.user, date=d["date"], minutes=d["minutes"], activity=d["activity"],
                      note=d.get("note") or "")
    return _("The time is recorded.")


def _receipt(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.add_receipt(case=case, number=d["number"], form=d.get("form") or "", received_on=d.get("received_on"),
                         by=request.user)
    return _("The receipt number is added.")


def _party(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    Person = apps.get_model("people", "Person")
    try:
        person = get_visible_or_404(request.user, Person.objects.current(), pk=d["person"])
    except Http404:
        raise ValidationError({"person": _("There is no person with this number that you may see.")}) from None
    services.add_party(case=case, person=person, role=d["role"], note=d.get("note") or "", by=request.user)
    return _("%(name)s is added to the case.") % {"name": person.full_name}


def _deadline(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.add_manual_deadline(case=case, title=d["title"], due=d["due"], source=d.get("source") or "",
                                 by=request.user)
    return _("The deadline is added.")


def _close(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.close_case(case=case, by=request.user, outcome=d["outcome"], closing_code=d.get("closing_code"),
                        note=d.get("note") or "")
    return _("The case is closed.")


def _reopen(request: HttpRequest, case: Case, d: dict[str, Any]) -> str:
    services.reopen_case(case=case, by=request.user, reason=d["reason"])
    return _("The case is open again.")


add_note = _form_action(NoteForm, "note_form", "notes", _note)
add_task = _form_action(TaskForm, "task_form", "tasks", _task)
add_hearing = _form_action(HearingForm, "hearing_form", "hearings", _hearing)
add_time = _form_action(TimeForm, "time_form", "time", _time)
add_receipt = _form_action(ReceiptForm, "receipt_form", "summary", _receipt)
add_party = _form_action(PartyForm, "party_form", "parties", _party)
add_deadline = _form_action(ManualDeadlineForm, "deadline_form", "deadlines", _deadline)
close = _form_action(CloseForm, "close_form", "closing", _close)
reopen = _form_action(ReasonForm, "reopen_form", "closing", _reopen)


@require_POST
def deadline_state(request: HttpRequest, pk: int, deadline_pk: int, state: str) -> HttpResponse:
    if state not in ("done", "cancel"):
        raise Http404
    case = _case(request, pk)
    deadline = get_visible_or_404(request.user, Deadline.objects.filter(case=case), action="change", pk=deadline_pk)
    form = CloseDeadlineForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        if state == "done":
            services.complete_deadline(deadline=deadline, by=request.user, note=note)
            messages.success(request, _("The deadline is marked done."))
        else:
            services.cancel_deadline(deadline=deadline, by=request.user, reason=note)
            messages.success(request, _("The deadline is cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{case.get_absolute_url()}#deadlines")


@require_POST
def task_done(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    case = _case(request, pk)
    task = get_visible_or_404(request.user, Task.objects.filter(case=case), action="change", pk=task_pk)
    try:
        services.complete_task(task=task, by=request.user)
        messages.success(request, _("The task is done."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{case.get_absolute_url()}#tasks")


def _hearing_line(hearing: Hearing) -> str:
    when = formats.date_format(timezone.localtime(hearing.starts_at), "DATETIME_FORMAT")
    return " · ".join(p for p in (when, str(hearing.get_kind_display()), hearing.court) if p)


@require_http_methods(["GET", "POST"])
def hearing_cancel(request: HttpRequest, pk: int, hearing_pk: int) -> HttpResponse:
    """GET: "Cancel this hearing?" (a page, so it works without JavaScript); POST: cancel it."""
    case = _case(request, pk)
    hearing = get_visible_or_404(request.user, Hearing.objects.filter(case=case), action="change", pk=hearing_pk)
    if request.method == "GET":
        return render(request, "confirm.html", {
            "title": _("Cancel a hearing"), "question": _("Cancel this hearing of case %(number)s?")
            % {"number": case.number}, "details": [_hearing_line(hearing)],
            "action": request.path, "form": HearingCancelForm(), "confirm": _("Yes, cancel the hearing"),
            "back": f"{case.get_absolute_url()}#hearings",
            "undo": _("It leaves the calendars and the deadlines page. You can restore it from the case page.")})
    services.cancel_hearing(hearing=hearing, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("The hearing is cancelled. “Restore” on the case page brings it back."))
    return redirect(f"{case.get_absolute_url()}#hearings")


@require_POST
def hearing_restore(request: HttpRequest, pk: int, hearing_pk: int) -> HttpResponse:
    case = _case(request, pk)
    hearing = get_visible_or_404(request.user, Hearing.objects.filter(case=case), action="change", pk=hearing_pk)
    try:
        services.restore_hearing(hearing=hearing, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The hearing is back on the case and on the calendars."))
    return redirect(f"{case.get_absolute_url()}#hearings")


@require_POST
def close_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The close form of the case page posts here first: "Close case #12 as Granted?", then the
    confirmation posts the same values to ``close``. A form with errors, or a case that cannot
    be closed yet, goes straight to ``close`` so its message shows on the case page."""
    case = _case(request, pk)
    form = CloseForm(request.POST)
    pending = case.deadlines.filter(state=Deadline.State.OPEN, due__gte=timezone.localdate()).exists()
    if not form.is_valid() or pending or case.closed_at is not None:
        return close(request, pk)
    data = form.cleaned_data
    details = [_("Outcome: %(outcome)s") % {"outcome": dict(form.fields["outcome"].choices)[data["outcome"]]}]
    if data.get("closing_code"):
        details.append(_("Closing code: %(code)s") % {"code": data["closing_code"]})
    if data.get("note"):
        details.append(_("Closing note: %(note)s") % {"note": data["note"]})
    return render(request, "confirm.html", {
        "title": _("Close the case"), "question": _("Close case %(number)s?") % {"number": case.number},
        "details": details, "action": reverse("legal:close", args=[case.pk]),
        "hidden": [(name, request.POST.get(name, "")) for name in ("outcome", "closing_code", "note")],
        "confirm": _("Yes, close the case"), "back": f"{case.get_absolute_url()}#closing",
        "undo": _("Its deadlines, hearings and tasks stop appearing on calendars and lists. The case can be "
                  "reopened later, with a reason; both are recorded in its history.")})


def party_find(request: HttpRequest, pk: int) -> HttpResponse:
    """People to add as parties, found by name, birth date, phone or A-number (through People's
    own search and gate); each result can be added with a role."""
    from amparo.people.selectors import search_people

    from .kinds import PartyRole

    case = _case(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    found = [f.person for f in search_people(request.user, query, limit=10)] if len(query) >= 2 else []
    roles = [c for c in PartyRole.choices if c[0] != PartyRole.PRINCIPAL]
    context = {"case": case, "party_query": query, "party_results": found, "party_roles": roles}
    if getattr(request, "htmx", False):
        return render(request, "legal/_party_results.html", context)
    full = detail_context(request, case)
    full.update(context, open_form="party_form")
    return render(request, "legal/detail.html", full)
