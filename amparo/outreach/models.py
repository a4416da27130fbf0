"""Outreach: events and charlas with registration and check-in; registration drives."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_ticket_code() -> str:
    """A short code printed under the QR ticket and typed at the door when no camera works."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class EventSeries(models.Model):
    """A recurring event ("Conozca sus derechos" every Tuesday): its events are made from it."""

    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    class Kind(models.TextChoices):
        CHARLA = "charla", _("Legal talk (charla)")
        ORIENTATION = "orientation", _("Newcomer orientation")
        COMMUNITY = "community", _("Community event")
        MOBILIZATION = "mobilization", _("March or mobilization")

    class Language(models.TextChoices):
        SPANISH = "es", _("Spanish")
        ENGLISH = "en", _("English")
        BOTH = "es-en", _("Spanish and English")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CHARLA)
    series = models.ForeignKey(EventSeries, verbose_name=_("series"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="events")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.SPANISH)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("Leave empty for no limit."))
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    public = models.BooleanField(_("on the public calendar"), default=True)
    offer_hours = models.PositiveIntegerField(_("hours to accept a freed seat"), default=24)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Offered a freed seat")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer expired")

    class Source(models.TextChoices):
        PUBLIC = "public", _("Public page")
        STAFF = "staff", _("Staff")
        WALK_IN = "walk_in", _("Walk-in at the door")
        PAPER = "paper", _("Paper list")

    HOLDS_SEAT = (Status.REGISTERED, Status.OFFERED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    given_names = models.CharField(_("given names"), max_length=120)
    surnames = models.CharField(_("surnames"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="es")
    status = models.CharField(pgettext_lazy("registration", "status"), max_length=16, choices=Status.choices,
                              default=Status.REGISTERED)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PUBLIC)
    code = models.CharField(_("ticket code"), max_length=16, unique=True, default=new_ticket_code)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    search_text = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "status"]), models.Index(fields=["event", "search_text"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surnames}".strip()


class CheckIn(models.Model):
    """One scan at the door, under the id the phone gave it: sending it again changes nothing.

    A person checked in by two phones has two scans; the earliest counts (``counted``) and the
    registration's ``checked_in_at`` is its time.
    """

    class Result(models.TextChoices):
        COUNTED = "counted", _("Checked in")
        REPEAT = "repeat", _("Already checked in")
        REFUSED = "refused", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkins")
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="checkins")
    scanned_at = models.DateTimeField(_("scanned"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    device = models.CharField(_("device"), max_length=64, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scanned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration"], condition=models.Q(result="counted"),
                                               name="outreach_counted_once_per_registration")]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.scanned_at:%Y-%m-%d %H:%M} {self.result}"


# --- Registration drives -------------------------------------------------------------------------

class Drive(models.Model):
    """A mass registration drive ("TPS El Salvador 2026 re-registration") with its sites and days."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    program = models.CharField(_("program"), max_length=32, default="tps")
    country = models.CharField(_("country"), max_length=2, blank=True)
    # The columns of the sites' files as last confirmed on screen: header (as header_key writes
    # it) → canonical column, or "" for a column left out. Offered again for the next file.
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("registration drive")
        verbose_name_plural = _("registration drives")

    def __str__(self) -> str:
        return self.name


class DriveSite(models.Model):
    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["drive", "name"], name="outreach_site_once_per_drive")]
        verbose_name = _("drive site")
        verbose_name_plural = _("drive sites")

    def __str__(self) -> str:
        return self.name


class DriveImport(models.Model):
    """One file imported into a drive. The same file (by checksum) is one import: running it
    again resumes after the last batch committed (``rows_done``)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("import", "Finished")

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="imports")
    checksum = models.CharField(max_length=64)
    filename = models.CharField(_("file"), max_length=255)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    status = models.CharField(pgettext_lazy("import", "status"), max_length=16, choices=Status.choices,
                              default=Status.RUNNING)
    summary = models.JSONField(default=dict, blank=True)
    # The file's header → canonical column as confirmed for this file (empty: the known headers).
    columns = models.JSONField(default=dict, blank=True)
    progress = models.ForeignKey("core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["drive", "checksum"], name="outreach_import_once_per_file")]
        verbose_name = _("drive import")
        verbose_name_plural = _("drive imports")

    def __str__(self) -> str:
        return self.filename


class Registrant(models.Model):
    """A person registered in a drive (from a file row, a site form or the API)."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("New person")
        MATCHED = "matched_existing", _("Already in People")
        DUPLICATE = "duplicate_in_file", _("Repeated in the file")
        REJECTED = "rejected", _("Rejected")

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="registrants")
    source_import = models.ForeignKey(DriveImport, null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="registrants")
    row_number = models.PositiveIntegerField(_("row"), null=True, blank=True)
    site = models.ForeignKey(DriveSite, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrants")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    given_names = models.CharField(_("given names"), max_length=120, blank=True)
    first_surname = models.CharField(_("first surname"), max_length=80, blank=True)
    second_surname = models.CharField(_("second surname"), max_length=80, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    country = models.CharField(_("country of birth"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.CharField(_("email"), max_length=254, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    entry_date = models.DateField(_("entry date"), null=True, blank=True)
    flags = models.JSONField(_("missing facts"), default=list, blank=True)
    screening_status = models.CharField(_("screening result"), max_length=24, blank=True)
    screening_needs = models.JSONField(_("screening needs"), default=list, blank=True)
    registered_on = models.DateField(_("registered on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["source_import", "row_number"],
                                               name="outreach_registrant_once_per_row")]
        indexes = [models.Index(fields=["drive", "outcome"]), models.Index(fields=["drive", "registered_on"])]
        verbose_name = _("registrant")
        verbose_name_plural = _("registrants")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)
