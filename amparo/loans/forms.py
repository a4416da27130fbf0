from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, LoanProduct


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        super().__init__(attrs, format="%Y-%m-%d")


class MoneyField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), **kwargs)


class PrepareForm(forms.Form):
    borrower = forms.ModelChoiceField(queryset=None, label=_("Borrower"))
    product = forms.ModelChoiceField(queryset=LoanProduct.objects.filter(active=True), label=_("Product"))
    amount = MoneyField(label=_("Amount"))
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borrower"].queryset = people


class RepayForm(forms.Form):
    amount = MoneyField(label=_("Amount received"))
    on = forms.DateField(label=_("Date received"), widget=DateInput)


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=dt.date.today)


class RescheduleForm(forms.Form):
    on = forms.DateField(label=_("New schedule starts on"), widget=DateInput)
    term = forms.IntegerField(label=_("Number of installments"), min_value=1, max_value=120)
    frequency = forms.ChoiceField(label=_("Repayment frequency"), choices=Frequency.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ProductForm(forms.ModelForm):
    class Meta:
        model = LoanProduct
        fields = ["name", "min_amount", "max_amount", "annual_rate", "method", "frequency", "term",
                  "grace_principal", "grace_interest", "fee_amount", "fee_kind", "fee_timing", "penalty_after_days",
                  "penalty_flat", "penalty_percent", "requires_literacy_course", "active"]


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("Name of the business"), max_length=150)
    sector = forms.CharField(label=_("Sector"), max_length=100)
    place = forms.ChoiceField(label=_("Where"), choices=[("la", _("Los Angeles")), ("sv", _("El Salvador"))])
    employees = forms.IntegerField(label=_("Employees"), min_value=0, max_value=10000, initial=0)
    started_on = forms.DateField(label=_("Started on"), widget=DateInput, required=False)
    owners = forms.ModelMultipleChoiceField(queryset=None, label=_("Owners"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = people


class SalesForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    amount = forms.DecimalField(label=_("Sales that month"), max_digits=12, decimal_places=2, min_value=0)


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of visit"), choices=[("plan", _("Business plan")),
                                                                ("follow_up", _("Follow-up visit"))])
    on = forms.DateField(label=_("Date of the visit"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
