"""Exports of the programs (through the one exporter registry in core): visit notes for the
clinicians of their program, stays for housing staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.core.exports import Column, Exporter, register


def _notes(user: Any, params: dict[str, Any]) -> Any:
    from amparo.core.permissions import EXPORT, restrict

    from .models import VisitNote
    from .services import record_shared_reads

    qs = VisitNote.objects.select_related("person", "author").order_by("pk")
    if params.get("person"):
        qs = qs.filter(person=params["person"])
    # Notes exported under a client's consent (not as a clinician of their program) are audited.
    record_shared_reads(user=user, notes=restrict(qs, user, EXPORT).iterator(), channel="export")
    return qs


def _stays(user: Any, params: dict[str, Any]) -> Any:
    from .models import Stay

    return Stay.objects.select_related("person", "bed__room__site").order_by("pk")


NOTES = register(Exporter(
    name="programs.visit_notes", title=_("Visit notes"), source=_notes,
    columns=[
        Column("date", _("Date"), lambda n: n.created_at.date().isoformat()),
        Column("client", _("Client"), lambda n: n.person.full_name),
        Column("program", _("Program"), lambda n: n.get_program_display()),
        Column("author", _("Written by"), lambda n: n.author.full_name),
        Column("note", _("Note"), lambda n: n.text),
    ],
))

STAYS = register(Exporter(
    name="programs.stays", title=_("Shelter stays"), source=_stays,
    columns=[
        Column("client", _("Client"), lambda s: s.person.full_name),
        Column("bed", _("Bed"), lambda s: f"{s.bed.room} {s.bed.label}"),
        Column("entry", pgettext_lazy("housing stay", "Entry"), lambda s: s.entry_date.isoformat()),
        Column("exit", _("Exit"), lambda s: s.exit_date.isoformat() if s.exit_date else ""),
        Column("destination", _("Destination"), lambda s: s.get_destination_display()),
    ],
))
