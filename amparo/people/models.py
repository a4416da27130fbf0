"""People: names, identifiers, contacts, immigration history, families; intake, conflict
checks, duplicate candidates and merges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.accounts.models import Office
from amparo.core.encryption import EncryptedTextField
from amparo.core.partial_dates import PartialDate


class Precision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """People who have not been merged into someone else."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        INTERSEX = "intersex", _("Intersex")
        UNKNOWN = "", _("Not said")

    given_names = models.CharField(_("given names"), max_length=150)
    first_surname = models.CharField(_("first surname"), max_length=150, blank=True)
    second_surname = models.CharField(_("second surname"), max_length=150, blank=True)
    preferred_name = models.CharField(_("preferred name"), max_length=150, blank=True,
                                      help_text=_("What the person likes to be called."))
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_precision = models.CharField(_("birth date precision"), max_length=5, choices=Precision.choices,
                                       default=Precision.DAY)
    birth_approximate = models.BooleanField(_("birth date approximate"), default=False)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=80, blank=True,
                              help_text=_("As the person describes it."))
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    country_of_birth = models.CharField(_("country of birth"), max_length=80, blank=True)
    nationalities = models.CharField(_("nationalities"), max_length=200, blank=True,
                                     help_text=_("Separated by commas."))
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True,
                                 help_text=_("Separated by commas, e.g. Spanish, K'iche'."))
    preferred_language = models.CharField(
        _("language for letters and messages"), max_length=8, default="es",
        choices=[("es", _("Spanish")), ("en", _("English"))],
    )
    a_number = EncryptedTextField(_("A-number"), blank=True)
    a_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ssn = EncryptedTextField(_("SSN or ITIN"), blank=True)
    ssn_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    restricted = models.BooleanField(_("restricted"), default=False, db_index=True)
    # A restricted person's *file* is closed to others, but the front desk still finds her name and
    # contacts (docs/people.md). Hidden: she herself is confidential (a protected child, a witness):
    # others do not find her at all. Hidden implies restricted.
    hidden = models.BooleanField(_("hidden from everyone else"), default=False)
    allowed_offices = models.ManyToManyField(Office, verbose_name=_("offices and teams that may see"),
                                             blank=True, related_name="restricted_people")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_people", verbose_name=_("merged into"))
    match_data = models.JSONField(default=dict, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))

    objects = PersonQuerySet.as_manager()

    AUDIT_MASKED_FIELDS = ("a_number", "a_number_hash", "ssn", "ssn_hash")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_surname", "second_surname", "given_names", "id"]
        indexes = [models.Index(fields=["birth_date"], name="people_birth_idx")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)

    @property
    def birth(self) -> PartialDate | None:
        return PartialDate.from_parts(self.birth_date, self.birth_precision, self.birth_approximate)

    @property
    def a_number_display(self) -> str:
        value = self.a_number or ""
        return f"A{value[:3]}-{value[3:6]}-{value[6:]}" if len(value) == 9 else value

    @property
    def ssn_masked(self) -> str:
        value = self.ssn or ""
        return f"•••-••-{value[-4:]}" if value else ""


