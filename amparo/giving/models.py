"""Giving: donors, funds, campaigns, donations and their corrections, receipts, batches, pledges and
recurring gifts. Grants are in ``grants_models``; material aid in ``aid_models`` (both imported below).

Money is ``Decimal`` to the cent. A donation is never edited or deleted: an adjustment, a refund or
a void is a new row that points at the original (``corrects``), and the gift's net amount is the
original plus its corrections.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CENT = Decimal("0.01")


def money_field(verbose: str | object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=14, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class DonorKind(models.TextChoices):
    PERSON = "person", _("Individual")
    FOUNDATION = "foundation", _("Foundation")
    CHURCH = "church", _("Church or congregation")
    BUSINESS = "business", _("Business")
    UNION = "union", _("Labor union")
    GOVERNMENT = "government", _("Government agency")


class Donor(models.Model):
    """Someone who gives. An individual donor may be the same ``people.Person`` as a client: the
    link is kept here, but donor pages show only the donor facts below, never the person's file."""

    kind = models.CharField(_("kind of donor"), max_length=12, choices=DonorKind.choices, default=DonorKind.PERSON)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    sort_name = models.CharField(max_length=200, db_index=True, editable=False)
    person = models.OneToOneField("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="donor", editable=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("mailing address"), blank=True)
    language = models.CharField(_("language for letters and receipts"), max_length=8, default="es",
                                choices=[("es", _("Spanish")), ("en", _("English"))])
    salutation = models.CharField(_("salutation"), max_length=120, blank=True,
                                  help_text=_("How letters greet the donor, e.g. Dear Ms. Reyes."))
    household = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="members", verbose_name=_("household"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["sort_name", "pk"]
        # PostgreSQL also has a trigram GIN index on sort_name (migration 0002, raw SQL: not on SQLite).
        indexes = [models.Index(Upper("email"), name="giving_donor_email_upper")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        from amparo.people.matching import normalize

        self.sort_name = normalize(self.name)[:200]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("giving:donor", args=[self.pk])


class Fund(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    restricted = models.BooleanField(_("restricted"), default=False,
                                     help_text=_("Gifts to this fund may be spent only on its purpose."))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency appeal")
        CAPITAL = "capital", _("Capital campaign")
        ANNUAL = "annual", _("Annual appeal")
        EVENT = "event", _("Fundraising event")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    goal = money_field(_("goal"), default=Decimal("0"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), null=True, blank=True)
    fund = models.ForeignKey(Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns",
                             verbose_name=_("default fund"))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("giving:campaign", args=[self.pk])


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    CHECK = "check", _("Check")
    CARD = "card", _("Card")
    BANK = "bank", _("Bank transfer")
    ONLINE = "online", _("Online")
    STOCK = "stock", _("Stock")
    IN_KIND = "in_kind", _("In kind")


class Entry(models.TextChoices):
    GIFT = "gift", pgettext_lazy("kind of donation entry", "Gift")
    ADJUSTMENT = "adjustment", _("Adjustment")
    REFUND = "refund", _("Refund")
    VOID = "void", _("Void")


class Batch(models.Model):
    """Gifts entered together (a day's mail) against control totals counted by hand beforehand."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("batch state", "Open")
        POSTED = "posted", pgettext_lazy("batch state", "Posted")

    label = models.CharField(_("label"), max_length=150)
    expected_count = models.PositiveIntegerField(_("number of gifts (control)"))
    expected_total = money_field(_("total amount (control)"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("giving:batch", args=[self.pk])


class BatchEntry(models.Model):
    """A gift typed into an open batch; it becomes a ``Donation`` when the batch posts."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="entries")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="+", verbose_name=_("donor"))
    received_on = models.DateField(_("received on"))
    method = models.CharField(_("method"), max_length=8, choices=Method.choices, default=Method.CHECK)
    amount = money_field(_("amount"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+", verbose_name=_("fund"))
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("campaign"))
    reference = models.CharField(_("check or reference number"), max_length=60, blank=True)
    donation = models.OneToOneField("Donation", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="batch_entry")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.amount}"


class Donation(models.Model):
    """A gift, or a correction of one (``corrects``). Append-only."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations", verbose_name=_("donor"))
    entry = models.CharField(_("entry"), max_length=10, choices=Entry.choices, default=Entry.GIFT)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("corrects"))
    received_on = models.DateField(_("received on"), db_index=True)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    amount = money_field(_("amount"))
    reference = models.CharField(_("check or reference number"), max_length=60, blank=True)
    in_kind_description = models.TextField(_("description of the goods given"), blank=True)
    goods_value = money_field(_("value of goods or services given in return"), default=Decimal("0"),
                              help_text=_("A good-faith estimate of what the donor received (a gala dinner)."))
    goods_description = models.CharField(_("goods or services given in return"), max_length=300, blank=True)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="donations", verbose_name=_("campaign"))
    batch = models.ForeignKey(Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="donations")
    pledge = models.ForeignKey("Pledge", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="payments", verbose_name=_("pledge"))
    installment = models.ForeignKey("Installment", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="payments", verbose_name=_("installment"))
    recurring = models.ForeignKey("RecurringGift", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="gifts")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-pk"]
        # The donor page's summary reads only the first index (PostgreSQL: index-only, it carries
        # entry and amount; other engines ignore ``include``).
        indexes = [models.Index(fields=["donor", "received_on"], include=["entry", "amount"],
                                name="giving_donation_donor_day"),
                   models.Index(fields=["received_on", "donor"])]
        constraints = [
            models.CheckConstraint(condition=Q(entry="gift", corrects__isnull=True)
                                   | (~Q(entry="gift") & Q(corrects__isnull=False)),
                                   name="giving_donation_correction_has_original"),
            models.CheckConstraint(condition=~Q(entry="gift") | Q(amount__gt=0), name="giving_gift_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.donor} · {self.amount} · {self.received_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not getattr(self, "_allow_update", False):
            raise ValueError("Donations are never edited: record an adjustment, a refund or a void.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("giving:donation", args=[(self.corrects_id or self.pk)])

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Donations are never deleted: record a void.")


class Allocation(models.Model):
    """The part of a donation (or of a correction) that goes to one fund: a split gift has several."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="allocations")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("fund"))
    amount = money_field(_("amount"))

    class Meta:
        indexes = [models.Index(fields=["fund", "donation"])]

    def __str__(self) -> str:
        return f"{self.fund_id}: {self.amount}"


class SoftCredit(models.Model):
    class Kind(models.TextChoices):
        SOLICITOR = "solicitor", _("Solicitor")
        HONOR = "honor", _("In honor of")
        MEMORY = "memory", _("In memory of")
        HOUSEHOLD = "household", _("Household member")

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="soft_credits")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    donor = models.ForeignKey(Donor, null=True, blank=True, on_delete=models.PROTECT, related_name="soft_credits",
                              verbose_name=_("credited donor"))
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("The person honored or remembered."))
    notify_name = models.CharField(_("notify"), max_length=200, blank=True,
                                   help_text=_("Who is told of the gift (the honoree's family)."))
    notify_address = models.TextField(_("their address"), blank=True)
    notified_on = models.DateField(_("notified on"), null=True, blank=True)

    def __str__(self) -> str:
        return self.name or str(self.donor_id)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class Pledge(models.Model):
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("donor"))
    total = money_field(_("amount pledged"))
    pledged_on = models.DateField(_("pledged on"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    installments = models.PositiveIntegerField(_("number of installments"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+", verbose_name=_("fund"))
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges",
                                 verbose_name=_("campaign"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-pledged_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.donor_id}: {self.total}"


class Installment(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="schedule")
    due_on = models.DateField(_("due on"), db_index=True)
    amount = money_field(_("amount"))
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.amount}"


class RecurringGift(models.Model):
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="recurring_gifts",
                              verbose_name=_("donor"))
    amount = money_field(_("amount"))
    method = models.CharField(_("method"), max_length=8, choices=Method.choices, default=Method.CARD)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+", verbose_name=_("fund"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.donor_id}: {self.amount}"


class ReceiptCounter(models.Model):
    """The last receipt number of a year: locked (select_for_update) while a receipt is numbered."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.year)


class Receipt(models.Model):
    """A numbered acknowledgment: of one gift, of a correction to a receipted gift, or a year-end
    statement. Its texts are fixed when it is issued (both languages); a reprint says it is a copy."""

    class Kind(models.TextChoices):
        GIFT = "gift", _("Receipt")
        CORRECTION = "correction", _("Corrected receipt")
        STATEMENT = "statement", _("Year-end statement")

    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GIFT)
    period = models.PositiveIntegerField(_("year of the gifts"), null=True, blank=True)  # statements
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="receipts")
    donation = models.ForeignKey(Donation, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts")
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=8, default="es")
    amount = money_field(_("amount"))
    deductible = money_field(_("deductible part"))
    text_en = models.JSONField(default=list)
    text_es = models.JSONField(default=list)
    rules_version = models.CharField(max_length=40)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prints = models.PositiveIntegerField(default=0, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="giving_receipt_number_unique"),
            models.UniqueConstraint(fields=["donation"], condition=Q(kind="gift"), name="giving_one_receipt_a_gift"),
            models.UniqueConstraint(fields=["donor", "period"], condition=Q(kind="statement"),
                                    name="giving_one_statement_a_year"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("giving:receipt", args=[self.code])

    @property
    def code(self) -> str:
        return f"{self.year}-{self.number:06d}"

    def text(self, language: str) -> list[str]:
        return list(self.text_es if language == "es" else self.text_en)


class StatementLine(models.Model):
    """A gift on a year-end statement: each gift once, at its net amount."""

    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="lines")
    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="+")
    amount = money_field(_("amount"))
    deductible = money_field(_("deductible part"))

    class Meta:
        ordering = ["donation__received_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["receipt", "donation"], name="giving_statement_gift_once")]

    def __str__(self) -> str:
        return f"{self.receipt_id}: {self.amount}"


from .aid_models import *  # noqa: E402,F401,F403
from .grants_models import *  # noqa: E402,F401,F403
