"""Grants: applications to funders by stage, awards, payments received and deliverables whose
progress is counted from the work recorded in other modules (``grants.METRICS``), never typed."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["GrantApplication", "GrantPayment", "Deliverable"]


def _money(verbose: object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=14, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class GrantApplication(models.Model):
    class Stage(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        DRAFTING = "drafting", _("Drafting")
        SUBMITTED = "submitted", _("Submitted")
        AWARDED = "awarded", _("Awarded")
        DECLINED = "declined", _("Declined")

    funder = models.ForeignKey("giving.Donor", on_delete=models.PROTECT, related_name="grant_applications",
                               verbose_name=_("funder"))
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.PROSPECT)
    requested = _money(_("amount requested"), default=Decimal("0"))
    due_on = models.DateField(_("application due"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    awarded = _money(_("amount awarded"), default=Decimal("0"))
    period_start = models.DateField(_("grant period starts"), null=True, blank=True)
    period_end = models.DateField(_("grant period ends"), null=True, blank=True)
    restrictions = models.TextField(_("restrictions"), blank=True)
    fund = models.ForeignKey("giving.Fund", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("fund"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("giving:grant", args=[self.pk])


class GrantPayment(models.Model):
    grant = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="payments")
    received_on = models.DateField(_("received on"))
    amount = _money(_("amount"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.amount}"


class Deliverable(models.Model):
    grant = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="deliverables")
    description = models.CharField(_("description"), max_length=300)
    metric = models.CharField(_("counted from"), max_length=40)
    target = models.PositiveIntegerField(_("target"))
    report_due = models.DateField(_("report due"), null=True, blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    class Meta:
        ordering = ["report_due", "pk"]

    def __str__(self) -> str:
        return self.description
