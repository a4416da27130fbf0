"""Per-user language, and the two-factor requirement."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from .roles import requires_two_factor
from .services import has_confirmed_device


class UserLanguageMiddleware:
    """A signed-in user sees Amparo in the language they chose, on every device.

    So that the account and the browser never pull the sign-in pages two ways: a language
    chosen with the switcher before signing in is saved to the account at sign-in
    (``accounts.views.LoginView``), and once signed in the language cookie follows the account,
    so the sign-in page after signing out speaks the account's language too.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated and bool(user.language)
        if signed_in:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if signed_in and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != user.language \
                and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            set_language_cookie(response, user.language)
        return response


def set_language_cookie(response: Any, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE, secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )


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
