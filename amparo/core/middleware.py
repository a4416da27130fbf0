"""Request context for code far from the view (audit, logging): the current request and its id."""

from __future__ import annotations

import contextvars
import ipaddress
import uuid
from typing import Any

from django.conf import settings

_request: contextvars.ContextVar[Any] = contextvars.ContextVar("amparo_request", default=None)


def current_request() -> Any:
    return _request.get()


def client_ip(request: Any) -> str | None:
    """The client's address; behind a proxy, the one the trusted proxy saw."""
    candidates: list[str] = []
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            candidates.append(hops[-proxies])
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


class RequestContextMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        request.request_id = uuid.uuid4().hex
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


class IdleSessionMiddleware:
    """Sessions end after ``SESSION_COOKIE_AGE`` idle, and a request never writes a session it read.

    ``SESSION_SAVE_EVERY_REQUEST`` would move the expiry by saving the whole session after every
    request, so a slow request that read the session before a quicker one changed it (the second
    factor given, a sign-out) wrote the old contents back. Here a request that did not change the
    session only moves the expiry of its row forward — one UPDATE of that column, at most once a
    minute — and Django's SessionMiddleware saves the sessions that did change, as usual.
    """

    SLACK = 60  # seconds: the expiry moves when it is this much behind

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty() or not session.session_key:
            return response
        if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
            from datetime import timedelta

            from django.contrib.sessions.models import Session
            from django.utils import timezone

            expiry = timezone.now() + timedelta(seconds=session.get_expiry_age())
            Session.objects.filter(session_key=session.session_key,
                                   expire_date__lt=expiry - timedelta(seconds=self.SLACK)).update(expire_date=expiry)
        else:  # other engines keep the expiry with the data: save it as Django would
            session.modified = True
        return response
