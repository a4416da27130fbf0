from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from amparo.core.i18n import normalize
from amparo.core.models import AuditEntry
from amparo.core.permissions import get_visible_or_404, restrict

from . import services
from .forms import CodeForm, LanguageForm, LoginForm, PasswordResetForm, TokenForm
from .models import APIToken
from .roles import requires_two_factor


def _safe_next(request: HttpRequest, fallback: str = "core:dashboard") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse(fallback)


CHOSEN_LANGUAGE = "amparo_language_chosen"  # cookie: the switcher was used before signing in


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if self.request.COOKIES.get(CHOSEN_LANGUAGE) and chosen and normalize(chosen) != user.language:  # type: ignore[union-attr]
            # The language picked on the sign-in page is the latest choice: it becomes the account's.
            services.set_language(user=user, language=chosen)  # type: ignore[arg-type]
        response.delete_cookie(CHOSEN_LANGUAGE)
        return response


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        from amparo.core.audit import log_action

        response = super().form_valid(form)
        log_action(action="password.change", actor=self.request.user, obj=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """A reset link by email; the page says the same whether or not the address exists."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        from amparo.core.audit import log_action

        response = super().form_valid(form)
        log_action(action="password.reset", actor=form.user, obj=form.user)
        messages.success(self.request, _("Your password has been set. You can sign in now."))
        return response


def verify(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: a code from the authenticator app or a backup code."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_safe_next(request))
    if not services.has_confirmed_device(user):  # type: ignore[arg-type]
        return redirect(f"{reverse('accounts:setup_2fa')}?next={_safe_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(user=user, token=form.cleaned_data["code"])  # type: ignore[arg-type]
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        wait = services.second_factor_wait(user)  # type: ignore[arg-type]
        if wait:
            form.add_error("code", _("Too many wrong codes. Wait %(seconds)s seconds, then enter the newest code.")
                           % {"seconds": wait})
        else:
            form.add_error("code", _("That code is not right, or it has already been used. Try the newest code."))
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


def setup_two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (required for roles that can open restricted records)."""
    user = request.user
    if services.has_confirmed_device(user) and not user.is_verified():  # type: ignore[union-attr, arg-type]
        # Replacing an authenticator needs the current one first.
        return redirect(f"{reverse('accounts:verify')}?next={reverse('accounts:setup_2fa')}")
    device = services.pending_totp_device(user=user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_device(user=user, device=device, token=form.cleaned_data["code"])  # type: ignore[arg-type]
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _safe_next(request)})
        wait = services.second_factor_wait(user, device)  # type: ignore[arg-type]
        if wait:
            form.add_error("code", _("Too many wrong codes. Wait %(seconds)s seconds, then enter the newest code.")
                           % {"seconds": wait})
        else:
            form.add_error("code", _("That code is not right. Check the time on your phone and try the newest code."))
    qr = segno.make(device.config_url, error="m")
    key = device.bin_key
    import base64

    secret = base64.b32encode(key).decode().rstrip("=")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, dark="#111", light="#fff", title=_("Authenticator QR code")),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "required": requires_two_factor(user),
        "next": _safe_next(request),
    }
    return render(request, "accounts/setup_2fa.html", context)


@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    codes = services.regenerate_backup_codes(user=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:account")})


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    language_form = LanguageForm(instance=user)  # type: ignore[misc]
    context = {
        "language_form": language_form,
        "token_form": TokenForm(),
        "tokens": restrict(APIToken.objects.all(), user, "view").filter(revoked_at__isnull=True),
        "enrolled": services.has_confirmed_device(user),  # type: ignore[arg-type]
        "backup_codes_left": services.backup_codes_left(user),  # type: ignore[arg-type]
        "two_factor_required": requires_two_factor(user),
        "signins": AuditEntry.objects.filter(
            object_type="accounts.user", object_id=str(user.pk), action="login"
        )[:5],
        "failed_signins": AuditEntry.objects.filter(action="login.failed", object_label__iexact=user.email)[:5],  # type: ignore[union-attr]
    }
    return render(request, "accounts/account.html", context)


@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name so you can recognize it later."))
        return redirect("accounts:account")
    token, raw = services.create_api_token(
        user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]  # type: ignore[arg-type]
    )
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@require_http_methods(["GET", "POST"])
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: "Revoke this token?" (a page, so it works without JavaScript); POST: revoke it."""
    token = get_visible_or_404(request.user, APIToken.objects, action="change", pk=pk)
    if request.method == "GET":
        return render(request, "confirm.html", {
            "title": _("Revoke a token"), "question": _("Revoke the token “%(name)s”?") % {"name": token.name},
            "details": [_("Starts with %(prefix)s…") % {"prefix": token.prefix}],
            "action": request.path, "confirm": _("Yes, revoke the token"), "back": reverse("accounts:account"),
            "undo": _("Programs using it stop working at once. A revoked token cannot be brought back "
                      "(anyone who copied it could use it again): create a new one if you need one.")})
    services.revoke_api_token(token=token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:account")


@login_not_required
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: remembered on the account and in a cookie for the sign-in page."""
    from .middleware import set_language_cookie

    language = normalize(request.POST.get("language"))
    if request.user.is_authenticated:
        services.set_language(user=request.user, language=language)  # type: ignore[arg-type]
    response: HttpResponse = HttpResponseRedirect(_safe_next(request))
    set_language_cookie(response, language)
    if not request.user.is_authenticated:  # saved to the account at sign-in
        response.set_cookie(CHOSEN_LANGUAGE, "1", max_age=60 * 60 * 24, httponly=True,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False))
    return response


@login_not_required
def locked_out(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
