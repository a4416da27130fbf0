"""The signatures of a petition, through the one exporter registry (and so through the gate)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amparo.core.exports import Column, Exporter, register

from .models import Signature

register(Exporter(
    name="campaigns.signatures", title=_("Signatures"),
    source=lambda user, params: Signature.objects.filter(petition_id=params.get("petition")).order_by("pk"),
    columns=[Column("id", _("Number"), lambda s: s.pk), Column("name", _("Name")), Column("phone", _("Phone")),
             Column("email", _("Email")), Column("postcode", _("Postcode")), Column("comment", _("Comment")),
             Column("may_contact", _("Agrees to be contacted")), Column("language", _("Language")),
             Column("times_signed", _("Times signed")), Column("signed", _("Signed"), lambda s: s.created_at)],
))
