"""Reference data of volunteers in the admin (administrators): the skills and languages list, and
the center's own dated hourly value of volunteer time. Both audited like all reference data."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from amparo.core.admin_site import AuditedModelAdmin

from .models import Rate, Skill


@admin.register(Skill)
class SkillAdmin(AuditedModelAdmin):
    list_display = ("label_en", "label_es", "kind", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("label_en", "label_es", "code")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # volunteers and shifts point at it; make it inactive instead


@admin.register(Rate)
class RateAdmin(AuditedModelAdmin):
    list_display = ("effective_from", "hourly", "note")
    ordering = ("-effective_from",)
