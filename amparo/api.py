"""The API at /api/v1/: each app's router, one authentication, the same permission gate.

Clients authenticate with a personal token (``Authorization: Bearer amp_...``) created on
the account page, or with the browser session (with CSRF), once past two-factor sign-in.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from amparo.accounts.roles import requires_two_factor
from amparo.accounts.services import has_confirmed_device, user_for_token
from amparo.core.permissions import can


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None or not can(user, "api.use"):
            return None
        request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session, only once the second factor (where needed) has been given."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not can(user, "api.use"):
            return None
        if not user.is_verified() and (requires_two_factor(user) or has_confirmed_device(user)):
            return None
        return user


api = NinjaAPI(
    title="Amparo API",
    version="1",
    description="Amparo's API. Every answer passes through the same permission gate as the pages.",
    auth=[TokenAuth(), VerifiedSessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """Seen but not allowed: a JSON 403 in the client's language, never the HTML error page."""
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)

from amparo.accounts.api import router as accounts_router  # noqa: E402
from amparo.archive.api import router as archive_router  # noqa: E402
from amparo.core.api import router as core_router  # noqa: E402
from amparo.documents.api import router as documents_router  # noqa: E402
from amparo.legal.api import router as legal_router  # noqa: E402
from amparo.people.api import router as people_router  # noqa: E402

api.add_router("/", core_router)
api.add_router("/", accounts_router)
api.add_router("/people", people_router)
api.add_router("/cases", legal_router)
api.add_router("/archive", archive_router)
api.add_router("/documents", documents_router)
