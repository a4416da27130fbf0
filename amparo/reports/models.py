"""What a funder pays for: the one link from the giving records to the work the reports count.

A grant (``giving.GrantApplication``) says who gives and for which period, not which work it
pays for. ``ProgramFunding`` records that: this grant pays for this program (a served source:
legal services, classes, loans…), in one office or in all, over the grant's period or a part of
it. The reports' funder filter counts the work so funded and nothing else (``reports.funding``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramFunding(models.Model):
    grant = models.ForeignKey("giving.GrantApplication", on_delete=models.PROTECT, related_name="program_funding",
                              verbose_name=_("grant"))
    program = models.CharField(_("program"), max_length=40,
                               help_text=_("The program the grant pays for, as the reports name it "
                                           "(legal, classes, loans, health, housing…)."))
    office = models.ForeignKey("accounts.Office", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("office"),
                               help_text=_("Empty: the program in every office."))
    starts_on = models.DateField(_("from"), null=True, blank=True, help_text=_("Empty: when the grant period starts."))
    ends_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: when the grant period ends."))

    class Meta:
        verbose_name = _("program funded by a grant")
        verbose_name_plural = _("programs funded by grants")
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__isnull=True) | models.Q(starts_on__isnull=True)
            | models.Q(ends_on__gte=models.F("starts_on")), name="reports_funding_dates")]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.program}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from amparo.core.plugins import served_sources

        keys = [source.key for source in served_sources()]
        if self.program not in keys:
            raise ValidationError({"program": _("Choose one of the programs: %(keys)s.") % {"keys": ", ".join(keys)}})
