"""Reference data of the loans in the admin (administrators), audited like all reference data: the
center's loan-loss provisioning policy. A policy in force is history (close of business used it):
to change the percentages, add a policy with a later date; only a policy not yet in force can be
corrected, and none is deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from amparo.core.admin_site import AuditedModelAdmin

from .models import ProvisionPolicy


@admin.register(ProvisionPolicy)
class ProvisionPolicyAdmin(AuditedModelAdmin):
    list_display = ("effective_from", "current", "days_1_30", "days_31_60", "days_61_90", "days_over_90", "note")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
