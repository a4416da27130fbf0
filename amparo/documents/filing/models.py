"""Form templates (fillable PDFs, versioned), their field mappings, filled forms and filing packets.

A form template is one form (an I-589, an I-821D...); each upload of it is a new version, kept
forever, with the fields ``inspect_form`` found in it and the administrator's mapping of each
field to case data. A filled form and a packet are Documents of a case (so they are exactly as
visible as the case); the records here say which template version and which documents made them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import select_storage, version_path


class FormTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    form_number = models.CharField(_("form number"), max_length=40, unique=True,
                                   help_text=_("As printed on the form, e.g. I-589 or I-821D."))
    is_active = models.BooleanField(_("offered for filling"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")
        ordering = ["form_number"]

    def __str__(self) -> str:
        return f"{self.form_number} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("documents:filing:template", args=[self.pk])

    @property
    def current_version(self) -> FormTemplateVersion | None:
        return self.versions.order_by("-number").first()


class FormTemplateVersion(models.Model):
    """One upload of a form: the PDF, its edition date and the fields found in it. Never edited."""

    template = models.ForeignKey(FormTemplate, verbose_name=_("form template"), on_delete=models.PROTECT,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    edition_date = models.DateField(_("edition date"), help_text=_("The edition printed at the foot of the form."))
    file = models.FileField(_("file"), storage=select_storage, upload_to=version_path, max_length=300)
    kind = "pdf"  # for version_path
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    fields = models.JSONField(_("fields"), default=list, help_text=_("The fields of the PDF, as inspected."))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("form template version")
        verbose_name_plural = _("form template versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="filing_formversion_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="filing_formversion_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.template.form_number} v{self.number} ({self.edition_date:%m/%d/%Y})"

    def field(self, name: str) -> dict | None:
        return next((f for f in self.fields if f["name"] == name), None)


class FieldMapping(models.Model):
    """Which case data goes into one field of a form version, through which transform."""

    version = models.ForeignKey(FormTemplateVersion, verbose_name=_("form template version"),
                                on_delete=models.CASCADE, related_name="mappings")
    field_name = models.CharField(_("field"), max_length=300)
    source = models.CharField(_("case data"), max_length=60)
    transform = models.CharField(_("transform"), max_length=30, blank=True)
    constant = models.CharField(_("fixed value"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("field mapping")
        verbose_name_plural = _("field mappings")
        ordering = ["version", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "field_name"], name="filing_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.field_name} ← {self.source}"


class FilledForm(models.Model):
    """A form filled for a case: the Document holding the PDF and the template version used."""

    document = models.OneToOneField("documents.Document", verbose_name=_("document"), on_delete=models.PROTECT,
                                    related_name="filled_form")
    case = models.ForeignKey("legal.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="filled_forms")
    template_version = models.ForeignKey(FormTemplateVersion, verbose_name=_("form template version"),
                                         on_delete=models.PROTECT, related_name="filled")
    flattened = models.BooleanField(_("flattened"), default=False)
    filled_at = models.DateTimeField(_("filled"), default=timezone.now)
    filled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filled by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("filled form")
        verbose_name_plural = _("filled forms")
        ordering = ["-filled_at", "-id"]

    def __str__(self) -> str:
        return str(self.template_version)


class FilingPacket(models.Model):
    """A packet asked for on a case: what goes in it, in which order, and the Document it became."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    case = models.ForeignKey("legal.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="filing_packets")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language of the packet"), max_length=8,
                                choices=[("en", _("English")), ("es", _("Spanish"))], default="en")
    # [{"role": "cover"|"form"|"exhibit", "document": id, "version": id, "title": "..."}] in order.
    items = models.JSONField(_("contents"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(_("problem"), blank=True)
    progress = models.ForeignKey("core.TaskProgress", verbose_name=_("progress"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    document = models.OneToOneField("documents.Document", verbose_name=_("document"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="filing_packet")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("filing packet")
        verbose_name_plural = _("filing packets")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:filing:packet", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


__all__ = ["FieldMapping", "FilingPacket", "FilledForm", "FormTemplate", "FormTemplateVersion"]
