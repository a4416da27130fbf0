from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.accounts.models import Office

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def program_choices() -> list[tuple[str, Any]]:
    from amparo.core.plugins import served_sources

    return [("", _("Every program")), *[(source.key, source.label) for source in served_sources()]]


def funders() -> Any:
    """Funders with an awarded grant that pays for a program (``ProgramFunding``)."""
    from amparo.giving.models import Donor, GrantApplication

    return (Donor.objects.filter(grant_applications__stage=GrantApplication.Stage.AWARDED,
                                 grant_applications__program_funding__isnull=False)
            .distinct().order_by("sort_name", "pk"))


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    office = forms.ModelChoiceField(label=_("Office"), required=False, empty_label=_("Every office"),
                                    queryset=Office.objects.filter(is_active=True, kind=Office.Kind.OFFICE))
    program = forms.ChoiceField(label=pgettext_lazy("a report's filter", "Program"), required=False, choices=())
    funder = forms.ModelChoiceField(label=pgettext_lazy("a report's filter", "Funder"), required=False,
                                    empty_label=_("Any or none"), queryset=funders(),
                                    help_text=_("Only the work its awarded grants pay for."))
    outside = forms.BooleanField(label=_("For people outside the center (counts under 5 hidden)"), required=False)

    def __init__(self, *args: Any, report: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = program_choices()
        self.fields["funder"].queryset = funders()
        if report is not None:
            for name in ("office", "program", "funder"):
                if name not in report.filters:
                    # Shown, so that nobody wonders where it went, but not applied: a value sent is ignored.
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Does not apply to this report.")

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
