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
