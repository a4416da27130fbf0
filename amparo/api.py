"""The API at /api/v1/: each app's router, one authentication, the same permission gate.

Clients authenticate with a personal token (``Authorization: Bearer amp_...``) created on
the account page, or with the browser session (with CSRF), once past two-factor sign-in. A
request that carries an ``Authorization`` header is judged by that header alone: a revoked,
expired or malformed token is answered 401 whatever cookies come with it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from amparo.accounts.roles import requires_two_factor
from amparo.accounts.services import has_confirmed_device, user_for_token
from amparo.core import api_errors
from amparo.core.permissions import can


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None or not can(user, "api.use"):
            return None
        request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session, only once the second factor (where needed) has been given, and
    never for a request that sent its own credentials (no CSRF check, no fallback: 401)."""

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers:
            return None
        return super().__call__(request)

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
    description=("Amparo's API. Every answer passes through the same permission gate as the pages. "
                 "Every refusal (4xx) is `{\"detail\": ..., \"errors\": {field: [messages]}}`."),
    auth=[TokenAuth(), VerifiedSessionAuth()],
    urls_namespace="api",
)
api_errors.install(api)

from amparo.accounts.api import router as accounts_router  # noqa: E402
from amparo.archive.api import router as archive_router  # noqa: E402
from amparo.campaigns.api import router as campaigns_router  # noqa: E402
from amparo.classes.api import router as classes_router  # noqa: E402
from amparo.core.api import router as core_router  # noqa: E402
from amparo.documents.api import router as documents_router  # noqa: E402
from amparo.giving.api import router as giving_router  # noqa: E402
from amparo.legal.api import router as legal_router  # noqa: E402
from amparo.loans.api import router as loans_router  # noqa: E402
from amparo.outreach.api import router as outreach_router  # noqa: E402
from amparo.people.api import router as people_router  # noqa: E402
from amparo.portal.api import router as portal_router  # noqa: E402
from amparo.programs.api import router as programs_router  # noqa: E402
from amparo.reports.api import router as reports_router  # noqa: E402
from amparo.volunteers.api import router as volunteers_router  # noqa: E402

api.add_router("/", core_router)
api.add_router("/", accounts_router)
api.add_router("/people", people_router)
api.add_router("/cases", legal_router)
api.add_router("/archive", archive_router)
api.add_router("/documents", documents_router)
# The program apps mount at the root: each router's paths carry their own prefix
# (/appointments, /housing/beds, /classes/..., /loans, /ledger, /events, /drives, /donations...);
# volunteers mount at /volunteers.
api.add_router("/", programs_router)
api.add_router("/", classes_router)
api.add_router("/", loans_router)
api.add_router("/", outreach_router)
api.add_router("/", campaigns_router)
api.add_router("/", giving_router)
api.add_router("/volunteers", volunteers_router)
api.add_router("/", portal_router)
api.add_router("/", reports_router)
