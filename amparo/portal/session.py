"""The portal's own session: a person's id under ``portal_person`` in the signed Django session, with
its own short idle timeout, checked by one decorator (``portal_page``). Staff sign-in has nothing to
do with it: portal pages are ``@login_not_required`` and never look at ``request.user``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from amparo.people.models import Person

PERSON, SEEN, PENDING, LANG = "portal_person", "portal_seen", "portal_pending", "portal_lang"
LANGUAGES = ("es", "en")


def language_for(request: HttpRequest, person: Person | None = None) -> str:
    chosen = request.session.get(LANG)
    if chosen in LANGUAGES:
        return chosen
    if person is not None and person.preferred_language in LANGUAGES:
        return person.preferred_language
    return "es"  # Spanish first, whatever the browser says


def sign_in(request: HttpRequest, person: Person) -> None:
    lang = request.session.get(LANG)
    request.session.cycle_key()  # a new session key at sign-in (no fixation)
    request.session.pop(PENDING, None)
    request.session[PERSON] = person.pk
    request.session[SEEN] = int(time.time())
    if lang:
        request.session[LANG] = lang


def sign_out(request: HttpRequest) -> None:
    """Forget the portal in this session (a staff user's own sign-in, if any, is left alone)."""
    for key in (PERSON, SEEN, PENDING):
        request.session.pop(key, None)
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        request.session.flush()


def current_person(request: HttpRequest) -> Person | None:
    person_id = request.session.get(PERSON)
    if not person_id:
        return None
    now = int(time.time())
    if now - int(request.session.get(SEEN, 0)) > settings.AMPARO_PORTAL_IDLE_MINUTES * 60:
        sign_out(request)
        return None
    person = Person.objects.filter(pk=person_id, portal_access__active=True).first()
    if person is None:
        sign_out(request)
        return None
    if now - int(request.session.get(SEEN, 0)) >= 30:
        request.session[SEEN] = now
    return person


def _safe(response: HttpResponse) -> HttpResponse:
    """Nothing of a portal page is kept by the browser or sent on to another site."""
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["Referrer-Policy"] = "same-origin"  # no-referrer would make form posts Origin: null
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def portal_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A portal page open before sign-in (sign-in, code, language, quick exit)."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.portal_person = current_person(request)  # type: ignore[attr-defined]
        with translation.override(language_for(request, request.portal_person)):  # type: ignore[attr-defined]
            request.LANGUAGE_CODE = translation.get_language()
            return _safe(view(request, *args, **kwargs))

    return wrapper


def portal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of a signed-in client: ``request.portal_person`` is set; otherwise to the sign-in page."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = current_person(request)
        if person is None:
            return _safe(redirect("portal:sign_in"))
        request.portal_person = person  # type: ignore[attr-defined]
        with translation.override(language_for(request, person)):
            request.LANGUAGE_CODE = translation.get_language()
            return _safe(view(request, *args, **kwargs))

    return wrapper
