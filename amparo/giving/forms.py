"""Forms of giving pages. Donors are chosen by number (a list of half a million donors is no
menu); every write goes through ``services``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Campaign, Donor, DonorKind, Entry, Frequency, Fund, Method


class DateInput(forms.DateInput):
    """A browser date picker: its value is always ISO, whatever the language's date format (a
    localized value, 03/12/2026, would leave the picker empty)."""

    input_type = "date"

    def __init__(self, attrs: Any = None, format: str | None = None) -> None:  # noqa: A002 - Django's name
        super().__init__(attrs, format="%Y-%m-%d")


class DonorChoice(forms.IntegerField):
    """A donor's number, checked against the donors the user may see."""

    def __init__(self, *args: Any, queryset: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Donor number"))
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)
        self.queryset = queryset

    def clean(self, value: Any) -> Any:
        number = super().clean(value)
        if number is None:
            return None
        donor = (self.queryset if self.queryset is not None else Donor.objects.none()).filter(pk=number).first()
        if donor is None:
            raise forms.ValidationError(_("There is no donor with this number."))
        return donor


class DonorForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of donor"), choices=DonorKind.choices)
    name = forms.CharField(label=_("name"), max_length=200)
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    address = forms.CharField(label=_("mailing address"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    language = forms.ChoiceField(label=_("language for letters and receipts"),
                                 choices=[("es", _("Spanish")), ("en", _("English"))])
    salutation = forms.CharField(label=_("salutation"), max_length=120, required=False)


class DonationForm(forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DateInput)
    method = forms.ChoiceField(label=_("method"), choices=Method.choices)
    amount = forms.DecimalField(label=_("amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    fund = forms.ModelChoiceField(label=_("fund"), queryset=Fund.objects.filter(active=True))
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.all(), required=False)
    reference = forms.CharField(label=_("check or reference number"), max_length=60, required=False)
    in_kind_description = forms.CharField(label=_("description of the goods given"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    goods_value = forms.DecimalField(label=_("value of goods or services given in return"), max_digits=14,
                                     decimal_places=2, min_value=Decimal("0"), required=False,
                                     help_text=_("A good-faith estimate of what the donor received (a gala dinner)."))
    goods_description = forms.CharField(label=_("goods or services given in return"), max_length=300,
                                        required=False)
    honoree = forms.CharField(label=_("in honor or memory of"), max_length=200, required=False)
    honoree_kind = forms.ChoiceField(label=_("kind of tribute"), required=False,
                                     choices=[("", "—"), ("honor", _("In honor of")), ("memory", _("In memory of"))])
    notify_name = forms.CharField(label=_("notify"), max_length=200, required=False,
                                  help_text=_("Who is told of the gift (the honoree's family)."))
    notify_address = forms.CharField(label=_("their address"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    entry = forms.ChoiceField(label=_("correction"), choices=[c for c in Entry.choices if c[0] != Entry.GIFT])
    on = forms.DateField(label=_("date"), widget=DateInput)
    amount = forms.DecimalField(label=_("change of amount (adjustments only)"), max_digits=14, decimal_places=2,
                                required=False)
    reason = forms.CharField(label=_("reason"), max_length=300)


class BatchForm(forms.Form):
    label = forms.CharField(label=_("label"), max_length=150)
    expected_count = forms.IntegerField(label=_("number of gifts (control)"), min_value=1, max_value=10000)
    expected_total = forms.DecimalField(label=_("total amount (control)"), max_digits=14, decimal_places=2,
                                        min_value=Decimal("0.01"))


class ControlForm(forms.Form):
    expected_count = forms.IntegerField(label=_("number of gifts (control)"), min_value=1, max_value=10000)
    expected_total = forms.DecimalField(label=_("total amount (control)"), max_digits=14, decimal_places=2,
                                        min_value=Decimal("0.01"))


class EntryForm(forms.Form):
    donor = DonorChoice()
    received_on = forms.DateField(label=_("received on"), widget=DateInput)
    method = forms.ChoiceField(label=_("method"), choices=[c for c in Method.choices if c[0] != Method.IN_KIND])
    amount = forms.DecimalField(label=_("amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    fund = forms.ModelChoiceField(label=_("fund"), queryset=Fund.objects.filter(active=True))
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.all(), required=False)
    reference = forms.CharField(label=_("check or reference number"), max_length=60, required=False)

    def __init__(self, *args: Any, donors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = donors  # type: ignore[attr-defined]


class StatementsForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the gifts"), min_value=2000, max_value=2100)


class GrantForm(forms.Form):
    funder = DonorChoice(label=_("Funder number"))
    title = forms.CharField(label=_("title"), max_length=200)
    requested = forms.DecimalField(label=_("amount requested"), max_digits=14, decimal_places=2, min_value=0)
    due_on = forms.DateField(label=_("application due"), widget=DateInput, required=False)

    def __init__(self, *args: Any, donors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = donors  # type: ignore[attr-defined]


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("stage"), choices=[])
    on = forms.DateField(label=_("date"), widget=DateInput)
    awarded = forms.DecimalField(label=_("amount awarded"), max_digits=14, decimal_places=2, min_value=0,
                                 required=False)
    period_start = forms.DateField(label=_("grant period starts"), widget=DateInput, required=False)
    period_end = forms.DateField(label=_("grant period ends"), widget=DateInput, required=False)
    restrictions = forms.CharField(label=_("restrictions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import GrantApplication

        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = GrantApplication.Stage.choices  # type: ignore[attr-defined]


class DeliverableForm(forms.Form):
    description = forms.CharField(label=_("description"), max_length=300)
    metric = forms.ChoiceField(label=_("counted from"), choices=[])
    target = forms.IntegerField(label=_("target"), min_value=1)
    report_due = forms.DateField(label=_("report due"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .grants import METRICS

        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [(k, m.label) for k, m in METRICS.items()]  # type: ignore[attr-defined]


class DriveForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=150)
    starts = forms.DateField(label=_("starts"), widget=DateInput)


class GoodsForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DateInput)
    point = forms.ModelChoiceField(label=_("collection point"), queryset=None, required=False)  # type: ignore[arg-type]
    category = forms.ChoiceField(label=_("category"), choices=[])
    description = forms.CharField(label=_("description"), max_length=200)
    quantity = forms.DecimalField(label=_("quantity"), max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    unit = forms.CharField(label=_("unit"), max_length=20)
    weight_kg = forms.DecimalField(label=_("weight (kg)"), max_digits=10, decimal_places=2, min_value=0,
                                   required=False)
    expires_on = forms.DateField(label=_("expires on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, points: Any = None, **kwargs: Any) -> None:
        from .models import CollectionPoint, GoodsCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = GoodsCategory.choices  # type: ignore[attr-defined]
        self.fields["point"].queryset = points if points is not None else CollectionPoint.objects.none()  # type: ignore[attr-defined]


# --- Grants: editing an application and its award, payments, deliverables ------------------------

class GrantEditForm(forms.Form):
    funder = DonorChoice(label=_("Funder number"))
    title = forms.CharField(label=_("title"), max_length=200,
                            help_text=_("The funder's opportunity or program, and what the grant is for."))
    requested = forms.DecimalField(label=_("amount requested"), max_digits=14, decimal_places=2, min_value=0)
    due_on = forms.DateField(label=_("application due"), widget=DateInput, required=False)
    fund = forms.ModelChoiceField(label=_("fund"), queryset=Fund.objects.all(), required=False)
    awarded = forms.DecimalField(label=_("amount awarded"), max_digits=14, decimal_places=2, min_value=0)
    period_start = forms.DateField(label=_("grant period starts"), widget=DateInput, required=False)
    period_end = forms.DateField(label=_("grant period ends"), widget=DateInput, required=False)
    restrictions = forms.CharField(label=_("restrictions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, donors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = donors  # type: ignore[attr-defined]


class PaymentForm(forms.Form):
    on = forms.DateField(label=_("received on"), widget=DateInput)
    amount = forms.DecimalField(label=_("amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


# --- Material aid: collection points, shipments, boxes -------------------------------------------

class PointForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=150)
    address = forms.CharField(label=_("address"), max_length=300, required=False)


class ShipmentForm(forms.Form):
    department = forms.ChoiceField(label=_("department"), choices=[])
    municipality = forms.CharField(label=_("municipality"), max_length=100)
    partner = forms.CharField(label=_("partner organization"), max_length=200,
                              help_text=_("Who receives the goods there (a parish, a community board)."))
    carrier = forms.CharField(label=_("carrier"), max_length=150, required=False)
    packed_on = forms.DateField(label=_("packed on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .aid import DEPARTMENTS

        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            ("", "—"), *sorted(((code, f"{name} ({code})") for code, name in DEPARTMENTS.items()),
                               key=lambda c: c[1])]


BOX_ROWS = 4  # item rows offered for one box


def stock_key(row: dict[str, Any]) -> str:
    """A stable name for a line of stock (its category, description and unit), for a menu."""
    import hashlib

    text = "\x1f".join((row["category"], row["description"], row["unit"]))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class BoxForm(forms.Form):
    """One box: its weight and up to ``BOX_ROWS`` items taken from the drive's stock."""

    weight_kg = forms.DecimalField(label=_("weight of the box (kg)"), max_digits=8, decimal_places=2,
                                   min_value=Decimal("0.01"))

    def __init__(self, *args: Any, stock: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        from .models import GoodsCategory

        super().__init__(*args, **kwargs)
        labels = dict(GoodsCategory.choices)
        self.stock = {stock_key(row): row for row in stock or []}
        choices = [("", "—")] + [
            (key, f"{labels.get(row['category'], row['category'])}: {row['description']} "
                  f"({row['quantity'].normalize():f} {row['unit']})") for key, row in self.stock.items()]
        for n in range(1, BOX_ROWS + 1):
            self.fields[f"item_{n}"] = forms.ChoiceField(label=_("item %(n)s") % {"n": n}, choices=choices,
                                                         required=n == 1)
            self.fields[f"quantity_{n}"] = forms.DecimalField(label=_("quantity of item %(n)s") % {"n": n},
                                                              max_digits=10, decimal_places=2,
                                                              min_value=Decimal("0.01"), required=False)
            self.fields[f"expires_{n}"] = forms.DateField(label=_("item %(n)s expires on") % {"n": n},
                                                          widget=DateInput, required=False)

    def rows(self) -> list[list[Any]]:
        return [[self[f"item_{n}"], self[f"quantity_{n}"], self[f"expires_{n}"]] for n in range(1, BOX_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = []
        for n in range(1, BOX_ROWS + 1):
            key, quantity = data.get(f"item_{n}"), data.get(f"quantity_{n}")
            if not key:
                continue
            if quantity is None:
                self.add_error(f"quantity_{n}", _("Enter how many go in the box."))
                continue
            row = self.stock[key]
            items.append({"category": row["category"], "description": row["description"], "unit": row["unit"],
                          "quantity": quantity, "expires_on": data.get(f"expires_{n}")})
        data["items"] = items
        return data


# --- Pledges and recurring gifts -----------------------------------------------------------------

class PledgeForm(forms.Form):
    total = forms.DecimalField(label=_("amount pledged"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    pledged_on = forms.DateField(label=_("pledged on"), widget=DateInput)
    installments = forms.IntegerField(label=_("number of installments"), min_value=1, max_value=120)
    frequency = forms.ChoiceField(label=_("frequency"), choices=Frequency.choices)
    first_due = forms.DateField(label=_("first installment due"), widget=DateInput, required=False,
                                help_text=_("Leave empty: due on the day of the pledge."))
    fund = forms.ModelChoiceField(label=_("fund"), queryset=Fund.objects.filter(active=True))
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.all(), required=False)


class RecurringForm(forms.Form):
    amount = forms.DecimalField(label=_("amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    frequency = forms.ChoiceField(label=_("frequency"), choices=Frequency.choices)
    method = forms.ChoiceField(label=_("method"), choices=[c for c in Method.choices if c[0] != Method.IN_KIND])
    starts = forms.DateField(label=_("starts"), widget=DateInput)
    fund = forms.ModelChoiceField(label=_("fund"), queryset=Fund.objects.filter(active=True))


class InstallmentPaymentForm(forms.Form):
    """A payment received against one installment of a pledge, or one due date of a recurring gift."""

    due = forms.ChoiceField(label=_("installment"), choices=[])
    received_on = forms.DateField(label=_("received on"), widget=DateInput)
    method = forms.ChoiceField(label=_("method"), choices=[c for c in Method.choices if c[0] != Method.IN_KIND])
    amount = forms.DecimalField(label=_("amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    reference = forms.CharField(label=_("check or reference number"), max_length=60, required=False)

    def __init__(self, *args: Any, dues: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due"].choices = dues or []  # type: ignore[attr-defined]


class RecurringStopForm(forms.Form):
    last_due = forms.DateField(label=_("last gift expected on"), widget=DateInput)


class RecurringChangeForm(forms.Form):
    amount = forms.DecimalField(label=_("new amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    first_due = forms.DateField(label=_("from"), widget=DateInput)
