"""The personal calendar feed: a secret address (stored hashed), revocable, audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from amparo.core.i18n import language
from amparo.core.permissions import VIEW, can, require, restrict

from . import ical, selectors, services
from .models import CalendarFeed, Case


def calendar_settings(request: HttpRequest) -> HttpResponse:
    require(request.user, "cases.view")
    feeds = restrict(CalendarFeed.objects.all(), request.user, "view")
    token = request.session.pop("legal_calendar_token", None)
    url = request.build_absolute_uri(reverse("legal:calendar_feed", args=[token])) if token else None
    offices = request.user.offices.filter(is_active=True).order_by("name")  # type: ignore[union-attr]
    return render(request, "legal/calendar.html", {"feeds": feeds, "new_url": url, "offices": offices,
                                                   "active": feeds.filter(revoked_at__isnull=True).first()})


@require_http_methods(["GET", "POST"])
def calendar_create(request: HttpRequest) -> HttpResponse:
    """POST: a new address (replacing the one in use). GET: "Replace your calendar address?" first."""
    require(request.user, "cases.view")
    if request.method == "GET":
        return render(request, "confirm.html", {
            "title": _("Replace your calendar address"), "question": _("Replace your calendar address with a new one?"),
            "action": request.path, "confirm": _("Yes, replace the address"), "back": reverse("legal:calendar"),
            "undo": _("The address in use stops working at once: calendar apps subscribed to it must be given the new "
                      "one.")})
    _feed, token = services.create_calendar_feed(user=request.user)
    request.session["legal_calendar_token"] = token  # shown once, on the next page
    messages.success(request, _("Your calendar address is ready. Copy it now: it is shown only once."))
    return redirect("legal:calendar")


@require_http_methods(["GET", "POST"])
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """GET: "Revoke your calendar address?" (works without JavaScript); POST: revoke it."""
    require(request.user, "cases.view")
    if request.method == "GET":
        return render(request, "confirm.html", {
            "title": _("Revoke your calendar address"), "question": _("Revoke your calendar address?"),
            "action": request.path, "confirm": _("Yes, revoke the address"), "back": reverse("legal:calendar"),
            "undo": _("Calendar apps subscribed to it stop receiving your deadlines and hearings. It cannot be "
                      "brought back (anyone who copied it could read it again): create a new address instead.")})
    for feed in restrict(CalendarFeed.objects.filter(revoked_at__isnull=True), request.user, "change"):
        services.revoke_calendar_feed(feed=feed, by=request.user)
    messages.success(request, _("Your calendar address no longer works. Create a new one when you need it."))
    return redirect("legal:calendar")


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session: the secret address is the credential. An unknown or revoked one is a 404."""
    feed = services.feed_for_token(token)
    if feed is None or not can(feed.user, VIEW, Case):
        raise Http404
    services.touch_feed(feed)
    user = feed.user
    deadlines, hearings, tasks = selectors.feed_items(user)
    base = request.build_absolute_uri("/").rstrip("/")
    with language(user.language):
        body = ical.user_calendar(deadlines=deadlines, hearings=hearings, tasks=tasks, base_url=base,
                                  host=request.get_host().split(":")[0] or "amparo")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
