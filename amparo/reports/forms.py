from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.accounts.models import Office

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    office = forms.ModelChoiceField(label=_("Office"), required=False, empty_label=_("Every office"),
                                    queryset=Office.objects.filter(is_active=True, kind=Office.Kind.OFFICE))
    outside = forms.BooleanField(label=_("For people outside the center (counts under 5 hidden)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start: choose a later date."))
        return data


class PrepareForm(ReportForm):
    """The same filters, and the file wanted: for a report prepared in the background."""

    format = forms.ChoiceField(label=pgettext_lazy("a report prepared as a file of this kind", "File"),
                               choices=[("xlsx", "XLSX"), ("pdf", "PDF"), ("csv", "CSV"), ("json", "JSON")],
                               initial="xlsx")
