"""Pages of the shelter's house rules and incidents: a stay's page (its acknowledgements and
incidents), a site's rules (versions by date) and a site's incidents. Incidents are for housing
staff only (``housing.incidents``); opening one is audited by the gate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.permissions import CHANGE, CREATE, can, get_visible_or_404, require, restrict

from . import selectors, services
from .forms import IncidentForm, RulesForm
from .models import HouseRules, Incident, RulesAcknowledgement, Site, Stay


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def stay_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One stay: bed, dates, the house rules acknowledged, and (for housing staff) its incidents."""
    require(request.user, "housing.view")
    stay = get_visible_or_404(request.user, Stay.objects.select_related("person", "bed__room__site"), pk=pk)
    site = stay.bed.room.site
    acks = list(restrict(RulesAcknowledgement.objects.filter(stay=stay).select_related("rules", "recorded_by"),
                         request.user))
    today = timezone.localdate()
    current = services.rules_in_force(site, today)
    context: dict[str, Any] = {
        "stay": stay, "site": site, "acks": acks, "current": current,
        "needs_ack": current is not None and stay.exit_date is None and current.pk not in {a.rules_id for a in acks},
        "can_change": can(request.user, CHANGE, stay), "language": get_language() or "es"}
    if can(request.user, "housing.incidents"):
        context["incidents"] = list(restrict(stay.incidents.select_related("staff"), request.user)[:50])
    return render(request, "programs/stay.html", context)


@require_POST
def stay_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_visible_or_404(request.user, Stay.objects.select_related("bed__room"), action=CHANGE, pk=pk)
    rules = services.rules_in_force(stay.bed.room.site_id, timezone.localdate())
    if rules is not None:
        services.acknowledge_rules(stay=stay, rules=rules, on=timezone.localdate(), by=request.user,
                                   language=request.POST.get("language", "es"))
        messages.success(request, _("Acknowledgement recorded."))
    return redirect("programs:stay", pk)


def site_rules(request: HttpRequest, pk: int) -> HttpResponse:
    """A site's house rules: the version in force, earlier and later versions, and a new version."""
    require(request.user, "housing.view")
    site = get_visible_or_404(request.user, Site.objects, pk=pk)
    may_publish = can(request.user, CREATE, HouseRules)
    form = RulesForm(request.POST or None, initial={"effective_from": timezone.localdate()})
    if request.method == "POST":
        if not may_publish:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.publish_rules(site=site, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("House rules saved."))
                return redirect("programs:site_rules", pk)
    today = timezone.localdate()
    current = services.rules_in_force(site, today)
    versions = list(restrict(HouseRules.objects.filter(site=site).select_related("created_by"), request.user))
    return render(request, "programs/site_rules.html", {
        "site": site, "current": current, "versions": versions, "today": today,
        "form": form if may_publish else None, "language": get_language() or "es"})


def site_incidents(request: HttpRequest, pk: int) -> HttpResponse:
    """A site's incidents, newest first, and the form to record one."""
    require(request.user, "housing.incidents")
    site = get_visible_or_404(request.user, Site.objects, pk=pk)
    now = timezone.localtime()
    residents = restrict(Stay.objects.filter(selectors.occupied_on(now.date()), bed__room__site=site)
                         .select_related("person", "bed__room"), request.user).order_by("bed__room__name", "bed__label")
    form = IncidentForm(request.POST or None, residents=residents, staff=selectors.housing_staff(),
                        initial={"day": now.date(), "time": now.strftime("%H:%M"), "staff": request.user.pk})
    if request.method == "POST":
        if not can(request.user, CREATE, Incident):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                incident = services.record_incident(
                    site=site, occurred_at=data["occurred_at"], kind=data["kind"], stays=data["stays"],
                    description=data["description"], action_taken=data["action_taken"], staff=data["staff"],
                    follow_up=data["follow_up"], follow_up_by=data["follow_up_by"], by=request.user)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("Incident recorded."))
                return redirect("programs:incident", incident.pk)
    qs = restrict(Incident.objects.filter(site=site).select_related("staff").prefetch_related(
        "stays__person"), request.user)
    if request.GET.get("open") == "1":
        qs = qs.filter(followed_up_at__isnull=True).exclude(follow_up="")
    page = paging.get_page(Paginator(qs, 30), request.GET.get("page"))
    return render(request, "programs/site_incidents.html", {"site": site, "page": page, "form": form,
                                                            "only_open": request.GET.get("open") == "1"})


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_visible_or_404(request.user, Incident.objects.select_related("site", "staff", "created_by"), pk=pk)
    if request.method == "POST":
        if not can(request.user, CHANGE, incident):
            raise PermissionDenied
        services.follow_up_done(incident=incident, by=request.user)
        messages.success(request, _("Follow-up marked done."))
        return redirect("programs:incident", pk)
    return render(request, "programs/incident.html", {
        "incident": incident, "stays": list(incident.stays.select_related("person", "bed__room"))})
