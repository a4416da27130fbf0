"""Which programs each grant pays for (``ProgramFunding``), entered by administrators and
audited like all reference data: the reports' funder filter reads it."""

from django.contrib import admin

from amparo.core.admin_site import AuditedModelAdmin

from .models import ProgramFunding


@admin.register(ProgramFunding)
class ProgramFundingAdmin(AuditedModelAdmin):
    list_display = ("grant", "program", "office", "starts_on", "ends_on")
    list_filter = ("program",)
    autocomplete_fields = ()
