"""Pages of the programs: the clinic's day, booking, a client's program record (clinical parts
for clinicians of the program only), referrals, the shelter's bed board, basic needs, disasters.

Thin: parse with a form, ask the gate, call a service or selector, render. Page titles say
"Appointments" or "Client record", never a health service: a phone at the front desk is shared.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.exports import get as get_exporter
from amparo.core.permissions import CHANGE, CREATE, VIEW, can, get_visible_or_404, require, restrict

from . import charts, fragments, scoring, selectors, services
from .forms import (
    AdmitForm,
    AssessmentForm,
    AssistanceForm,
    BookingForm,
    ConsentForm,
    DisasterForm,
    ExitForm,
    NeedsForm,
    NoteForm,
    ReferralForm,
    WaitlistForm,
)
from .models import (
    Appointment,
    Assessment,
    Assistance,
    Bed,
    ClinicalAlert,
    DisasterEvent,
    DisasterRegistration,
    NeedsAssessment,
    Program,
    Provider,
    Referral,
    Room,
    SharingConsent,
    Site,
    Stay,
    VisitNote,
    WaitlistEntry,
)


def _day(request: HttpRequest) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()
    return day if 1900 <= day.year <= 2200 else timezone.localdate()


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _programs(user: Any) -> list[tuple[str, str]]:
    from .policies import clinician_programs

    mine = clinician_programs(user)
    return [(value, label) for value, label in Program.choices if value in mine]


# --- Clinic -----------------------------------------------------------------------------------------

def appointments(request: HttpRequest) -> HttpResponse:
    require(request.user, "clinic.view")
    day = _day(request)
    return render(request, "programs/appointments.html", {
        "day": day, "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
        "items": selectors.day_view(request.user, day),
        "providers": Provider.objects.filter(active=True).select_related("user").order_by("user__full_name"),
        "rooms": Room.objects.filter(active=True), "can_book": can(request.user, CREATE, Appointment),
        "alerts": list(selectors.open_alerts(request.user)[:20]) if can(request.user, "clinic.notes") else []})


def provider_day(request: HttpRequest, user_id: int) -> HttpResponse:
    require(request.user, "clinic.view")
    provider = get_visible_or_404(request.user, Provider.objects.select_related("user"), user_id=user_id)
    day = _day(request)
    return render(request, "programs/day.html", {
        "day": day, "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
        "heading": provider.user.full_name, "items": selectors.day_view(request.user, day, provider=user_id),
        "by": "provider"})


def room_day(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "clinic.view")
    room = get_visible_or_404(request.user, Room.objects, pk=pk)
    day = _day(request)
    return render(request, "programs/day.html", {
        "day": day, "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
        "heading": room.name, "items": selectors.day_view(request.user, day, room=pk), "by": "room"})


def book(request: HttpRequest) -> HttpResponse:
    require(request.user, "clinic.book")
    if not can(request.user, CREATE, Appointment):
        raise PermissionDenied
    person = selectors.client_or_404(request.user, request.GET.get("person") or request.POST.get("person"))
    form = BookingForm(request.POST or None, initial={"day": _day(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["weeks"] > 1:
                booked = services.book_series(person=person, provider=data["provider"], service=data["service"],
                                              room=data["room"], starts_at=data["starts_at"],
                                              ends_at=data["ends_at"], weeks=data["weeks"], by=request.user)
            else:
                booked = [services.book(person=person, provider=data["provider"], service=data["service"],
                                        room=data["room"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                                        walk_in=data["walk_in"], by=request.user)]
        except services.ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("%(count)s appointment(s) booked.") % {"count": len(booked)})
            return redirect("programs:client", person.pk)
    return render(request, "programs/book.html", {"form": form, "person": person})


def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "clinic.view")
    appointment = get_visible_or_404(request.user, selectors.appointments(request.user), pk=pk)
    if request.method == "POST":
        if not can(request.user, "change", appointment):
            raise PermissionDenied
        try:
            services.set_status(appointment=appointment, status=request.POST.get("status", ""), by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("programs:appointment", pk)
    return render(request, "programs/appointment.html", {
        "a": appointment, "statuses": Appointment.Status.choices,
        "can_change": can(request.user, "change", appointment)})


# --- A client's program record -------------------------------------------------------------------

def find_client(request: HttpRequest) -> HttpResponse:
    if not selectors.may_serve_clients(request.user):
        raise Http404
    query = request.GET.get("q", "")[:100]
    return render(request, "programs/find.html", {"q": query, "found": selectors.find_clients(request.user, query)})


def client(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = selectors.client_or_404(user, pk)
    context: dict[str, Any] = {"person": person}
    if can(user, "clinic.view"):
        context["appointments"] = list(selectors.appointments(user).filter(person=person).order_by("-starts_at")[:50])
        context["can_book"] = can(user, CREATE, Appointment)
    programs = _programs(user)
    if programs:
        context["notes"] = list(restrict(VisitNote.objects.filter(person=person).select_related("author"), user)[:50])
        assessments = list(restrict(Assessment.objects.filter(person=person), user).order_by("taken_on", "pk"))
        context["assessments"] = assessments[::-1][:30]
        context["charts"] = []
        for instrument, label, top, bands in (("phq9", "PHQ-9", 27, (5, 10, 15, 20)), ("gad7", "GAD-7", 21,
                                                                                        (5, 10, 15))):
            points = [(a.taken_on, a.score) for a in assessments if a.instrument == instrument][-12:]
            if points:
                context["charts"].append((label, charts.score_history(
                    points, maximum=top, bands=bands, title=_("%(name)s scores over time") % {"name": label})))
        context["note_form"] = NoteForm(programs=programs)
        context["clinical"] = True
        context["band_labels"] = scoring.BAND_LABELS
        context["consents"] = list(restrict(SharingConsent.objects.filter(person=person).select_related(
            "recorded_by", "revoked_by"), user))
        context["today"] = timezone.localdate()
        context["consent_form"] = ConsentForm(initial={"starts_on": context["today"]})
    elif can(user, VIEW, VisitNote):
        # Legal staff: only the notes the client consented to share with them, read-only, each read audited.
        shared = list(restrict(VisitNote.objects.filter(person=person).select_related("author"), user)[:50])
        services.record_shared_reads(user=user, notes=shared, channel="client page")
        context["shared_notes"] = shared
    if can(user, "referrals.view"):
        context["referrals"] = list(restrict(Referral.objects.filter(person=person), user)[:20])
        context["referral_form"] = ReferralForm() if can(user, CREATE, Referral) else None
    if can(user, "housing.view"):
        context["stays"] = list(restrict(Stay.objects.filter(person=person).select_related("bed__room__site"), user))
        context["on_waitlist"] = WaitlistEntry.objects.filter(person=person, status=WaitlistEntry.Status.WAITING
                                                              ).exists()
        context["can_house"] = can(user, CREATE, Stay)
        context["waitlist_form"] = WaitlistForm()
    if can(user, "needs.view"):
        context["assistance"] = list(restrict(Assistance.objects.filter(person=person), user)[:20])
        context["needs"] = list(restrict(NeedsAssessment.objects.filter(person=person), user)[:5])
        context["can_assist"] = can(user, CREATE, Assistance)
        context["assistance_form"] = AssistanceForm(initial={"given_on": timezone.localdate()})
        context["needs_form"] = NeedsForm()
    return render(request, "programs/client.html", context)


@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.client_or_404(request.user, pk)
    programs = _programs(request.user)
    if not programs:
        raise Http404
    form = NoteForm(request.POST, programs=programs)
    if form.is_valid():
        services.add_note(person=person, program=form.cleaned_data["program"], text=form.cleaned_data["text"],
                          by=request.user)
        messages.success(request, _("Note saved."))
    else:
        messages.error(request, _("Write the note."))
    return redirect("programs:client", pk)


def assessment_new(request: HttpRequest, pk: int, instrument: str) -> HttpResponse:
    person = selectors.client_or_404(request.user, pk)
    programs = _programs(request.user)
    if not programs or instrument not in scoring.ITEMS:
        raise Http404
    form = AssessmentForm(request.POST or None, instrument=instrument, programs=programs,
                          initial={"taken_on": timezone.localdate(), "program": Program.MENTAL_HEALTH})
    if request.method == "POST" and form.is_valid():
        assessment = services.record_assessment(
            person=person, program=form.cleaned_data["program"], instrument=instrument, answers=form.answers(),
            taken_on=form.cleaned_data["taken_on"], by=request.user)
        messages.success(request, _("Score %(score)s: %(band)s.") % {
            "score": assessment.score, "band": scoring.BAND_LABELS[assessment.band]})
        if assessment.self_harm:
            messages.warning(request, _("Question 9 was answered above 0: an alert is raised. Assess safety today."))
        return redirect("programs:client", pk)
    return render(request, "programs/assessment.html", {
        "form": form, "person": person, "title": dict(Assessment.Instrument.choices)[instrument]})


@require_POST
def acknowledge_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_visible_or_404(request.user, ClinicalAlert.objects, action="change", pk=pk)
    services.acknowledge_alert(alert=alert, by=request.user)
    return redirect("programs:appointments")


def notes(request: HttpRequest) -> HttpResponse:
    """The clinical notes the user may read, newest first (clinicians of their program; legal staff
    the notes shared with them by a client's consent, each read audited)."""
    if not can(request.user, VIEW, VisitNote):
        raise Http404
    qs = restrict(VisitNote.objects.select_related("person", "author"), request.user)
    page = paging.get_page(Paginator(qs, 50), request.GET.get("page"))
    services.record_shared_reads(user=request.user, notes=page.object_list, channel="notes list")
    return render(request, "programs/notes.html", {"page": page, "clinician": bool(_programs(request.user))})


def notes_export(request: HttpRequest) -> HttpResponse:
    if not can(request.user, VIEW, VisitNote):
        raise Http404
    response = StreamingHttpResponse(get_exporter("programs.visit_notes").stream_csv(request.user),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="notes.csv"'
    return response


@require_POST
def consent_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A clinician records the client's consent to share visit notes with legal staff."""
    person = selectors.client_or_404(request.user, pk)
    if not can(request.user, CREATE, SharingConsent):
        raise Http404
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.record_consent(person=person, by=request.user, **form.cleaned_data)
            messages.success(request, _("Consent recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("programs:client", pk)


@require_POST
def consent_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_visible_or_404(request.user, SharingConsent.objects, action=CHANGE, pk=pk)
    services.revoke_consent(consent=consent, by=request.user)
    messages.success(request, _("Consent revoked: the notes are no longer shared."))
    return redirect("programs:client", consent.person_id)


# --- Referrals --------------------------------------------------------------------------------------

def referrals(request: HttpRequest) -> HttpResponse:
    require(request.user, "referrals.view")
    state = request.GET.get("state", "open")
    state = state if state in ("open", "overdue", "closed", "all") else "open"
    qs = selectors.referrals(request.user, state="" if state == "all" else state)
    page = paging.get_page(Paginator(qs, 50), request.GET.get("page"))
    return render(request, "programs/referrals.html", {
        "page": page, "state": state, "today": timezone.localdate(),
        "can_change": can(request.user, "referrals.change")})


@require_POST
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "referrals.change")
    person = selectors.client_or_404(request.user, pk)
    form = ReferralForm(request.POST)
    if form.is_valid():
        try:
            services.refer(person=person, by=request.user, sent_on=timezone.localdate(), **form.cleaned_data)
            messages.success(request, _("Referral sent; it stays open until the receiver confirms it."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("programs:client", pk)


@require_POST
def referral_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_visible_or_404(request.user, Referral.objects, action="change", pk=pk)
    seen = {"yes": True, "no": False}.get(request.POST.get("seen", ""))
    services.confirm_referral(referral=referral, by=request.user, seen=seen)
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/programs/")
                    else reverse("programs:referrals"))


# --- Housing ----------------------------------------------------------------------------------------

def bed_board(request: HttpRequest) -> HttpResponse:
    require(request.user, "housing.view")
    night = _day(request)
    board = selectors.bed_board(request.user, night)
    return render(request, "programs/bed_board.html", {
        "board": board, "bed_rows": fragments.bed_rows(board.rows), "can_change": can(request.user, CREATE, Stay),
        "sites": list(restrict(Site.objects.all(), request.user)),
        "incidents": can(request.user, "housing.incidents"),
        "chart": charts.occupancy_bars(board.nights, title=_("Beds taken, night by night"))})


def admit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "housing.change")
    person = selectors.client_or_404(request.user, pk)
    night = _day(request)
    free = selectors.beds_in_use(night).exclude(
        pk__in=Stay.objects.filter(selectors.occupied_on(night)).values("bed_id")).select_related("room__site")
    form = AdmitForm(request.POST or None, initial={"entry_date": night, "bed": request.GET.get("bed")})
    form.fields["bed"].queryset = free if request.method == "GET" else Bed.objects.select_related("room__site")
    if request.method == "POST" and form.is_valid():
        try:
            services.admit(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Admitted."))
            return redirect(reverse("programs:bed_board") + f"?day={form.cleaned_data['entry_date'].isoformat()}")
    rules = {site.pk: services.rules_in_force(site, night) for site in Site.objects.all()}
    return render(request, "programs/admit.html", {"form": form, "person": person,
                                                   "rules": [r for r in rules.values() if r is not None]})


def stay_exit(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_visible_or_404(request.user, Stay.objects.select_related("person", "bed__room"), action="change", pk=pk)
    form = ExitForm(request.POST or None, initial={"exit_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.discharge(stay=stay, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("programs:bed_board")
    return render(request, "programs/exit.html", {"form": form, "stay": stay})


def waitlist(request: HttpRequest) -> HttpResponse:
    require(request.user, "housing.view")
    today = timezone.localdate()
    entries = list(selectors.waitlist(request.user)[:200])
    for entry in entries:
        entry.days_waiting = (today - entry.added_on).days
    return render(request, "programs/waitlist.html", {"entries": entries})


@require_POST
def waitlist_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "housing.change")
    person = selectors.client_or_404(request.user, pk)
    form = WaitlistForm(request.POST)
    if form.is_valid():
        try:
            services.add_to_waitlist(person=person, by=request.user, added_on=timezone.localdate(),
                                     **form.cleaned_data)
            messages.success(request, _("Added to the waiting list."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("programs:client", pk)


# --- Basic needs and disasters -------------------------------------------------------------------------

def assistance(request: HttpRequest) -> HttpResponse:
    require(request.user, "needs.view")
    qs = restrict(Assistance.objects.select_related("person", "registration", "approved_by"), request.user)
    page = paging.get_page(Paginator(qs, 50), request.GET.get("page"))
    return render(request, "programs/assistance.html", {"page": page})


@require_POST
def assistance_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "needs.change")
    person = selectors.client_or_404(request.user, pk)
    form = AssistanceForm(request.POST)
    if form.is_valid():
        try:
            services.give_assistance(person=person, by=request.user, **form.cleaned_data)
            messages.success(request, _("Assistance recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("programs:client", pk)


@require_POST
def needs_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "needs.change")
    person = selectors.client_or_404(request.user, pk)
    form = NeedsForm(request.POST)
    if form.is_valid():
        services.assess_needs(person=person, by=request.user, assessed_on=timezone.localdate(), **form.cleaned_data)
        messages.success(request, _("Needs recorded."))
    return redirect("programs:client", pk)


def disaster(request: HttpRequest) -> HttpResponse:
    """One screen: register an affected household in seconds; below, who still needs somewhere to sleep."""
    require(request.user, "disaster.register")
    if not DisasterEvent.objects.filter(active=True).exists():
        return render(request, "programs/disaster.html", {"no_event": True})
    form = DisasterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.register_affected(by=request.user, registered_on=timezone.localdate(),
                                                **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Registered: %(name)s.") % {"name": record.name})
            return redirect("programs:disaster")
    context: dict[str, Any] = {"form": form}
    if can(request.user, "needs.view"):
        regs = restrict(DisasterRegistration.objects.select_related("event"), request.user)
        context["homeless"] = list(regs.filter(needs_housing=True, housed_on__isnull=True).order_by("created_at")[:200])
        from django.db.models import Count, Sum

        context["by_day"] = list(restrict(Assistance.objects.filter(registration__isnull=False), request.user)
                                 .values("given_on").annotate(total=Sum("amount"), count=Count("pk"))
                                 .order_by("-given_on")[:30])
        context["registered_by_day"] = list(regs.values("registered_on").annotate(count=Count("pk"))
                                            .order_by("-registered_on")[:30])
    return render(request, "programs/disaster.html", context)

