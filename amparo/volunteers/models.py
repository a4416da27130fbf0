"""Volunteers, their skills and availability, shifts at outreach events and drives, sign-ups,
hours and the center's dated hourly value of volunteer time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# A background check that runs out within this many days is "expiring" on the pages and filters.
EXPIRING_DAYS = 30


def program_choices() -> list[tuple[str, str]]:
    """The programs hours can be given to: every program that serves people (the reports' own
    list of programs, ``core.plugins.served_sources``), and the center's general work."""
    from amparo.core.plugins import served_sources

    return [*((s.key, s.label) for s in served_sources()), ("general", _("The center in general"))]


class Skill(models.Model):
    """Reference data the staff extend in the admin: languages spoken and other skills."""

    class Kind(models.TextChoices):
        LANGUAGE = "language", _("Language spoken")
        SKILL = "skill", _("Skill")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SKILL)
    label_en = models.CharField(_("label (English)"), max_length=100)
    label_es = models.CharField(_("label (Spanish)"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "label_en"]
        verbose_name = _("volunteer skill")
        verbose_name_plural = _("volunteer skills")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_es if (get_language() or "en").startswith("es") else self.label_en


class Volunteer(models.Model):
    """A volunteer of the center: someone in People, a user with an account, or both."""

    class Check(models.TextChoices):
        NONE = "none", _("Not started")
        PENDING = "pending", _("In progress")
        CLEARED = "cleared", _("Cleared")
        NOT_CLEARED = "not_cleared", _("Not cleared")

    name = models.CharField(_("name"), max_length=200)
    person = models.ForeignKey("people.Person", verbose_name=_("person in People"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="volunteer_profile")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office = models.ForeignKey("accounts.Office", verbose_name=_("office"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    skills = models.ManyToManyField(Skill, verbose_name=_("skills and languages"), blank=True,
                                    related_name="volunteers")
    check_status = models.CharField(_("background check"), max_length=12, choices=Check.choices,
                                    default=Check.NONE)
    check_done_on = models.DateField(_("background check done on"), null=True, blank=True)
    check_expires_on = models.DateField(_("background check expires on"), null=True, blank=True)
    emergency_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_phone = models.CharField(_("emergency contact's phone"), max_length=40, blank=True)
    emergency_relation = models.CharField(_("relationship"), max_length=80, blank=True)
    started_on = models.DateField(_("volunteering since"))
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.CharField(max_length=300, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=Q(check_expires_on__isnull=True) | Q(check_done_on__isnull=True)
                | Q(check_expires_on__gte=models.F("check_done_on")),
                name="volunteers_check_expires_after_done",
                violation_error_message=_("The background check cannot expire before it was done.")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers:detail", args=[self.pk])

    def check_state(self, today: dt.date) -> str:
        """``ok``, ``expiring`` (within EXPIRING_DAYS), ``expired`` or ``missing`` on ``today``."""
        if self.check_status != self.Check.CLEARED or self.check_expires_on is None:
            return "missing"
        if self.check_expires_on < today:
            return "expired"
        if self.check_expires_on <= today + dt.timedelta(days=EXPIRING_DAYS):
            return "expiring"
        return "ok"


class Availability(models.Model):
    """When a volunteer can usually come: a weekday and hours (one row per weekday)."""

    class Day(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Day.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "weekday"], name="volunteers_one_availability_a_day"),
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="volunteers_availability_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Shift(models.Model):
    """Work for volunteers at an outreach event or a registration drive (one of its sites)."""

    event = models.ForeignKey("outreach.Event", verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    drive = models.ForeignKey("outreach.Drive", verbose_name=_("registration drive"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("outreach.DriveSite", verbose_name=_("drive site"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    role = models.CharField(pgettext_lazy("volunteer shift", "role"), max_length=120,
                            help_text=_("What the volunteers do, e.g. “Check-in at the door” or “Interpreter”."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    slots = models.PositiveIntegerField(_("volunteers needed"), validators=[MinValueValidator(1)])
    skills = models.ManyToManyField(Skill, verbose_name=_("skills needed"), blank=True, related_name="+")
    program = models.CharField(_("program"), max_length=32, choices=program_choices, default="general")
    office = models.ForeignKey("accounts.Office", verbose_name=_("office"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("volunteer shift")
        verbose_name_plural = _("volunteer shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=True, drive__isnull=False)
                | Q(event__isnull=False, drive__isnull=True, site__isnull=True),
                name="volunteers_shift_event_or_drive",
                violation_error_message=_("A shift belongs to one event or one registration drive.")),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="volunteers_shift_ends_after",
                                   violation_error_message=_("The shift must end after it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.where}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers:shift", args=[self.pk])

    @property
    def where(self) -> str:
        if self.event_id:
            return str(self.event)
        return f"{self.drive} · {self.site}" if self.site_id else str(self.drive)

    @property
    def duration_hours(self) -> Decimal:
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.01"))


class Signup(models.Model):
    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        CANCELLED = "cancelled", pgettext_lazy("volunteer sign-up", "Cancelled")

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="signups")
    status = models.CharField(pgettext_lazy("volunteer sign-up", "status"), max_length=12, choices=Status.choices,
                              default=Status.SIGNED_UP)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        constraints = [models.UniqueConstraint(fields=["shift", "volunteer"], condition=Q(status="signed_up"),
                                               name="volunteers_signed_up_once_per_shift")]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.shift}"


class Rate(models.Model):
    """The center's own hourly value of volunteer time, from a date. Not an official figure: the
    center decides it (and says where it comes from in the note)."""

    effective_from = models.DateField(_("in force from"), unique=True)
    hourly = models.DecimalField(_("value of one hour"), max_digits=8, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))],
                                 help_text=_("The center's own figure, in dollars. Amparo ships none."))
    note = models.CharField(_("where the figure comes from"), max_length=300, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("center's hourly value of volunteer time")
        verbose_name_plural = _("center's hourly values of volunteer time")

    def __str__(self) -> str:
        return f"{self.hourly} ({self.effective_from:%Y-%m-%d})"


class HoursEntry(models.Model):
    """Hours a volunteer gave on one day, for a shift or not. Approved entries never change: a
    mistake is corrected by a new entry (``corrects``) with the difference, approved in turn."""

    class Activity(models.TextChoices):
        INTERPRETING = "interpreting", _("Interpreting and translation")
        WELCOME = "welcome", _("Check-in and welcome")
        REGISTRATION = "registration", _("Registration and data entry")
        CLINIC = "clinic", _("Legal clinic support")
        TEACHING = "teaching", _("Teaching and tutoring")
        DRIVING = "driving", _("Driving")
        OFFICE = "office", _("Office support")
        EVENTS = "events", _("Event set-up and support")
        OTHER = "other", pgettext_lazy("volunteer activity", "Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("volunteer hours", "Approved")
        REJECTED = "rejected", pgettext_lazy("volunteer hours", "Not approved")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="hours")
    shift = models.ForeignKey(Shift, verbose_name=_("shift"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="hours")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=16, choices=Activity.choices)
    program = models.CharField(_("program"), max_length=32, choices=program_choices)
    grant = models.ForeignKey("giving.GrantApplication", verbose_name=_("grant"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("accounts.Office", verbose_name=_("office"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    corrects = models.ForeignKey("self", verbose_name=_("corrects"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="corrections")
    status = models.CharField(pgettext_lazy("volunteer hours", "status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(_("logged"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        indexes = [models.Index(fields=["status", "date"]), models.Index(fields=["date", "program"])]
        constraints = [
            # Up to a day's hours; below zero only for a correction of approved hours.
            models.CheckConstraint(condition=Q(hours__lte=24) & ~Q(hours=0)
                                   & (Q(hours__gt=0) | Q(corrects__isnull=False)),
                                   name="volunteers_hours_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.date:%Y-%m-%d} · {self.hours}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Approved hours are final: the service corrects them with a new entry. This refuses a
        # change that bypassed the service (a shell, a script).
        if self.pk is not None:
            stored = HoursEntry.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.APPROVED:
                raise ValidationError(_("Approved hours cannot be changed; record a correction instead."))
        super().save(*args, **kwargs)  # type: ignore[arg-type]
