"""Per-user language, and the two-factor requirement."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from .roles import requires_two_factor
from .services import has_confirmed_device


class UserLanguageMiddleware:
    """A signed-in user sees Amparo in the language they chose, on every device."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Until the second factor is given, a signed-in user reaches only the sign-in steps.

    Applies to every role in ``AMPARO_TWO_FACTOR_ROLES`` and to anyone who has set up an
    authenticator. The API applies the same rule in its own authentication (amparo.api).
    """

    OPEN_PREFIXES = ("/static/", "/accounts/two-factor/", "/accounts/logout/", "/language/", "/api/")

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.OPEN_PREFIXES)
        ):
            enrolled = has_confirmed_device(user)
            if enrolled or requires_two_factor(user):
                target = "accounts:verify" if enrolled else "accounts:setup_2fa"
                return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)
