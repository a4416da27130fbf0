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
