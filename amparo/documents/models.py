"""Documents of a person or a case: versions of files, checklists of evidence, letter templates.

A document belongs to exactly one owner, a person or a case (a database constraint), and is as
visible as its owner (``policies.py``). Its files are versions: a new upload is a new version,
never an overwrite. Nothing is deleted: a document is withdrawn (``deleted_at``) and stays in
storage and in the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from amparo.legal.kinds import Kind

from .storage import select_storage, version_path


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity document")
    EVIDENCE = "evidence", _("Evidence")
    USCIS_NOTICE = "uscis_notice", _("USCIS notice")
    COURT = "court", _("Court document")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    FORM = "form", _("Form or application")
    DECLARATION = "declaration", _("Declaration")
    TRANSLATION = "translation", _("Translation")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    UNKNOWN = "", _("Not said")
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other language")


class DocumentQuerySet(models.QuerySet["Document"]):
    def current(self) -> DocumentQuerySet:
        """Documents that have not been withdrawn."""
        return self.filter(deleted_at__isnull=True)


class Document(models.Model):
    person = models.ForeignKey("people.Person", verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="documents")
    case = models.ForeignKey("legal.Case", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="documents")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.EVIDENCE)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language of the document"), max_length=8, choices=Language.choices,
                                blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    deleted_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, case__isnull=True) | Q(person__isnull=True, case__isnull=False)),
                name="documents_document_one_owner"),
        ]
        indexes = [
            models.Index(fields=["case", "-created_at"], name="documents_case_idx",
                         condition=Q(case__isnull=False)),
            models.Index(fields=["person", "-created_at"], name="documents_person_idx",
                         condition=Q(person__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def owner(self) -> models.Model:
        return self.case if self.case_id else self.person  # type: ignore[return-value]

    @property
    def is_withdrawn(self) -> bool:
        return self.deleted_at is not None


class DocumentVersion(models.Model):
    """One file of a document. Versions are numbered 1, 2, 3... and never overwritten."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.PROTECT,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), storage=select_storage, upload_to=version_path, max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_download_url(self) -> str:
        return reverse("documents:download", args=[self.document_id, self.number])


class ChecklistTemplateItem(models.Model):
    """Reference data: what evidence a case of each kind usually needs (bilingual, editable)."""

    case_kind = models.CharField(_("kind of case"), max_length=24, choices=Kind.choices, db_index=True)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_es = models.CharField(_("label (Spanish)"), max_length=200)
    help_en = models.CharField(_("explanation (English)"), max_length=400, blank=True)
    help_es = models.CharField(_("explanation (Spanish)"), max_length=400, blank=True)
    category = models.CharField(_("usual category"), max_length=20, choices=Category.choices,
                                default=Category.EVIDENCE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Inactive items are not added to new cases."))

    class Meta:
        verbose_name = _("checklist item (reference)")
        verbose_name_plural = _("checklist items (reference)")
        ordering = ["case_kind", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["case_kind", "label_en"], name="documents_checktpl_unique")]

    def __str__(self) -> str:
        return self.label_es if (get_language() or "en").startswith("es") else self.label_en


class ChecklistItem(models.Model):
    """One item of a case's checklist: requested, then received, then reviewed."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RECEIVED = "received", _("Received")
        REVIEWED = "reviewed", _("Reviewed")
        NOT_NEEDED = "not_needed", _("Not needed")

    case = models.ForeignKey("legal.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="checklist_items")
    template_item = models.ForeignKey(ChecklistTemplateItem, verbose_name=_("reference item"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    # The labels are copied when the item is created: editing the reference data later does not
    # rewrite what a client was asked for.
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_es = models.CharField(_("label (Spanish)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, verbose_name=_("document"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="checklist_items")
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["case", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "template_item"], name="documents_checkitem_unique",
                                    condition=Q(template_item__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.label_in(get_language())

    def label_in(self, language: str | None) -> str:
        return self.label_es if (language or "en").startswith("es") else self.label_en

    @property
    def is_missing(self) -> bool:
        return self.status == self.Status.REQUESTED


class LetterKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment letter")
    DOCUMENT_REQUEST = "document_request", _("Request for missing documents")
    ENGAGEMENT = "engagement", _("Engagement agreement")
    CLOSING = "closing", _("Closing letter")
    RECEIPT = "receipt", _("Receipt for documents received")


class LetterTemplate(models.Model):
    """A kind of letter. Its text is the latest version; with no version, the one shipped with Amparo."""

    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def current_version(self) -> LetterTemplateVersion | None:
        return self.versions.order_by("-number").first()


class LetterTemplateVersion(models.Model):
    """The body of a letter in each language (Django template text); kept forever, never edited."""

    template = models.ForeignKey(LetterTemplate, verbose_name=_("letter template"), on_delete=models.PROTECT,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body_en = models.TextField(_("body (English)"))
    body_es = models.TextField(_("body (Spanish)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("letter template version")
        verbose_name_plural = _("letter template versions")
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="documents_lettertpl_unique")]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    def body(self, language: str | None) -> str:
        return self.body_es if (language or "en").startswith("es") else self.body_en


class GeneratedLetter(models.Model):
    """Which template (and version) produced a letter document, in which language, for whom."""

    document = models.OneToOneField(Document, verbose_name=_("document"), on_delete=models.PROTECT,
                                    related_name="letter")
    template = models.ForeignKey(LetterTemplate, verbose_name=_("letter template"), on_delete=models.PROTECT,
                                 related_name="letters")
    template_version = models.ForeignKey(LetterTemplateVersion, verbose_name=_("template version"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="letters",
                                         help_text=_("Empty: the text shipped with Amparo."))
    language = models.CharField(_("language"), max_length=8)
    recipient = models.ForeignKey("people.Person", verbose_name=_("recipient"), on_delete=models.PROTECT,
                                  related_name="+")
    generated_at = models.DateTimeField(_("generated"), default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("generated by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("generated letter")
        verbose_name_plural = _("generated letters")
        ordering = ["-generated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template} ({self.language})"

from .filing.models import *  # noqa: E402,F401,F403  (form templates, filled forms, filing packets)
