"""Clinic and mental health, transitional housing, basic needs and disaster relief.

Every program record points at one ``people.Person``: a client appears once in People and each
program links to her. The clinic's records (appointments) are seen by clinic staff; its clinical
records (visit notes, assessments, alerts) only by the clinicians of the program they belong to.
Housing records by housing staff. Money (emergency assistance) is Decimal to the cent and is
never edited: a mistake is put right by a correcting entry.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.people.models import Household, Person

USER = settings.AUTH_USER_MODEL


class Program(models.TextChoices):
    CLINIC = "clinic", _("Primary care clinic")
    MENTAL_HEALTH = "mental_health", _("Mental health counselling")


# --- Clinic and mental health ---------------------------------------------------------------------

class Service(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    program = models.CharField(_("program"), max_length=20, choices=Program.choices)
    minutes = models.PositiveSmallIntegerField(_("usual length in minutes"), default=50)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """A staff or volunteer clinician: a user with a licence, languages and programs."""

    user = models.OneToOneField(USER, on_delete=models.PROTECT, related_name="provider", verbose_name=_("user"))
    licence = models.CharField(_("licence"), max_length=120, blank=True,
                               help_text=_("Kind and number, e.g. LCSW 12345"))
    languages = models.CharField(_("languages"), max_length=120, blank=True, help_text=_("Comma-separated"))
    programs = models.JSONField(_("programs"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.user.full_name


class Room(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return self.name


class Availability(models.Model):
    """A provider's weekly hours (weekday 0 = Monday)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("weekly hours")
        verbose_name_plural = _("weekly hours")
        constraints = [models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="programs_hours_order"),
                       models.CheckConstraint(condition=Q(weekday__lte=6), name="programs_hours_weekday")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.weekday} {self.starts}-{self.ends}"


class AvailabilityException(models.Model):
    """Days a provider does not work (holiday, leave)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="exceptions")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="programs_off_order")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.starts_on}-{self.ends_on}"


class AppointmentSeries(models.Model):
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appointment series")
        verbose_name_plural = _("appointment series")

    def __str__(self) -> str:
        return f"#{self.pk} x{self.weeks}"


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", pgettext_lazy("appointment status", "Booked")
        CONFIRMED = "confirmed", pgettext_lazy("appointment status", "Confirmed")
        ARRIVED = "arrived", pgettext_lazy("appointment status", "Arrived")
        SEEN = "seen", pgettext_lazy("appointment status", "Seen")
        NO_SHOW = "no_show", pgettext_lazy("appointment status", "Did not come")
        CANCELLED_CLIENT = "cancelled_client", pgettext_lazy("appointment status", "Cancelled by the client")
        CANCELLED_CENTER = "cancelled_center", pgettext_lazy("appointment status", "Cancelled by the center")

    # Statuses that hold the provider, the room and the client.
    ACTIVE = (Status.BOOKED, Status.CONFIRMED, Status.ARRIVED, Status.SEEN)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("client"))
    provider = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="appointments",
                                 verbose_name=_("provider"))
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments",
                             verbose_name=_("room"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments",
                                verbose_name=_("service"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    series = models.ForeignKey(AppointmentSeries, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="appointments")
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    booked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["provider", "starts_at"], name="programs_appt_provider"),
                   models.Index(fields=["room", "starts_at"], name="programs_appt_room"),
                   models.Index(fields=["person", "starts_at"], name="programs_appt_person"),
                   models.Index(fields=["starts_at"], name="programs_appt_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="programs_appt_order")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} #{self.pk}"

    @property
    def program(self) -> str:
        return self.service.program


class VisitNote(models.Model):
    """A clinician's note: seen only by clinicians of its program."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visit_notes")
    program = models.CharField(_("program"), max_length=20, choices=Program.choices)
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("visit note")
        verbose_name_plural = _("visit notes")
        indexes = [models.Index(fields=["person", "program"], name="programs_note_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d}"


class Assessment(models.Model):
    class Instrument(models.TextChoices):
        PHQ9 = "phq9", _("PHQ-9 (depression)")
        GAD7 = "gad7", _("GAD-7 (anxiety)")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments")
    program = models.CharField(_("program"), max_length=20, choices=Program.choices)
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices)
    answers = models.JSONField(_("answers"))
    score = models.PositiveSmallIntegerField(_("score"))
    band = models.CharField(_("severity"), max_length=30)
    self_harm = models.BooleanField(_("thoughts of self-harm"), default=False)
    taken_on = models.DateField(_("date"))
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="assessments")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["person", "instrument", "taken_on"], name="programs_assess_person")]

    def __str__(self) -> str:
        return f"{self.instrument} {self.score}"


