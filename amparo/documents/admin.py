"""Reference data in the admin (administrators): the checklist items of each kind of case, and
the letter templates (their text is edited on /documents/letters/, where it can be previewed)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from amparo.core.admin_site import AuditedModelAdmin

from .models import ChecklistTemplateItem, LetterTemplate


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(AuditedModelAdmin):
    list_display = ("case_kind", "order", "label_en", "label_es", "category", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("case_kind", "is_active", "category")
    search_fields = ("label_en", "label_es")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # items copied into cases keep pointing here; deactivate instead


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedModelAdmin):
    list_display = ("kind", "is_active", "edit_text")
    list_editable = ("is_active",)
    fields = ("kind", "is_active")
    readonly_fields = ("kind",)

    @admin.display(description=_("text and preview"))
    def edit_text(self, obj: LetterTemplate) -> str:
        return format_html('<a href="{}">{}</a>', reverse("documents:letter_template", args=[obj.kind]),
                           _("Edit the text, see a preview"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
