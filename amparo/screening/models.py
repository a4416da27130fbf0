"""Saved screenings, and the dated rules administrators add on top of the packaged rule data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleOverride(models.Model):
    """A dated rule recorded in the application (e.g. a new TPS notice), with its citation.

    It is layered over the packaged data (amparo/rules/data) from its effective date, exactly
    like a packaged record. Never deleted: a mistaken one is withdrawn, and the trail stays.
    """

    record_id = models.CharField(_("rule id"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=50)
    record = models.JSONField(_("rule"))
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    verified = models.BooleanField(_("verified"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True, verbose_name=_("withdrawn by"))
    withdrawn_reason = models.CharField(_("why withdrawn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("dated rule")
        verbose_name_plural = _("dated rules")
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"{self.record_id} ({self.kind}, {self.effective_from})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class Screening(models.Model):
    """One screening: the facts used, the date screened on, the rules version, the results.

    Results are stored as they were shown, in English and Spanish, so a saved screening reads
    the same later even after the rules change; ``outcome`` (program → status) is what is
    compared when rules change.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="screenings", verbose_name=_("person"))
    label = models.CharField(_("who"), max_length=200, blank=True,
                             help_text=_("For a screening not linked to a person: a first name or initials."))
    on = models.DateField(_("screened on"))
    facts = models.JSONField(_("facts"))
    rules_version = models.CharField(_("rules version"), max_length=64)
    outcome = models.JSONField(_("outcome"))
    results_en = models.JSONField()
    results_es = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("screened by"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.on})"

    @property
    def subject(self) -> str:
        return str(self.person) if self.person_id else (self.label or _("Anonymous screening"))

    def results(self, language: str) -> list[dict[str, object]]:
        return self.results_es if language == "es" else self.results_en
