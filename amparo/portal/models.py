"""The client portal: who may sign in, what staff shared with them, codes, messages, requests.

Portal clients are people (``people.Person``), never staff users. What a client sees is what staff
shared case by case (``PortalShare``); a restricted case (asylum, VAWA, U, T, minors) is shown only
when staff also ticked ``restricted_ok`` for that client. Sign-in codes are stored as keyed hashes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContactBy(models.TextChoices):
    ANY = "any", _("Email or text message")
    EMAIL = "email", _("Email only")
    PHONE = "phone", _("Text message only")
    IN_PERSON = "in_person", _("Do not contact: in person only")


class PortalAccess(models.Model):
    """A person's portal account: whether they may sign in, and how they may be contacted."""

    person = models.OneToOneField("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                                  related_name="portal_access")
    active = models.BooleanField(_("may sign in to the portal"), default=True)
    contact_by = models.CharField(_("do not contact except by"), max_length=10, choices=ContactBy.choices,
                                  default=ContactBy.ANY)
    locked_until = models.DateTimeField(_("sign-in locked until"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong codes in a row"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("portal access")
        verbose_name_plural = _("portal accesses")

    def __str__(self) -> str:
        return f"portal:{self.person_id}"

    def allows(self, channel: str) -> bool:
        if self.contact_by == ContactBy.ANY:
            return channel in (ContactBy.EMAIL, ContactBy.PHONE)
        return self.contact_by == channel


class PortalShare(models.Model):
    """What of one case its client sees in the portal (every switch off until staff turns it on)."""

    case = models.OneToOneField("legal.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="portal_share")
    enabled = models.BooleanField(_("shared in the portal"), default=False)
    restricted_ok = models.BooleanField(
        _("share although the case is confidential"), default=False,
        help_text=_("Confidential cases are never shown unless this is ticked for this client."))
    hearings = models.BooleanField(_("hearings and appointments"), default=True)
    stage = models.BooleanField(_("where the case stands"), default=True)
    documents = models.BooleanField(_("documents requested"), default=True)
    letters = models.BooleanField(_("letters and receipts"), default=True)
    messages = models.BooleanField(_("messages"), default=True)
    bring = models.CharField(_("what to bring to appointments"), max_length=300, blank=True,
                             help_text=_("Shown to the client under each appointment; empty: a general reminder."))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("portal sharing")
        verbose_name_plural = _("portal sharing")

    def __str__(self) -> str:
        return f"share:{self.case_id}"


class SignInCode(models.Model):
    """One one-time code: only its keyed hash is kept; it expires, counts wrong tries, is used once."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="portal_codes")
    channel = models.CharField(max_length=10)  # email, phone, in_person
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [models.Index(fields=["person", "created_at"], name="portal_code_person_idx")]

    def __str__(self) -> str:
        return f"code:{self.person_id}"


class SignInRequest(models.Model):
    """A request for a code (known address or not), for the per-address and per-person limits."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    destination_hash = models.CharField(max_length=64, blank=True)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ip", "at"], name="portal_req_ip_idx"),
                   models.Index(fields=["destination_hash", "at"], name="portal_req_dest_idx")]

    def __str__(self) -> str:
        return f"request:{self.at:%Y-%m-%d %H:%M}"


class PortalMessage(models.Model):
    class Direction(models.TextChoices):
        FROM_CLIENT = "in", _("From the client")
        TO_CLIENT = "out", _("To the client")

    case = models.ForeignKey("legal.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="portal_messages")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="portal_messages")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    body = models.TextField(_("message"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("portal message")
        verbose_name_plural = _("portal messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="portal_msg_case_idx")]

    def __str__(self) -> str:
        return f"message:{self.pk}"


class DocumentRequest(models.Model):
    """A document staff asked the client for; fulfilled by an upload that lands on the checklist."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("document request", "Waiting")
        FULFILLED = "fulfilled", pgettext_lazy("document request", "Sent")
        CANCELLED = "cancelled", pgettext_lazy("document request", "Cancelled")

    case = models.ForeignKey("legal.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="portal_requests")
    label_es = models.CharField(_("what is asked (Spanish)"), max_length=200)
    label_en = models.CharField(_("what is asked (English)"), max_length=200, blank=True)
    checklist_item = models.ForeignKey("documents.ChecklistItem", verbose_name=_("checklist item"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return self.label_es

    def label_in(self, language: str | None) -> str:
        if (language or "es").startswith("en") and self.label_en:
            return self.label_en
        return self.label_es
