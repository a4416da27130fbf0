"""The people export (through the one exporter registry in core)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from amparo.core.exports import Column, Exporter, register

from .models import Person


def _people(user: Any, params: dict[str, Any]) -> Any:
    return Person.objects.current().prefetch_related("contacts").order_by("pk")


PEOPLE = register(Exporter(
    name="people", title=_("People"), source=_people, chunk=2000,
    columns=[
        Column("id", _("Number"), lambda p: p.pk),
        Column("given_names", _("Given names")),
        Column("first_surname", _("First surname")),
        Column("second_surname", _("Second surname")),
        Column("preferred_name", _("Preferred name")),
        Column("birth_date", _("Birth date"), lambda p: p.birth.edtf() if p.birth else ""),
        Column("country_of_birth", _("Country of birth")),
        Column("preferred_language", _("Language for letters and messages")),
        Column("phones", _("Phones"), lambda p: " ".join(c.value for c in p.contacts.all() if c.kind == "phone")),
        Column("created_at", _("Created")),
    ],
))
