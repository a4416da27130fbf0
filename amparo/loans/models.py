"""The loan book and the general ledger.

Money is ``Decimal`` to the cent. Journal entries and loan transactions are append-only: a
mistake is corrected by a reversal (a new entry with the lines swapped), never by an edit.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import schedule as sched

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a posted money record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("Posted money records are never changed; post a reversal.")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("Posted money records are never deleted; post a reversal.")

    def bulk_update(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("Posted money records are never changed; post a reversal.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Posted money records are never changed; post a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("Posted money records are never deleted; post a reversal.")


# ----------------------------------------------------------------------------- the ledger


class Account(models.TextChoices):
    """The chart of accounts (the code is the account)."""

    CASH = "1000", _("Cash and bank")
    PORTFOLIO = "1100", _("Loan portfolio")
    INTEREST_RECEIVABLE = "1200", _("Interest receivable")
    CHARGES_RECEIVABLE = "1210", _("Fees and penalties receivable")
    LOSS_RESERVE = "1900", _("Loan-loss reserve")
    INTEREST_INCOME = "4000", _("Interest income")
    FEE_INCOME = "4100", _("Fee income")
    PENALTY_INCOME = "4200", _("Penalty income")
    WRITE_OFFS = "5000", _("Loans written off")
    PROVISION_EXPENSE = "5100", _("Provision for loan losses")


DEBIT_NORMAL = {Account.CASH, Account.PORTFOLIO, Account.INTEREST_RECEIVABLE, Account.CHARGES_RECEIVABLE,
                Account.WRITE_OFFS, Account.PROVISION_EXPENSE}


class JournalEntry(AppendOnly):
    """A balanced set of debits and credits posted on one date."""

    on = models.DateField(_("date"), db_index=True)
    posted_at = models.DateTimeField(auto_now_add=True)
    memo = models.CharField(max_length=200, blank=True)
    loan = models.ForeignKey("Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.on} {self.memo}"


class JournalLine(AppendOnly):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.CharField(max_length=4, choices=Account.choices, db_index=True)
    loan = models.ForeignKey("Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_lines")
    debit = models.DecimalField(**MONEY, default=ZERO)
    credit = models.DecimalField(**MONEY, default=ZERO)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0)),
                name="loans_line_one_side_positive"),
        ]
        indexes = [models.Index(fields=["loan", "account"], name="loans_line_loan_account")]

    def __str__(self) -> str:
        return f"{self.account} {self.debit} / {self.credit}"


# ----------------------------------------------------------------------------- products and loans


class Frequency(models.TextChoices):
    WEEKLY = sched.WEEKLY, _("Weekly")
    BIWEEKLY = sched.BIWEEKLY, _("Every two weeks")
    MONTHLY = sched.MONTHLY, _("Monthly")


class Method(models.TextChoices):
    DECLINING = sched.DECLINING, _("Declining balance, equal installments")
    FLAT = sched.FLAT, _("Flat")


class FeeKind(models.TextChoices):
    FLAT = sched.FEE_FLAT, pgettext_lazy("fee", "Fixed amount")
    PERCENT = sched.FEE_PERCENT, _("Percent of the principal")


class FeeTiming(models.TextChoices):
    DISBURSEMENT = sched.AT_DISBURSEMENT, _("At disbursement")
    INSTALLMENT = sched.PER_INSTALLMENT, _("On every installment")


DEFAULT_ORDER = "penalty,fee,interest,principal"


class LoanProduct(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    min_amount = models.DecimalField(_("smallest amount"), **MONEY)
    max_amount = models.DecimalField(_("largest amount"), **MONEY)
    annual_rate = models.DecimalField(_("annual interest rate (%)"), max_digits=6, decimal_places=3)
    method = models.CharField(_("interest method"), max_length=12, choices=Method.choices, default=Method.DECLINING)
    frequency = models.CharField(_("repayment frequency"), max_length=12, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    term = models.PositiveSmallIntegerField(_("number of installments"))
    grace_principal = models.PositiveSmallIntegerField(_("grace on principal (installments)"), default=0)
    grace_interest = models.PositiveSmallIntegerField(_("grace on interest (installments)"), default=0)
    fee_amount = models.DecimalField(_("fee"), **MONEY, default=ZERO)
    fee_kind = models.CharField(_("fee kind"), max_length=10, choices=FeeKind.choices, default=FeeKind.FLAT)
    fee_timing = models.CharField(_("fee charged"), max_length=12, choices=FeeTiming.choices,
                                  default=FeeTiming.DISBURSEMENT)
    penalty_after_days = models.PositiveSmallIntegerField(_("late penalty after (days)"), default=0,
                                                          help_text=_("0: no late penalty"))
    penalty_flat = models.DecimalField(_("late penalty, fixed amount"), **MONEY, default=ZERO)
    penalty_percent = models.DecimalField(_("late penalty, percent of the late installment"), max_digits=6,
                                          decimal_places=3, default=ZERO)
    allocation_order = models.CharField(max_length=40, default=DEFAULT_ORDER)
    requires_literacy_course = models.BooleanField(_("requires the financial-literacy course"), default=False)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(min_amount__gt=0, max_amount__gte=F("min_amount")),
                                              name="loans_product_amount_range")]

    def __str__(self) -> str:
        return self.name


class LoanGroup(models.Model):
    """Borrowers who take loans together (each member with their own amount) and are followed up jointly."""

    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Loan(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("loan status", "Approved")
        REJECTED = "rejected", pgettext_lazy("loan status", "Rejected")
        ACTIVE = "active", pgettext_lazy("loan status", "Active")
        CLOSED = "closed", pgettext_lazy("loan status", "Paid off")
        WRITTEN_OFF = "written_off", pgettext_lazy("loan status", "Written off")

    borrower = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="loans")
    product = models.ForeignKey(LoanProduct, on_delete=models.PROTECT, related_name="loans")
    group = models.ForeignKey(LoanGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="loans")
    purpose = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    # The terms, copied from the product when the loan is prepared (a product's later change
    # never changes a loan).
    amount = models.DecimalField(**MONEY)
    annual_rate = models.DecimalField(max_digits=6, decimal_places=3)
    method = models.CharField(max_length=12, choices=Method.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    term = models.PositiveSmallIntegerField()
    grace_principal = models.PositiveSmallIntegerField(default=0)
    grace_interest = models.PositiveSmallIntegerField(default=0)
    fee_amount = models.DecimalField(**MONEY, default=ZERO)
    fee_kind = models.CharField(max_length=10, choices=FeeKind.choices, default=FeeKind.FLAT)
    fee_timing = models.CharField(max_length=12, choices=FeeTiming.choices, default=FeeTiming.DISBURSEMENT)
    allocation_order = models.CharField(max_length=40, default=DEFAULT_ORDER)
    # Maker / checker.
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    disbursed_on = models.DateField(null=True, blank=True)
    # Running totals, kept by the services under the loan's row lock; the ledger proves them.
    disbursement_fee = models.DecimalField(**MONEY, default=ZERO)
    principal_paid = models.DecimalField(**MONEY, default=ZERO)
    interest_paid = models.DecimalField(**MONEY, default=ZERO)
    fees_paid = models.DecimalField(**MONEY, default=ZERO)
    penalties_charged = models.DecimalField(**MONEY, default=ZERO)
    penalties_paid = models.DecimalField(**MONEY, default=ZERO)
    written_off_principal = models.DecimalField(**MONEY, default=ZERO)
    written_off_penalties = models.DecimalField(**MONEY, default=ZERO)
    # The loan's share of two ledger balances posted by close of business (accrual basis):
    # interest earned and not yet paid (1200), and the loan-loss reserve held for it (1900).
    interest_receivable = models.DecimalField(**MONEY, default=ZERO)
    loss_reserve = models.DecimalField(**MONEY, default=ZERO)
    # Close of business.
    days_past_due = models.PositiveIntegerField(default=0)
    closed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                                   name="loans_maker_is_not_checker"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="loans_amount_positive"),
        ]
        indexes = [models.Index(fields=["status", "days_past_due"], name="loans_status_dpd")]

    def __str__(self) -> str:
        return f"{_('Loan')} {self.pk}"

    @property
    def principal_outstanding(self) -> Decimal:
        if self.status in (self.Status.PENDING, self.Status.APPROVED, self.Status.REJECTED):
            return ZERO
        return self.amount - self.principal_paid - self.written_off_principal

    @property
    def penalties_outstanding(self) -> Decimal:
        return self.penalties_charged - self.penalties_paid - self.written_off_penalties

    @property
    def bucket(self) -> str:
        return bucket(self.days_past_due)

    def terms(self, *, start, principal: Decimal | None = None, **changes) -> sched.Terms:
        values = {"principal": principal if principal is not None else self.amount,
                      "annual_rate": self.annual_rate, "term": self.term, "start": start, "frequency": self.frequency,
                      "method": self.method, "grace_principal": self.grace_principal,
                      "grace_interest": self.grace_interest,
                      "fee_amount": self.fee_amount, "fee_kind": self.fee_kind, "fee_timing": self.fee_timing}
        values.update(changes)
        return sched.Terms(**values)


BUCKETS = [(0, "current"), (30, "1-30"), (60, "31-60"), (90, "61-90")]


def bucket(days: int) -> str:
    for limit, name in BUCKETS:
        if days <= limit:
            return name
    return "90+"


class ScheduleVersion(models.Model):
    """One schedule of a loan: the first at disbursement, then one per rescheduling (history kept)."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="schedules")
    number = models.PositiveSmallIntegerField()
    start = models.DateField()
    principal = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    # What had been paid when this schedule began: its installments count from there.
    base_principal = models.DecimalField(**MONEY, default=ZERO)
    base_interest = models.DecimalField(**MONEY, default=ZERO)
    base_fees = models.DecimalField(**MONEY, default=ZERO)
    # Interest due and unpaid when a rescheduling began, carried into its first installment: it
    # was earned before this schedule, so close of business accrues it at once, not over the period.
    carried_interest = models.DecimalField(**MONEY, default=ZERO)
    carried_fee = models.DecimalField(**MONEY, default=ZERO)
    grace_principal = models.PositiveSmallIntegerField(default=0)
    # A re-based schedule replaces this one in place (same start and terms): a repayment made
    # before the rescheduling was reversed, so the rescheduling is redone as if it had not been made.
    rebased_from = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="rebased_as")
    term = models.PositiveSmallIntegerField()
    annual_rate = models.DecimalField(max_digits=6, decimal_places=3)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="loans_schedule_number"),
            models.UniqueConstraint(fields=["loan"], condition=Q(current=True), name="loans_one_current_schedule"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id}/{self.number}"

    def era(self) -> ScheduleVersion:
        """The schedule this one re-bases (followed back), or itself: when its terms began."""
        version = self
        while version.rebased_from_id is not None:
            version = version.rebased_from
        return version


