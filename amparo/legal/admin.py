"""Reference data in the admin (administrators): closing codes and LSC problem codes, audited like all
reference data."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from amparo.core.admin_site import AuditedModelAdmin

from .models import ClosingCode, ProblemCode


@admin.register(ClosingCode)
class ClosingCodeAdmin(AuditedModelAdmin):
    list_display = ("code", "label_en", "label_es", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "label_en", "label_es")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # codes used by closed cases are kept; deactivate instead


@admin.register(ProblemCode)
class ProblemCodeAdmin(AuditedModelAdmin):
    list_display = ("code", "label_en", "label_es", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "label_en", "label_es")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # codes counted in past reports are kept; deactivate instead
