"""The Django admin, for administrators and reference data only, behind Amparo's own sign-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amparo.accounts.roles import has_capability


class AmparoAdminSite(admin.AdminSite):
    site_header = _("Amparo reference data")
    site_title = _("Amparo")
    index_title = _("Reference data")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return has_capability(user, "admin.site") and user.is_verified()  # type: ignore[union-attr]

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One sign-in for all of Amparo: with two factors, lock-out and the audit trail.
        if request.user.is_authenticated:
            raise Http404  # signed in without the right to it: for them it does not exist
        target = request.GET.get("next", reverse("admin:index"))
        return redirect(f"{reverse('accounts:login')}?next={quote(target)}")


class AmparoAdminConfig(AdminConfig):
    default_site = "amparo.core.admin_site.AmparoAdminSite"


class AuditedModelAdmin(admin.ModelAdmin):
    """Reference data edited in the admin goes to the audit trail, with before and after."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from .audit import diff, log_action, snapshot

        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        label = obj._meta.model_name
        log_action(action=f"{label}.{'update' if change else 'create'}", actor=request.user, obj=obj,
                   changes=diff(before, snapshot(obj)))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from .audit import log_action

        super().save_related(request, form, formsets, change)
        m2m = [f.name for f in form.instance._meta.many_to_many if f.name in form.changed_data]
        if m2m:
            after = {name: sorted(str(o) for o in getattr(form.instance, name).all()) for name in m2m}
            log_action(action=f"{form.instance._meta.model_name}.update", actor=request.user, obj=form.instance,
                       changes={name: [None, value] for name, value in after.items()})