class ClinicalAlert(models.Model):
    """Raised for a clinician (an answer above 0 to PHQ-9 item 9); open until acknowledged."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="alerts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    program = models.CharField(max_length=20, choices=Program.choices)
    clinician = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="clinical_alerts")
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("clinical alert")
        verbose_name_plural = _("clinical alerts")

    def __str__(self) -> str:
        return f"alert {self.pk}"


# --- Referrals ------------------------------------------------------------------------------------

class Destination(models.TextChoices):
    CLINIC = "clinic", _("Primary care clinic")
    MENTAL_HEALTH = "mental_health", _("Mental health counselling")
    HOUSING = "housing", _("Transitional housing")
    LEGAL = "legal", _("Legal program")
    BASIC_NEEDS = "basic_needs", _("Basic needs")
    PARTNER = "partner", _("Partner organization")


class Referral(models.Model):
    """A referral stays open until the receiver confirms it arrived and whether the client was seen."""

    class Direction(models.TextChoices):
        OUT = "out", pgettext_lazy("referral direction", "Sent")
        IN = "in", pgettext_lazy("referral direction", "Received from outside")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("referral status", "Waiting for the receiver")
        RECEIVED = "received", pgettext_lazy("referral status", "Received")
        CLOSED = "closed", pgettext_lazy("referral status", "Closed")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("client"))
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices, default=Direction.OUT)
    from_program = models.CharField(_("from"), max_length=20, choices=Destination.choices)
    to_program = models.CharField(_("to"), max_length=20, choices=Destination.choices)
    partner = models.CharField(_("partner organization"), max_length=150, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    sent_on = models.DateField(_("sent on"))
    due_by = models.DateField(_("answer expected by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    received_at = models.DateTimeField(null=True, blank=True)
    seen = models.BooleanField(_("client seen"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["status", "due_by"], name="programs_referral_due")]

    def __str__(self) -> str:
        return f"referral {self.pk}"


# --- Transitional housing -------------------------------------------------------------------------

class Site(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    address = models.CharField(_("address"), max_length=250, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class HousingRoom(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("housing room")
        verbose_name_plural = _("housing rooms")
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="programs_hroom_unique")]

    def __str__(self) -> str:
        return f"{self.site} · {self.name}"


class Bed(models.Model):
    """A bed, in the inventory from ``available_from`` until ``available_until`` (None: still)."""

    room = models.ForeignKey(HousingRoom, on_delete=models.PROTECT, related_name="beds")
    label = models.CharField(_("bed"), max_length=40)
    accessible = models.BooleanField(_("accessible"), default=False)
    crib = models.BooleanField(_("crib"), default=False)
    family_room = models.BooleanField(_("family room"), default=False)
    available_from = models.DateField(_("in use from"))
    available_until = models.DateField(_("in use until"), null=True, blank=True)

    class Meta:
        ordering = ["room__site__name", "room__name", "label"]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")

    def __str__(self) -> str:
        return f"{self.room.name} {self.label}"


class Stay(models.Model):
    """One person's enrolment in transitional housing (a household's members share ``household``)."""

    class Relationship(models.TextChoices):
        HEAD = "1", _("Head of household")
        CHILD = "2", _("Child")
        SPOUSE = "3", _("Spouse or partner")
        OTHER_RELATIVE = "4", _("Other relative")
        OTHER = "5", _("Other member")

    class ExitDestination(models.TextChoices):
        # HMIS FY2026 Destination codes (a selection)
        RENTAL = "435", _("Rental by client, with or without subsidy")
        FAMILY = "422", _("Staying with family, temporary")
        FRIENDS = "423", _("Staying with friends, temporary")
        SHELTER = "101", _("Emergency shelter")
        STREET = "116", _("Place not meant for habitation")
        OTHER = "17", _("Other")
        UNKNOWN = "99", _("Data not collected")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="stays", verbose_name=_("client"))
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT, related_name="stays")
    relationship = models.CharField(_("relationship to head"), max_length=2, choices=Relationship.choices,
                                    default=Relationship.HEAD)
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="stays", verbose_name=_("bed"))
    entry_date = models.DateField(pgettext_lazy("housing stay", "entry"))
    move_in_date = models.DateField(_("move-in"), null=True, blank=True)
    expected_exit = models.DateField(_("expected exit"), null=True, blank=True)
    exit_date = models.DateField(_("exit"), null=True, blank=True)
    destination = models.CharField(_("destination"), max_length=4, choices=ExitDestination.choices, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entry_date", "-pk"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        indexes = [models.Index(fields=["bed", "exit_date"], name="programs_stay_bed"),
                   models.Index(fields=["exit_date", "entry_date"], name="programs_stay_dates"),
                   models.Index(fields=["expected_exit"], name="programs_stay_expected")]
        constraints = [models.CheckConstraint(condition=Q(exit_date__isnull=True) | Q(exit_date__gte=F("entry_date")),
                                              name="programs_stay_order")]

    def __str__(self) -> str:
        return f"stay {self.pk}"


class NightCount(models.Model):
    """The night-by-night occupancy record, written each morning for the night before."""

    night = models.DateField(unique=True)
    beds = models.PositiveIntegerField()
    occupied = models.PositiveIntegerField()

    class Meta:
        ordering = ["night"]
        verbose_name = _("night count")
        verbose_name_plural = _("night counts")

    def __str__(self) -> str:
        return f"{self.night}: {self.occupied}/{self.beds}"


class WaitlistEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("waiting list", "Waiting")
        ADMITTED = "admitted", pgettext_lazy("waiting list", "Admitted")
        WITHDRAWN = "withdrawn", pgettext_lazy("waiting list", "Withdrawn")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="waitlist_entries",
                               verbose_name=_("client"))
    household_size = models.PositiveSmallIntegerField(_("people in the household"), default=1)
    children = models.BooleanField(_("with children"), default=False)
    medical_need = models.BooleanField(_("medical need"), default=False)
    added_on = models.DateField(_("added on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")

    def __str__(self) -> str:
        return f"waitlist {self.pk}"


class HouseRules(models.Model):
    """A site's house rules in both languages, in force from ``effective_from`` until the next version.

    Never edited: a change is a new version with a later date."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="house_rules", verbose_name=_("site"))
    effective_from = models.DateField(_("in force from"))
    text_en = models.TextField(_("rules (English)"))
    text_es = models.TextField(_("rules (Spanish)"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site", "-effective_from"]
        verbose_name = _("house rules")
        verbose_name_plural = _("house rules")
        constraints = [models.UniqueConstraint(fields=["site", "effective_from"], name="programs_rules_version")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.effective_from}"

    def text(self, language: str) -> str:
        return self.text_es if (language or "").startswith("es") else self.text_en


class RulesAcknowledgement(models.Model):
    """A resident's acknowledgement of the house rules in force, recorded at admission (or later,
    when a new version comes into force)."""

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="acknowledgements")
    rules = models.ForeignKey(HouseRules, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_on = models.DateField(_("acknowledged on"))
    language = models.CharField(_("language read"), max_length=5)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_on", "-pk"]
        verbose_name = _("house rules acknowledgement")
        verbose_name_plural = _("house rules acknowledgements")
        constraints = [models.UniqueConstraint(fields=["stay", "rules"], name="programs_ack_once")]

    def __str__(self) -> str:
        return f"ack {self.pk}"


class Incident(models.Model):
    """Something that happened at a site (a conflict, a rule broken, an injury...): who was involved,
    what staff did and what follows. Housing staff only; not a clinical record."""

    class Kind(models.TextChoices):
        CONFLICT = "conflict", _("Conflict between residents")
        RULES = "rules", _("House rule broken")
        SAFETY = "safety", _("Safety or security")
        HEALTH = "health", _("Injury or health emergency")
        PROPERTY = "property", _("Damage or loss of property")
        OTHER = "other", _("Other")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("site"))
    occurred_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    stays = models.ManyToManyField(Stay, related_name="incidents", blank=True, verbose_name=_("residents involved"))
    description = models.TextField(_("what happened"))
    action_taken = models.TextField(_("action taken"), blank=True)
    staff = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff on duty"))
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["site", "occurred_at"], name="programs_incident_site")]

    def __str__(self) -> str:
        return f"incident {self.pk}"


