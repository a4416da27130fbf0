"""Reference data of giving in the admin (administrators): funds and campaigns, audited like all
reference data. Money (donations, receipts) is never edited here: only through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from amparo.core.admin_site import AuditedModelAdmin

from .models import Campaign, Fund


@admin.register(Fund)
class FundAdmin(AuditedModelAdmin):
    list_display = ("name", "restricted", "purpose", "active")
    list_filter = ("restricted", "active")
    search_fields = ("name",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # gifts point at it; close it instead


@admin.register(Campaign)
class CampaignAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "goal", "starts", "ends")
    list_filter = ("kind",)
    search_fields = ("name",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
