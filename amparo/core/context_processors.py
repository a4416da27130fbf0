"""What the page shell needs on every page: the modules this user can open."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from amparo.accounts.roles import has_capability

from .plugins import navigation

log = logging.getLogger(__name__)

def modules() -> list[tuple[int, str, Any, str | None]]:
    """(order, url name, label, capability or None for everyone signed in), from each app's
    ``nav`` declaration (core.plugins)."""
    return [(entry.order, entry.url_name, entry.label, entry.capability) for entry in navigation()]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_modules": []}
    is_verified = getattr(user, "is_verified", None)  # absent for a user signed in by API token
    if is_verified is None or not is_verified():
        from amparo.accounts.roles import requires_two_factor
        from amparo.accounts.services import has_confirmed_device

        if requires_two_factor(user) or has_confirmed_device(user):
            return {"nav_modules": []}  # nothing to reach before the second step
    current = request.path
    visible = []
    for _order, name, label, capability in modules():
        if capability is not None and not has_capability(user, capability):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            log.error("Navigation entry %s names no URL; left out of the menu", name)
            continue
        visible.append({"url": url, "label": label, "active": False})
    # The entry whose address is the longest start of this page's address is the current one
    # (on /cases/due/, "Deadlines" rather than "Cases"); the dashboard only on itself.
    candidates = [m for m in visible if (current == m["url"] if m["url"] == "/" else current.startswith(m["url"]))]
    if candidates:
        max(candidates, key=lambda m: len(m["url"]))["active"] = True
    return {"nav_modules": visible}