class SharingConsent(models.Model):
    """A client's recorded consent to let legal staff read their visit notes (read-only).

    In force from ``starts_on`` until ``ends_on`` (inclusive) unless revoked; a revocation takes
    effect at once. Recorded by a clinician of the notes' program; never deleted."""

    class Audience(models.TextChoices):
        LEGAL_TEAM = "legal_team", _("The client's legal team (attorney, paralegal and team of an open case)")
        ATTORNEY = "attorney", _("Only the attorney or representative of an open case")

    class Scope(models.TextChoices):
        CLINIC = "clinic", _("Notes of the primary care clinic")
        MENTAL_HEALTH = "mental_health", _("Notes of mental health counselling")
        ALL = "all", _("All visit notes")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sharing_consents",
                               verbose_name=_("client"))
    audience = models.CharField(_("who may read"), max_length=12, choices=Audience.choices)
    scope = models.CharField(_("what they may read"), max_length=15, choices=Scope.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("How consent was given, e.g. signed form of 3 March"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("consent to share notes")
        verbose_name_plural = _("consents to share notes")
        constraints = [models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                              name="programs_consent_order")]

    def __str__(self) -> str:
        return f"consent {self.pk}"

    def in_force(self, today: Any) -> bool:
        return (self.revoked_at is None and self.starts_on <= today
                and (self.ends_on is None or self.ends_on >= today))


# --- Basic needs, emergency assistance and disasters ---------------------------------------------

NEEDS = (("food", _("Food")), ("rent", _("Rent")), ("utilities", _("Utilities")), ("transport", _("Transport")),
         ("clothing", _("Clothing")), ("work", _("Work")))


class NeedsAssessment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="needs_assessments")
    assessed_on = models.DateField(_("date"))
    needs = models.JSONField(_("needs"), default=list)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"needs {self.pk}"


