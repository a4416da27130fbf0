"""Exports of giving through the one exporter registry (and so through the permission gate).
Donor facts only: no column reads the linked person's file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amparo.core.exports import Column, Exporter, register

from .models import Donation, Donor

register(Exporter(
    name="giving.donors", title=_("Donors"),
    source=lambda user, params: Donor.objects.order_by("pk"),
    columns=[Column("id", _("Number"), lambda d: d.pk), Column("name", _("Name")),
             Column("kind", _("Kind"), lambda d: d.get_kind_display()), Column("email", _("E-mail")),
             Column("language", _("Language"))],
))

register(Exporter(
    name="giving.donations", title=_("Donations"),
    source=lambda user, params: Donation.objects.select_related("donor", "campaign").order_by("pk"),
    columns=[Column("id", _("Number"), lambda d: d.pk), Column("donor", _("Donor"), lambda d: d.donor.name),
             Column("donor_id", _("Donor number"), lambda d: d.donor_id),
             Column("entry", _("Entry"), lambda d: d.get_entry_display()),
             Column("corrects", _("Corrects"), lambda d: d.corrects_id),
             Column("received_on", _("Received on")), Column("method", _("Method"), lambda d: d.get_method_display()),
             Column("amount", _("Amount"), lambda d: str(d.amount)),
             Column("goods_value", _("Value given in return"), lambda d: str(d.goods_value)),
             Column("campaign", _("Campaign"), lambda d: d.campaign.name if d.campaign else "")],
))
