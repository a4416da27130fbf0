"""Campaigns and mobilizations, petitions and their signatures, coalitions and advocacy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.core.uploads import checked_file


def checked_material(upload: object) -> None:
    """A material's file is checked by its content (PDF, image, Word) and size, as documents are."""
    checked_file()(upload)


class Language(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    BOTH = "es-en", _("Spanish and English")


class Campaign(models.Model):
    """A campaign or mobilization: a march, a delegation, a petition to Congress, a ballot measure."""

    class Kind(models.TextChoices):
        MARCH = "march", _("March or mobilization")
        DELEGATION = "delegation", _("Delegation")
        PETITION = "petition", _("Petition")
        BALLOT = "ballot", _("Ballot measure campaign")
        ADVOCACY = "advocacy", _("Advocacy campaign")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("campaign status", "Planned")
        ACTIVE = "active", pgettext_lazy("campaign status", "Active")
        WON = "won", pgettext_lazy("campaign status", "Won")
        LOST = "lost", pgettext_lazy("campaign status", "Lost")
        CLOSED = "closed", pgettext_lazy("campaign status", "Closed")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ADVOCACY)
    status = models.CharField(pgettext_lazy("campaign", "status"), max_length=16, choices=Status.choices,
                              default=Status.PLANNED)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    events = models.ManyToManyField("outreach.Event", verbose_name=_("linked events"), blank=True,
                                    related_name="campaigns")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                              name="campaign_ends_after_start")]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """A dated step of a campaign: who did what, and what came of it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="actions")
    on = models.DateField(_("date"))
    what = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("campaign action")
        verbose_name_plural = _("campaign actions")

    def __str__(self) -> str:
        return self.what


class TurnoutEstimate(models.Model):
    """A recorded estimate of a crowd (a march has no check-in): who counted, and how many."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="estimates")
    on = models.DateField(_("date"))
    people = models.PositiveIntegerField(_("people (estimate)"))
    source = models.CharField(_("estimated by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("turnout estimate")
        verbose_name_plural = _("turnout estimates")

    def __str__(self) -> str:
        return f"{self.on}: {self.people}"


class Material(models.Model):
    """A flyer, talking points, a poster: a file or a link, in a language."""

    class Kind(models.TextChoices):
        FLYER = "flyer", _("Flyer")
        TALKING_POINTS = "talking_points", _("Talking points")
        POSTER = "poster", _("Poster or banner")
        FACT_SHEET = "fact_sheet", _("Fact sheet")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FLYER)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.SPANISH)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="campaigns/materials/%Y/", blank=True,
                            validators=[checked_material])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="material_has_file_or_link")]

    def __str__(self) -> str:
        return self.title


class Petition(models.Model):
    """A campaign's petition: a public page where people sign, and a target count."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="petition")
    title_es = models.CharField(_("title in Spanish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    text_es = models.TextField(_("text in Spanish"))
    text_en = models.TextField(_("text in English"), blank=True)
    addressed_to = models.CharField(_("addressed to"), max_length=200, blank=True)
    target = models.PositiveIntegerField(_("target signature count"), default=1000)
    is_open = models.BooleanField(_("open for signatures"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def __str__(self) -> str:
        return self.title_es

    def title(self, lang: str) -> str:
        return (self.title_en or self.title_es) if lang == "en" else self.title_es

    def text(self, lang: str) -> str:
        return (self.text_en or self.text_es) if lang == "en" else self.text_es


class Signature(models.Model):
    """One person's signature. The same person signing again is this row again (``times_signed``):
    the keys are unique per petition, so two submissions at once still make one signature."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    may_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    language = models.CharField(_("language"), max_length=8, default="es")
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    phone_key = models.CharField(max_length=16, blank=True, editable=False)
    name_key = models.CharField(max_length=300, blank=True, editable=False)
    contactless = models.BooleanField(default=False, editable=False)
    times_signed = models.PositiveIntegerField(_("times signed"), default=1)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)
    last_signed_at = models.DateTimeField(_("last signed"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["petition", "email_key"], condition=~Q(email_key=""),
                                    name="signature_once_per_email"),
            models.UniqueConstraint(fields=["petition", "phone_key"], condition=~Q(phone_key=""),
                                    name="signature_once_per_phone"),
            models.UniqueConstraint(fields=["petition", "name_key"], condition=Q(contactless=True),
                                    name="signature_once_per_name_without_contact"),
        ]
        indexes = [models.Index(fields=["petition", "postcode"])]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A partner organization, or an alliance/coalition that other organizations belong to."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        ALLIANCE = "alliance", _("Alliance or coalition")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORGANIZATION)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="alliances",
                                     verbose_name=_("member organizations"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")

    def __str__(self) -> str:
        return self.name


class OrgContact(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """An organization's role in a campaign."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", pgettext_lazy("coalition role", "Member")
        ENDORSER = "endorser", _("Endorser")
        SUPPORTER = "supporter", _("Supporter")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="partnerships")
    role = models.CharField(_("role in the campaign"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["role", "organization__name", "pk"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="one_role_per_campaign")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Target(models.Model):
    """An advocacy target: a legislator, a ballot measure, an agency; and the center's position."""

    class Kind(models.TextChoices):
        LEGISLATOR = "legislator", _("Legislator")
        BALLOT = "ballot", _("Ballot measure")
        AGENCY = "agency", _("Agency")
        OTHER = "other", _("Other")

    class Position(models.TextChoices):
        SUPPORT = "support", _("Support")
        OPPOSE = "oppose", _("Oppose")
        MONITOR = "monitor", _("Monitor")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.LEGISLATOR)
    office = models.CharField(_("office or jurisdiction"), max_length=200, blank=True)
    position = models.CharField(_("our position"), max_length=16, choices=Position.choices,
                                default=Position.MONITOR)
    position_since = models.DateField(_("position taken on"), null=True, blank=True)
    decision_on = models.DateField(_("decision expected on"), null=True, blank=True,
                                   help_text=_("A vote, an election day, a rule's deadline."))
    outcome = models.TextField(_("outcome"), blank=True)
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="targets", verbose_name=_("campaigns"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("advocacy target")
        verbose_name_plural = _("advocacy targets")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="meetings")
    on = models.DateField(_("date"))
    attendees = models.CharField(_("who attended"), max_length=500)
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.target} {self.on}"
