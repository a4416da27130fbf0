"""Legal cases: parties, team, events, deadlines, hearings, notes, tasks, time, outcome.

A case is *restricted* (asylum, withholding/CAT, VAWA, U, T, SIJS, and every case of a
minor) from the moment it is opened or becomes one, and stays restricted: once a file has
held confidential facts it is never quietly opened up. Who may see a restricted case is
decided by ``policies.py``.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .events import DeadlineKind, EventKind
from .kinds import RESTRICTED_KINDS, Forum, Kind, Outcome, PartyRole, Status, label

RECEIPT_RE = re.compile(r"^[A-Z]{3}[0-9]{10}$")
# Service centers USCIS prints on receipts (IOE: filed online; VSC/CSC/NSC/TSC: older names of
# EAC/WAC/LIN/SRC); field offices print Z + a city code (ZLA: Los Angeles).
RECEIPT_PREFIXES = frozenset({"IOE", "EAC", "WAC", "LIN", "SRC", "NBC", "MSC", "YSC", "VSC", "CSC", "NSC", "TSC"})


def normalize_receipt(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_receipt(value: str) -> None:
    number = normalize_receipt(value)
    if not RECEIPT_RE.match(number):
        raise ValidationError(
            _("A receipt number is three letters and ten digits, e.g. IOE0912345678."), code="receipt_format")
    if number[:3] not in RECEIPT_PREFIXES and not number.startswith("Z"):
        raise ValidationError(
            _("“%(prefix)s” is not a USCIS office code (IOE, EAC, WAC, LIN, SRC, NBC, MSC, YSC...)."),
            code="receipt_prefix", params={"prefix": number[:3]})


def is_restricted_kind(kind: str, *, minor: bool = False, unaccompanied: bool = False) -> bool:
    return kind in RESTRICTED_KINDS or minor or unaccompanied


class ClosingCode(models.Model):
    """Reference data: why and how a case was closed (the center's and LSC's codes)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=150)
    label_es = models.CharField(_("label (Spanish)"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("closing code")
        verbose_name_plural = _("closing codes")
        ordering = ["code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        label = self.label_es if (get_language() or "en").startswith("es") else self.label_en
        return f"{self.code} — {label}"


class ProblemCode(models.Model):
    """Reference data: the LSC legal problem codes (two digits, grouped by tens; legal/lsc.py)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=150)
    label_es = models.CharField(_("label (Spanish)"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("LSC problem code")
        verbose_name_plural = _("LSC problem codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.label_es if (get_language() or "en").startswith("es") else self.label_en


VISIBILITY_COLUMNS = ["restricted", "team", "office", "responsible", "paralegal"]


class Case(models.Model):
    class ReunificationStatus(models.TextChoices):
        NOT_APPLICABLE = "", _("Not applicable")
        SEEKING = "seeking", _("Looking for family")
        IN_CONTACT = "in_contact", _("In contact with family")
        REUNIFIED = "reunified", _("Reunified")
        NOT_VIABLE = "not_viable", _("Reunification not viable")

    kind = models.CharField(_("kind of case"), max_length=24, choices=Kind.choices, db_index=True)
    forum = models.CharField(_("forum"), max_length=24, choices=Forum.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    client = models.ForeignKey("people.Person", verbose_name=_("principal client"), on_delete=models.PROTECT,
                               related_name="legal_cases")
    office = models.ForeignKey("accounts.Office", verbose_name=_("office"), on_delete=models.PROTECT,
                               related_name="legal_cases")
    team = models.ForeignKey("accounts.Office", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="team_cases",
                             help_text=_("For restricted cases, the team that may open the file."))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("attorney or accredited representative"),
                                    null=True, blank=True, on_delete=models.PROTECT, related_name="cases_responsible")
    paralegal = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paralegal"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="cases_paralegal")
    court = models.CharField(_("court"), max_length=150, blank=True)
    judge = models.CharField(_("judge"), max_length=150, blank=True)
    priority_date = models.DateField(_("priority date"), null=True, blank=True)
    minor = models.BooleanField(_("client is a minor"), default=False)
    unaccompanied = models.BooleanField(_("unaccompanied minor"), default=False)
    restricted = models.BooleanField(_("restricted"), default=False, db_index=True, editable=False)
    release_info = models.TextField(_("release information"), blank=True,
                                    help_text=_("ORR release: date, to whom, conditions."))
    reunification = models.CharField(_("family reunification"), max_length=12, blank=True,
                                     choices=ReunificationStatus.choices)
    reunification_note = models.CharField(_("reunification note"), max_length=300, blank=True)
    intake = models.ForeignKey("people.Intake", verbose_name=_("intake"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    closing_code = models.ForeignKey(ClosingCode, verbose_name=_("closing code"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="cases")
    closing_note = models.TextField(_("closing note"), blank=True)
    # The LSC legal problem code (reports/lsc_csr): 81 immigration/naturalization unless staff say otherwise.
    problem_code = models.ForeignKey(ProblemCode, verbose_name=_("LSC problem code"), to_field="code",
                                     db_column="problem_code", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="cases")
    version = models.PositiveIntegerField(default=1, editable=False)
    # The earliest open deadline's due date, kept by services.refresh_next_due in the same
    # transaction as every deadline change: the due-soon view and the deadline-window filter
    # read it (indexed) instead of searching millions of deadlines.
    next_due = models.DateField(_("next deadline"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="legal_case_status_idx"),
            models.Index(fields=["office", "-opened_at"], name="legal_case_office_idx"),
            models.Index(fields=["responsible", "-opened_at"], name="legal_case_resp_idx"),
            models.Index(fields=["paralegal", "-opened_at"], name="legal_case_para_list_idx"),
            models.Index(fields=["restricted", "team", "office"], name="legal_case_restr_idx"),
            models.Index(fields=["kind", "-opened_at"], name="legal_case_kind_idx"),
            *[models.Index(fields=[*lead, "next_due"], name=f"legal_case_due_{label}_idx",
                           condition=models.Q(closed_at__isnull=True, next_due__isnull=False))
              for label, lead in (("all", []), ("office", ["office"]), ("team", ["team"]),
                                  ("resp", ["responsible"]), ("para", ["paralegal"]))],
            # Open cases newest first, overall and by kind, carrying the columns the permission
            # gate tests (PostgreSQL: INCLUDE): the list, its capped count and a kind filter are
            # answered from the index alone, without reading cases the user may not see.
            *[models.Index(fields=[*lead, "-opened_at", "-id"], name=f"legal_case_open_{label}_idx",
                           include=[*VISIBILITY_COLUMNS, *extra], condition=models.Q(closed_at__isnull=True))
              for label, lead, extra in (("all", [], ["kind"]), ("kind", ["kind"], []))],
            # Whom the program served (served.py): every client's cases by office in order of
            # opening, with the closing (PostgreSQL: INCLUDE), read from the index alone and in
            # client order, so the reports group a million clients without sorting them.
            models.Index(fields=["client", "office", "opened_at"], include=["closed_at"],
                         name="legal_case_served_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("legal:detail", args=[self.pk])

    # Labels from kinds.label's per-language tables (lists show one per row).
    def get_kind_display(self) -> str:
        return label(Kind, self.kind)

    def get_status_display(self) -> str:
        return label(Status, self.status)

    def get_forum_display(self) -> str:
        return label(Forum, self.forum)

    def get_outcome_display(self) -> str:
        return label(Outcome, self.outcome)

    @property
    def number(self) -> str:
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def unit(self) -> models.Model:
        """The office or team a restricted case is confined to: its team if it has one."""
        return self.team or self.office

    def compute_restricted(self) -> bool:
        return self.restricted or is_restricted_kind(self.kind, minor=self.minor, unaccompanied=self.unaccompanied)


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="case_parties")
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="legal_party_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def get_role_display(self) -> str:
        return label(PartyRole, self.role)


class ReceiptNumber(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="receipts")
    number = models.CharField(_("receipt number"), max_length=13, validators=[validate_receipt], db_index=True)
    form = models.CharField(_("form"), max_length=20, blank=True, help_text=_("e.g. I-589, I-821D, I-130"))
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        verbose_name = _("receipt number")
        verbose_name_plural = _("receipt numbers")
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="legal_receipt_unique")]

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=24, choices=EventKind.choices)
    date = models.DateField(_("date"))
    mailed = models.BooleanField(_("the notice came by mail"), default=False)
    days = models.PositiveSmallIntegerField(_("days given on the notice"), null=True, blank=True)
    variant = models.CharField(_("variant"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Deadline(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", pgettext_lazy("deadline state", "Done")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="deadlines")
    kind = models.CharField(_("deadline"), max_length=32, choices=DeadlineKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    opens = models.DateField(_("opens"), null=True, blank=True)
    rolled_from = models.DateField(_("moved from"), null=True, blank=True)
    rule_en = models.TextField(_("rule (English)"), blank=True)
    rule_es = models.TextField(_("rule (Spanish)"), blank=True)
    rule_id = models.CharField(_("rule record"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified"), default=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)  # [{"code", "en", "es"}]
    rules_version = models.CharField(_("rules version"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(_("done or cancelled"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["state", "due"], name="legal_deadline_due_idx"),
                   models.Index(fields=["case", "state", "due"], name="legal_deadline_case_idx")]

    def __str__(self) -> str:
        return f"{self.label} {self.due or ''}"

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()

    def get_kind_display(self) -> str:
        return label(DeadlineKind, self.kind)

    def rule(self, lang: str) -> str:
        return self.rule_es if lang == "es" and self.rule_es else self.rule_en

    def warning_texts(self, lang: str) -> list[str]:
        return [w.get(lang) or w.get("en", "") for w in self.warnings]


class Hearing(models.Model):
    class Kind(models.TextChoices):
        MASTER = "master", _("Master calendar hearing")
        INDIVIDUAL = "individual", _("Individual (merits) hearing")
        BOND = "bond", _("Bond hearing")
        JUVENILE = "juvenile", _("State juvenile court hearing")
        INTERVIEW = "interview", _("USCIS interview")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    court = models.CharField(_("court or office"), max_length=150, blank=True)
    judge = models.CharField(_("judge or officer"), max_length=150, blank=True)
    remote = models.BooleanField(_("by video or phone"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("note"))  # sanitized HTML (services.clean_html)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d}"


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="legal_tasks")
    due = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_at", "due", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due"], name="legal_task_assignee_idx")]

    def __str__(self) -> str:
        return self.title


class TimeEntry(models.Model):
    class Activity(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        PREPARATION = "preparation", _("Preparation and drafting")
        RESEARCH = "research", _("Research")
        HEARING = "hearing", _("Hearing or interview")
        TRAVEL = "travel", _("Travel")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="time_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"), validators=[MinValueValidator(1)])
    activity = models.CharField(_("activity"), max_length=14, choices=Activity.choices, default=Activity.PREPARATION)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.minutes}"


class BreakGlassGrant(models.Model):
    """Emergency access to a restricted case: a reason, a time limit, an audit entry, and a
    line on the case page that its team sees."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"], name="legal_breakglass_idx")]

    def __str__(self) -> str:
        return f"{self.user} → {self.case_id}"

    @property
    def active(self) -> bool:
        return self.expires_at > timezone.now()


class CalendarFeed(models.Model):
    """A user's secret calendar address. Only a keyed hash of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ReminderSent(models.Model):
    """One reminder e-mail about one deadline, at one interval: never sent twice."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.IntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "days_before"], name="legal_reminder_once")]

    def __str__(self) -> str:
        return f"{self.deadline_id} -{self.days_before}"


class PartyMerge(models.Model):
    """Two people merged in People were both parties to this case: their party rows were combined
    into the kept person's (same role into same role, any other into the strongest, which takes
    the stronger role). What the merge removed is kept here, so the
    case's history stays whole and undoing the merge puts every row back. People are referred
    to by id, not by foreign key, so that the merge itself does not move these records."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="party_merges")
    kept_person_id = models.BigIntegerField(db_index=True)
    dropped_person_id = models.BigIntegerField()
    kept_rows = models.JSONField(default=list)  # the kept person's rows before: [{"id", "role", "note"}]
    dropped_rows = models.JSONField(default=list)  # the rows removed: [{"id", "role", "note", "added_at"}]
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merged party")
        verbose_name_plural = _("merged parties")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.dropped_person_id} → {self.kept_person_id}"
