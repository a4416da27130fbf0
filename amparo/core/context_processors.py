"""What the page shell needs on every page: the modules this user can open."""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from amparo.accounts.roles import has_capability

log = logging.getLogger(__name__)

# (order, url name, label, capability or None for everyone signed in). Each app adds its own
# entries as ``amparo_nav`` on its AppConfig, in the same shape.
CORE_MODULES: list[tuple[int, str, Any, str | None]] = [
    (0, "core:dashboard", _("Dashboard"), None),
    (90, "core:audit", _("Audit trail"), "audit.view"),
    (91, "core:jobs", _("Periodic jobs"), "jobs.view"),
    (99, "admin:index", _("Reference data"), "admin.site"),
]


def modules() -> list[tuple[int, str, Any, str | None]]:
    entries = list(CORE_MODULES)
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "amparo_nav", ()))
    return sorted(entries, key=lambda entry: entry[0])


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
