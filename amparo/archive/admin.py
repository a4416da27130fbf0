"""Reference data in the Django admin (administrators): vocabularies and places.

Archivists extend the vocabularies from the archive's own Vocabularies page.
"""

from django.contrib import admin

from .models import ActType, Place, SourceType


@admin.register(ActType, SourceType)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_es", "active")
    search_fields = ("code", "name_en", "name_es")
    list_filter = ("active",)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    raw_id_fields = ("parent",)