class PersonKey(models.Model):
    """A blocking key of a person (see matching.block_keys): the index candidates come from."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="people_key_idx")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="people_key_unique")]
    def __str__(self) -> str:
        return self.key


class OtherName(models.Model):
    class Kind(models.TextChoices):
        ALIAS = "alias", _("Alias or nickname")
        MARRIED = "married", _("Married name")
        DOCUMENT = "document", _("Spelling on a document")
        BIRTH = "birth", _("Name at birth")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    first_surname = models.CharField(_("first surname"), max_length=150, blank=True)
    second_surname = models.CharField(_("second surname"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)


class ContactPoint(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("number or address"), max_length=200)
    normalized = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("Mobile, work, a neighbor's..."))
    texts_ok = models.BooleanField(_("agrees to text messages"), default=False)
    texts_consent_at = models.DateTimeField(_("consent to texts given"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.value


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(_("street"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    postcode = models.CharField(_("ZIP code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True, default="United States")
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-since", "-id"]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.street, self.city, self.state, self.postcode) if p)


class Arrival(models.Model):
    class Manner(models.TextChoices):
        INSPECTED = "inspected", _("Inspected and admitted")
        WITHOUT_INSPECTION = "ewi", _("Without inspection")
        PAROLE = "parole", _("Parole")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not known")

    class Apprehended(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Not known")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="arrivals")
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    date_approximate = models.BooleanField(default=False)
    manner = models.CharField(_("manner of entry"), max_length=10, choices=Manner.choices, default=Manner.UNKNOWN)
    place = models.CharField(_("place of entry"), max_length=150, blank=True)
    apprehended = models.CharField(_("apprehended"), max_length=8, choices=Apprehended.choices,
                                   default=Apprehended.UNKNOWN)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        ordering = ["date", "id"]
    def __str__(self) -> str:
        return f"{self.when or '?'} {self.manner}"

    @property
    def when(self) -> PartialDate | None:
        return PartialDate.from_parts(self.date, self.date_precision, self.date_approximate)


class Trip(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trips")
    departed = models.DateField(_("left the U.S."), null=True, blank=True)
    departed_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    returned = models.DateField(_("came back"), null=True, blank=True)
    returned_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    destination = models.CharField(_("where to"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("trip abroad")
        verbose_name_plural = _("trips abroad")
        ordering = ["departed", "id"]
    def __str__(self) -> str:
        return f"{self.left or '?'} - {self.back or '?'}"

    @property
    def left(self) -> PartialDate | None:
        return PartialDate.from_parts(self.departed, self.departed_precision)

    @property
    def back(self) -> PartialDate | None:
        return PartialDate.from_parts(self.returned, self.returned_precision)


class Relationship(models.Model):
    """``other`` is ``person``'s <kind>: e.g. person=Ana, other=Luis, kind=child."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        GUARDIAN = "guardian", _("Guardian")
        SPONSOR = "sponsor", _("Sponsor")
        ABUSER = "abuser", _("Abuser")
        ADVERSE = "adverse", _("Adverse party")
        OTHER = "other", _("Other")

    ADVERSE_KINDS = frozenset({Kind.ABUSER, Kind.ADVERSE})

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="related_to")
    kind = models.CharField(_("relationship"), max_length=10, choices=Kind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        indexes = [models.Index(fields=["other", "kind"], name="people_rel_other_idx")]
    def __str__(self) -> str:
        return f"{self.person_id} -{self.kind}-> {self.other_id}"


class Household(models.Model):
    """People who live together (for fee waivers, benefits, services to a family)."""

    name = models.CharField(_("name"), max_length=150)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    """A person's place in a household, with dates: ``until`` set means they no longer live there."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other member")

    ROLE_ORDER = {Role.HEAD: 0, Role.SPOUSE: 1, Role.CHILD: 2, Role.OTHER: 3}

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="households")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OTHER)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        indexes = [models.Index(fields=["household", "until"], name="people_hhmember_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(until__isnull=True) | models.Q(since__isnull=True) |
                                              models.Q(until__gte=models.F("since")), name="people_hhmember_dates")]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.person_id} ({self.role})"

    @property
    def current(self) -> bool:
        from django.utils import timezone

        return self.until is None or self.until >= timezone.localdate()


class ConflictCheck(models.Model):
    class Result(models.TextChoices):
        CLEAR = "clear", pgettext_lazy("conflict check result", "Clear")
        POSSIBLE = "possible", _("Possible conflict")
        WAIVED = "waived", _("Waived")

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="conflict_checks")
    searched = models.JSONField(_("names checked"), default=dict)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    findings = models.JSONField(default=list)  # [{"person": id, "score": .., "reasons": [...], "why": "adverse"}]
    hidden_findings = models.BooleanField(default=False)  # a finding the checker could not see
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)
    waived_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    waived_at = models.DateTimeField(null=True, blank=True)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)

    class Meta:
        verbose_name = _("conflict check")
        verbose_name_plural = _("conflict checks")
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.checked_at:%Y-%m-%d}"


class Intake(models.Model):
    class Need(models.TextChoices):
        ASYLUM = "asylum", _("Asylum or fear of return")
        FAMILY = "family", _("Family petition")
        DACA = "daca", _("DACA")
        TPS = "tps", _("TPS")
        CITIZENSHIP = "citizenship", _("Citizenship")
        VAWA_U_T = "vawa", _("Violence or crime (VAWA, U, T)")
        CHILDREN = "children", _("A child's case (SIJS)")
        DETENTION = "detention", _("Detention or deportation")
        SOCIAL = "social", _("Food, housing, health or work")
        OTHER = "other", _("Something else")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="intakes")
    needs = models.JSONField(_("what they need"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    conflict_check = models.ForeignKey(ConflictCheck, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-at"]
    def __str__(self) -> str:
        return f"{self.person_id} {self.at:%Y-%m-%d}"

    def need_labels(self) -> list[str]:
        labels = dict(self.Need.choices)
        return [str(labels.get(n, n)) for n in self.needs]


class DuplicateCandidate(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        DISTINCT = "distinct", _("Not the same person")

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    # The match weight field by field ([field, level, bits], ..., ["prior", "", bits]) and the
    # fitted model that gave it (``FittedModel.version``); empty for pairs from before models.
    weights = models.JSONField(default=list, blank=True)
    model_version = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="people_duplicate_pair")]
    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.score:.2f})"


class Merge(models.Model):
    """A merge of ``dropped`` into ``kept``, with everything needed to undo it."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    dropped = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_dropped")
    moved = models.JSONField(default=dict)  # {"app.model.field": [ids]}
    filled = models.JSONField(default=dict)  # fields of kept filled from dropped: {field: old value}
    added_other_name = models.ForeignKey(OtherName, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    kept_restriction = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-at"]
    def __str__(self) -> str:
        return f"{self.dropped_id} -> {self.kept_id}"


class FittedModel(models.Model):
    """The parameters of the record-linkage model (``people.linkage``) estimated from the people
    on file, versioned: the duplicate pass and the conflict check use the newest one, never a
    new fit per request."""

    version = models.PositiveIntegerField(unique=True)
    parameters = models.JSONField()  # linkage.Model.to_json(): fields, m, u, prior, term frequencies
    description = models.JSONField(default=dict)  # what data it was fitted on: records, fields, sessions
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"linkage model v{self.version}"