class DisasterEvent(models.Model):
    name = models.CharField(_("name"), max_length=150)
    started_on = models.DateField(_("started on"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("disaster")
        verbose_name_plural = _("disasters")

    def __str__(self) -> str:
        return self.name


class DisasterRegistration(models.Model):
    event = models.ForeignKey(DisasterEvent, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    people_count = models.PositiveSmallIntegerField(_("people in the household"), default=1)
    slept_where = models.CharField(_("where they slept last night"), max_length=200, blank=True)
    lost = models.CharField(_("what they lost"), max_length=300, blank=True)
    needs = models.JSONField(_("needs"), default=list)
    needs_housing = models.BooleanField(_("needs housing"), default=False)
    housed_on = models.DateField(_("housed on"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("affected household")
        verbose_name_plural = _("affected households")

    def __str__(self) -> str:
        return self.name


class Assistance(models.Model):
    """Emergency assistance given. Never edited: a correction is a new entry with ``corrects`` set
    and the opposite amount."""

    class Kind(models.TextChoices):
        FOOD = "food", _("Food voucher")
        TRANSPORT = "transport", _("Transport voucher")
        RENT = "rent", _("Rent help")
        UTILITIES = "utilities", _("Utilities help")
        OTHER = "other", _("Other help")

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="assistance")
    registration = models.ForeignKey(DisasterRegistration, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="assistance")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    fund = models.CharField(_("fund"), max_length=120)
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by"))
    given_on = models.DateField(_("given on"))
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        constraints = [models.CheckConstraint(condition=Q(person__isnull=False) | Q(registration__isnull=False),
                                              name="programs_assistance_who")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"