class Installment(models.Model):
    schedule = models.ForeignKey(ScheduleVersion, on_delete=models.PROTECT, related_name="installments")
    number = models.PositiveSmallIntegerField()
    due = models.DateField(db_index=True)
    principal = models.DecimalField(**MONEY)
    interest = models.DecimalField(**MONEY)
    fee = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    balance = models.DecimalField(**MONEY)
    # Sums of the schedule's installments up to this one: payments cover installments in due order,
    # so what is left of each is read row by row (close of business, set-wise) without a window.
    cum_principal = models.DecimalField(**MONEY, default=ZERO)
    cum_interest = models.DecimalField(**MONEY, default=ZERO)
    cum_fee = models.DecimalField(**MONEY, default=ZERO)

    class Meta:
        ordering = ["schedule", "number"]
        constraints = [models.UniqueConstraint(fields=["schedule", "number"], name="loans_installment_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.due}"


class LoanTransaction(AppendOnly):
    class Kind(models.TextChoices):
        DISBURSEMENT = "disbursement", _("Disbursement")
        REPAYMENT = "repayment", _("Repayment")
        PREPAYMENT = "prepayment", _("Prepayment")
        PENALTY = "penalty", _("Late penalty")
        WRITE_OFF = "write_off", _("Write-off")
        REVERSAL = "reversal", _("Reversal")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    on = models.DateField()
    amount = models.DecimalField(**MONEY)
    principal = models.DecimalField(**MONEY, default=ZERO)
    interest = models.DecimalField(**MONEY, default=ZERO)
    fee = models.DecimalField(**MONEY, default=ZERO)
    penalty = models.DecimalField(**MONEY, default=ZERO)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="loan_transaction")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    charge_key = models.CharField(max_length=40, blank=True, default="")  # a penalty posted by close of business
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [models.UniqueConstraint(fields=["loan", "charge_key"], condition=~Q(charge_key=""),
                                               name="loans_penalty_once")]
        indexes = [models.Index(fields=["loan", "on"], name="loans_txn_loan_on")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.on}"


class LoanDay(models.Model):
    """Close of business for one loan on one date: recorded once, however often the job runs."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="days")
    on = models.DateField()
    days_past_due = models.PositiveIntegerField()
    overdue = models.DecimalField(**MONEY, default=ZERO)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan", "on"], name="loans_day_once")]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.on}"


class PortfolioDay(models.Model):
    """The portfolio's figures at one close of business (the trend of PAR30)."""

    on = models.DateField(unique=True)
    outstanding = models.DecimalField(**MONEY)
    at_risk_30 = models.DecimalField(**MONEY)
    loans = models.PositiveIntegerField()
    buckets = models.JSONField(default=dict)
    # After the day's accruals and provisions: the loans' accrued interest and loan-loss reserve.
    interest_receivable = models.DecimalField(**MONEY, default=ZERO)
    loss_reserve = models.DecimalField(**MONEY, default=ZERO)

    class Meta:
        ordering = ["-on"]

    def __str__(self) -> str:
        return str(self.on)

    @property
    def par30(self) -> Decimal:
        if not self.outstanding:
            return ZERO
        return (self.at_risk_30 * 100 / self.outstanding).quantize(Decimal("0.01"))


class ReminderSent(models.Model):
    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        AFTER = "after", _("After a missed due date")

    installment = models.ForeignKey(Installment, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_on = models.DateField()
    owed = models.DecimalField(**MONEY, default=ZERO)  # what was left of the installment (the email says it)
    emailed_at = models.DateTimeField(null=True, blank=True)  # by the task that sends the day's reminders

    class Meta:
        constraints = [models.UniqueConstraint(fields=["installment", "kind"], name="loans_reminder_once")]

    def __str__(self) -> str:
        return f"{self.installment_id} {self.kind}"


class ProvisionPolicy(models.Model):
    """The center's provisioning policy from a date: the percent of a loan's outstanding principal
    held in the loan-loss reserve, by days past due. Dated reference data (the admin): a new policy
    is a new row with a later date; close of business uses the latest one in force on its day."""

    effective_from = models.DateField(_("in force from"), unique=True)
    current = models.DecimalField(_("current loans (%)"), max_digits=5, decimal_places=2)
    days_1_30 = models.DecimalField(_("1 to 30 days past due (%)"), max_digits=5, decimal_places=2)
    days_31_60 = models.DecimalField(_("31 to 60 days past due (%)"), max_digits=5, decimal_places=2)
    days_61_90 = models.DecimalField(_("61 to 90 days past due (%)"), max_digits=5, decimal_places=2)
    days_over_90 = models.DecimalField(_("over 90 days past due (%)"), max_digits=5, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("Who decided these percentages, and why."))

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("loan-loss provisioning policy")
        verbose_name_plural = _("loan-loss provisioning policies")
        constraints = [models.CheckConstraint(
            condition=Q(current__gte=0, current__lte=100, days_1_30__gte=0, days_1_30__lte=100, days_31_60__gte=0,
                        days_31_60__lte=100, days_61_90__gte=0, days_61_90__lte=100, days_over_90__gte=0,
                        days_over_90__lte=100), name="loans_provision_percent_range")]

    def __str__(self) -> str:
        return str(self.effective_from)

    def percents(self) -> dict[str, Decimal]:
        """Bucket name (``models.bucket``) -> percent."""
        return {"current": self.current, "1-30": self.days_1_30, "31-60": self.days_31_60,
                "61-90": self.days_61_90, "90+": self.days_over_90}

    @classmethod
    def in_force(cls, on) -> ProvisionPolicy | None:
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


class LiteracyCompletion(models.Model):
    """A borrower finished the financial-literacy course (recorded by staff)."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="literacy_completion")
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.person_id} {self.completed_on}"


class Enterprise(models.Model):
    """A small business a borrower started, followed so that the center can show what loans built."""

    class Place(models.TextChoices):
        LOS_ANGELES = "la", _("Los Angeles")
        EL_SALVADOR = "sv", _("El Salvador")

    name = models.CharField(_("name"), max_length=150)
    sector = models.CharField(_("sector"), max_length=100, help_text=_("Food, sewing, cleaning, transport..."))
    place = models.CharField(_("where"), max_length=2, choices=Place.choices, default=Place.LOS_ANGELES)
    owners = models.ManyToManyField("people.Person", related_name="enterprises", verbose_name=_("owners"))
    employees = models.PositiveSmallIntegerField(_("employees"), default=0)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MonthlySales(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="sales")
    month = models.DateField(_("month"))  # the first day of the month
    amount = models.DecimalField(_("sales"), **MONEY)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "month"], name="loans_sales_one_per_month"),
                       models.CheckConstraint(condition=Q(amount__gte=0), name="loans_sales_not_negative")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.month:%Y-%m}"


class Visit(models.Model):
    class Kind(models.TextChoices):
        BUSINESS_PLAN = "plan", _("Business plan")
        FOLLOW_UP = "follow_up", _("Follow-up visit")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("kind of visit"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("date of the visit"))
    notes = models.TextField(_("notes"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.on}"
