"""What the page shell needs on every page: the modules this user can open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amparo.accounts.roles import has_capability

# (url name, label, capability or None for everyone signed in). Modules add their entry here.
MODULES: list[tuple[str, Any, str | None]] = [
    ("core:dashboard", _("Dashboard"), None),
    ("core:audit", _("Audit trail"), "audit.view"),
    ("admin:index", _("Reference data"), "admin.site"),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_modules": []}
    if not user.is_verified():
        from amparo.accounts.roles import requires_two_factor
        from amparo.accounts.services import has_confirmed_device

        if requires_two_factor(user) or has_confirmed_device(user):
            return {"nav_modules": []}  # nothing to reach before the second step
    current = request.path
    modules = []
    for name, label, capability in MODULES:
        if capability is not None and not has_capability(user, capability):
            continue
        url = reverse(name)
        active = current == url if name == "core:dashboard" else current.startswith(url)
        modules.append({"url": url, "label": label, "active": active})
    return {"nav_modules": modules}
