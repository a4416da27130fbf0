"""Pages of the volunteers app: the volunteer list (search and filters), a volunteer's page,
shifts and their rosters, the hours approval queue, and a volunteer's own page.

Every record is read through the gate; the services write. Views pass today's date to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core.exceptions import ConcurrentEdit
from amparo.core.paging import get_page
from amparo.core.permissions import CHANGE, CREATE, VIEW, can, get_visible_or_404, restrict
from amparo.people.matching import normalize

from . import hours as hours_module
from . import services
from .forms import (
    AvailabilityForm,
    CorrectForm,
    DecideForm,
    EditVolunteerForm,
    FilterForm,
    HoursForm,
    ShiftForm,
    SignupForm,
    VolunteerForm,
)
from .models import EXPIRING_DAYS, HoursEntry, Shift, Signup, Volunteer

# Where a shift is (its event, or its drive and site), read with the shift: one query for a list.
SHIFT_PLACE = ("shift", "shift__event", "shift__drive", "shift__site")


def _need(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _staff(request: HttpRequest) -> None:
    """Pages of the coordinators: 404 for anyone else (a volunteer has their own page)."""
    if not can(request.user, "volunteers.view"):
        raise Http404


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _own_profile(request: HttpRequest) -> Volunteer | None:
    if not can(request.user, "volunteers.self"):
        return None
    return Volunteer.objects.filter(user=request.user, active=True).first()


# --- Volunteers ------------------------------------------------------------------------------------

def volunteer_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    form = FilterForm(request.GET or None)
    volunteers = restrict(Volunteer.objects.select_related("office").prefetch_related("skills"), request.user, VIEW)
    data = form.cleaned_data if form.is_valid() else {}
    active = data.get("active") or "yes"
    if active != "all":
        volunteers = volunteers.filter(active=active == "yes")
    if data.get("q"):
        words = normalize(data["q"]).split() or [data["q"].lower()]
        for word in words:
            volunteers = volunteers.filter(search_text__contains=word)
    if data.get("skill"):
        volunteers = volunteers.filter(skills=data["skill"])
    if data.get("day") is not None:
        volunteers = volunteers.filter(availability__weekday=data["day"])
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    cleared = Q(check_status=Volunteer.Check.CLEARED, check_expires_on__isnull=False)
    if data.get("check") == "expiring":
        volunteers = volunteers.filter(cleared, check_expires_on__gte=today, check_expires_on__lte=soon)
    elif data.get("check") == "expired":
        volunteers = volunteers.filter(cleared, check_expires_on__lt=today)
    elif data.get("check") == "missing":
        volunteers = volunteers.exclude(cleared)
    volunteers = volunteers.distinct().order_by("name", "pk")
    page = get_page(Paginator(volunteers, 50), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "volunteers/list.html", {
        "form": form, "page": page, "today": today, "query": query.urlencode(),
        "rows": [(v, v.check_state(today)) for v in page.object_list],
        "may_manage": can(request.user, CREATE, Volunteer),
        "may_approve": can(request.user, "volunteers.approve"),
        "pending": restrict(HoursEntry.objects.filter(status=HoursEntry.Status.PENDING), request.user, VIEW).count(),
    })


def _save_volunteer(request: HttpRequest, form: Any, save: Any, title: str, cancel: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = save(form)
        except ConcurrentEdit:
            form.add_error(None, _("Someone else saved this volunteer while you were editing. Your changes were "
                                   "not saved: reload the page to see theirs, then make yours again."))
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(volunteer.get_absolute_url())
    return render(request, "volunteers/form.html", {"form": form, "title": title, "cancel": cancel})


def volunteer_new(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, CREATE, Volunteer))
    form = VolunteerForm(request.POST or None, viewer=request.user,
                         initial={"started_on": timezone.localdate(), "active": True})

    def save(f: Any) -> Volunteer:
        data = dict(f.cleaned_data)
        skills, person = data.pop("skills"), data.pop("person_number")
        return services.create_volunteer(by=request.user, skills=skills, person=person, **data)

    return _save_volunteer(request, form, save, _("New volunteer"), reverse("volunteers:list"))


def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_visible_or_404(request.user, Volunteer.objects, pk=pk, action=CHANGE)
    form = EditVolunteerForm(request.POST or None, viewer=request.user, instance=Volunteer.objects.get(pk=pk),
                             initial={"version": volunteer.version})

    def save(f: Any) -> Volunteer:
        data = dict(f.cleaned_data)
        skills, person, version = data.pop("skills"), data.pop("person_number"), data.pop("version")
        return services.update_volunteer(volunteer=volunteer, by=request.user, version=version, skills=skills,
                                         person=person, **data)

    return _save_volunteer(request, form, save, _("Edit volunteer"), volunteer.get_absolute_url())


def availability(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_visible_or_404(request.user, Volunteer.objects, pk=pk, action=CHANGE)
    form = AvailabilityForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_availability(volunteer=volunteer, by=request.user, days=form.availability())
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(volunteer.get_absolute_url())
    return render(request, "volunteers/availability.html", {"form": form, "volunteer": volunteer})


def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_visible_or_404(request.user, Volunteer.objects.select_related("office", "user"), pk=pk)
    if not can(request.user, "volunteers.view"):
        raise Http404  # a volunteer reads their own record on their own page
    today = timezone.localdate()
    person = None
    if volunteer.person_id:
        from amparo.people.models import Person

        person = restrict(Person.objects.filter(pk=volunteer.person_id), request.user, VIEW).first()
    year = dt.date(today.year, 1, 1)
    return render(request, "volunteers/detail.html", {
        "volunteer": volunteer, "today": today, "person": person, "check": volunteer.check_state(today),
        "signups": volunteer.signups.select_related(*SHIFT_PLACE).order_by("-shift__starts_at")[:50],
        "entries": volunteer.hours.select_related("shift", "corrects").order_by("-date", "-pk")[:100],
        "year_summary": hours_module.for_volunteer(volunteer.pk, year, today), "year": today.year,
        "may_change": can(request.user, CHANGE, volunteer),
        "may_log": can(request.user, CREATE, HoursEntry(volunteer=volunteer)),
        "may_approve": can(request.user, "volunteers.approve"),
    })


# --- Shifts ----------------------------------------------------------------------------------------

def _with_roster(shifts: Any) -> Any:
    return shifts.select_related("event", "drive", "site").prefetch_related(
        Prefetch("signups", queryset=Signup.objects.filter(status=Signup.Status.SIGNED_UP).select_related("volunteer"),
                 to_attr="roster"), "skills")


def shift_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    shifts = restrict(Shift.objects.all(), request.user, VIEW)
    heading = ""
    event_id, drive_id = request.GET.get("event", ""), request.GET.get("drive", "")
    if event_id.isdigit():
        shifts = shifts.filter(event_id=int(event_id))
        heading = str(shifts.first().event) if shifts.exists() else ""
    elif drive_id.isdigit():
        shifts = shifts.filter(drive_id=int(drive_id))
        heading = str(shifts.first().drive) if shifts.exists() else ""
    elif request.GET.get("past") != "1":
        shifts = shifts.filter(ends_at__gte=timezone.now())
    page = get_page(Paginator(_with_roster(shifts).order_by("starts_at", "pk"), 30), request.GET.get("page"))
    return render(request, "volunteers/shifts.html", {
        "page": page, "heading": heading, "may_manage": can(request.user, CREATE, Shift),
        "filtered": bool(heading) or event_id.isdigit() or drive_id.isdigit(),
    })


def shift_new(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, CREATE, Shift))
    initial = {k: request.GET[k] for k in ("event", "drive") if request.GET.get(k, "").isdigit()}
    form = ShiftForm(request.POST or None, viewer=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            shift = services.create_shift(by=request.user, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Shift created."))
            return redirect(shift.get_absolute_url())
    return render(request, "volunteers/form.html", {"form": form, "title": _("New shift"),
                                                     "cancel": reverse("volunteers:shifts")})


def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    shift = get_visible_or_404(request.user, _with_roster(Shift.objects.all()), pk=pk)
    form = SignupForm(request.POST or None, viewer=request.user)
    may_manage = can(request.user, CHANGE, shift)
    if request.method == "POST":
        _need(may_manage)
        if form.is_valid():
            try:
                services.sign_up(shift=shift, volunteer=form.cleaned_data["volunteer"], by=request.user)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("%(name)s is signed up.") % {"name": form.cleaned_data["volunteer"].name})
                return redirect(shift.get_absolute_url())
        shift = get_visible_or_404(request.user, _with_roster(Shift.objects.all()), pk=pk)
    return render(request, "volunteers/shift.html", {
        "shift": shift, "form": form, "may_manage": may_manage, "free": max(shift.slots - len(shift.roster), 0),
        "logged": set(shift.hours.values_list("volunteer_id", flat=True)),
    })


@require_POST
def signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_visible_or_404(request.user, Signup.objects.select_related("shift"), pk=pk, action=CHANGE)
    services.cancel_signup(signup=signup, by=request.user)
    messages.success(request, _("Sign-up cancelled."))
    if request.POST.get("next") == "me":
        return redirect("volunteers:me")
    return redirect(signup.shift.get_absolute_url())


# --- Hours -----------------------------------------------------------------------------------------

def _log_hours(request: HttpRequest, volunteer: Volunteer, *, back: str) -> HttpResponse:
    shift = None
    shift_id = request.GET.get("shift", "")
    if shift_id.isdigit():
        shift = restrict(Shift.objects.filter(pk=int(shift_id)), request.user, VIEW).first()
    today = timezone.localdate()
    initial: dict[str, Any] = {"date": today, "program": "general"}
    if shift is not None:
        initial.update(date=timezone.localtime(shift.starts_at).date(), hours=shift.duration_hours,
                       program=shift.program)
    form = HoursForm(request.POST or None, viewer=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.log_hours(volunteer=volunteer, by=request.user, today=today, shift=shift, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Hours logged; a coordinator will approve them."))
            return redirect(back)
    return render(request, "volunteers/hours_form.html", {"form": form, "volunteer": volunteer, "shift": shift,
                                                           "cancel": back})


def hours_new(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_visible_or_404(request.user, Volunteer.objects, pk=pk)
    _need(can(request.user, "volunteers.manage"))
    return _log_hours(request, volunteer, back=volunteer.get_absolute_url())


def queue(request: HttpRequest) -> HttpResponse:
    _staff(request)
    entries = (restrict(HoursEntry.objects.filter(status=HoursEntry.Status.PENDING), request.user, VIEW)
               .select_related("volunteer", "corrects", "logged_by", *SHIFT_PLACE).order_by("date", "pk"))
    page = get_page(Paginator(entries, 50), request.GET.get("page"))
    return render(request, "volunteers/queue.html", {
        "page": page, "may_approve": can(request.user, "volunteers.approve"), "form": DecideForm(),
    })


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_visible_or_404(request.user, HoursEntry.objects, pk=pk)
    _need(can(request.user, "volunteers.approve"))
    form = DecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.decide(entry=entry, by=request.user, approve=approve, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Hours approved.") if approve else _("Hours not approved."))
    if request.POST.get("next") == "volunteer":
        return redirect(entry.volunteer.get_absolute_url())
    return redirect("volunteers:queue")


def correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_visible_or_404(request.user, HoursEntry.objects.select_related("volunteer"), pk=pk)
    _need(can(request.user, "volunteers.manage"))
    form = CorrectForm(request.POST or None, initial={"hours": services.counted_hours(entry)})
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_hours(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Correction logged; it counts once approved."))
            return redirect(entry.volunteer.get_absolute_url())
    return render(request, "volunteers/correct.html", {"form": form, "entry": entry})


# --- A volunteer's own page --------------------------------------------------------------------------

def me(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "volunteers.self"):
        raise Http404
    volunteer = _own_profile(request)
    if volunteer is None:
        return render(request, "volunteers/me.html", {"volunteer": None})
    now = timezone.now()
    mine = set(volunteer.signups.filter(status=Signup.Status.SIGNED_UP).values_list("shift_id", flat=True))
    upcoming = (_with_roster(restrict(Shift.objects.filter(ends_at__gte=now), request.user, VIEW))
                .annotate(taken=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP)))
                .order_by("starts_at", "pk")[:30])
    return render(request, "volunteers/me.html", {
        "volunteer": volunteer, "shifts": [(s, s.pk in mine, s.taken >= s.slots) for s in upcoming],
        "signups": volunteer.signups.filter(status=Signup.Status.SIGNED_UP).select_related(*SHIFT_PLACE)
        .order_by("-shift__starts_at")[:20],
        "entries": volunteer.hours.select_related("shift", "corrects").order_by("-date", "-pk")[:30],
    })


@require_POST
def me_signup(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _own_profile(request)
    if volunteer is None:
        raise Http404
    shift = get_visible_or_404(request.user, Shift.objects, pk=pk)
    try:
        services.sign_up(shift=shift, volunteer=volunteer, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are signed up. Thank you!"))
    return redirect("volunteers:me")


def me_hours(request: HttpRequest) -> HttpResponse:
    volunteer = _own_profile(request)
    if volunteer is None:
        raise Http404
    return _log_hours(request, volunteer, back=reverse("volunteers:me"))
