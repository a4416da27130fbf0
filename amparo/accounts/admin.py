from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from amparo.core.admin_site import AuditedModelAdmin

from .models import APIToken, Office, User


class AdministratorOnly:
    """Administrators (the only role with the admin site) manage reference data here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: nothing is ever lost


@admin.register(Office)
class OfficeAdmin(AdministratorOnly, AuditedModelAdmin):
    list_display = ["name", "kind", "parent", "phone", "calendar_detail", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(AdministratorOnly, AuditedModelAdmin):
    list_display = ["full_name", "email", "role", "is_supervisor", "language", "is_active", "last_login"]
    list_filter = ["role", "is_supervisor", "is_active", "offices"]
    search_fields = ["full_name", "email"]
    fields = ["email", "full_name", "role", "is_supervisor", "offices", "language", "is_active", "last_login"]
    readonly_fields = ["last_login"]
    filter_horizontal = ["offices"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            obj.set_unusable_password()  # the new user sets a password through the reset link
        super().save_model(request, obj, form, change)


@admin.register(APIToken)
class APITokenAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
