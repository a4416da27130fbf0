from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event


class EventForm(forms.ModelForm):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")
    weeks = forms.IntegerField(label=_("Repeat weekly for (weeks)"), min_value=1, max_value=104, initial=1,
                               help_text=_("1 for a single event; more makes a weekly series."))

    class Meta:
        model = Event
        fields = ["title", "kind", "starts_at", "ends_at", "place", "online_url", "language", "capacity", "audience",
                  "description", "public", "offer_hours"]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class PublicRegistrationForm(forms.Form):
    given_names = forms.CharField(label=_("Your name"), max_length=120,
                                  widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    surnames = forms.CharField(label=_("Surnames"), max_length=160, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label=_("Email (for your QR ticket)"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            raise forms.ValidationError(_("Give a phone number or an email so we can reach you."))
        return data


class DriveUploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class BulkCheckInForm(forms.Form):
    at = forms.DateTimeField(label=_("Time of the event"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


def _entry(label: Any, *, required: bool = False, max_length: int = 120, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}))


class DriveEntryForm(forms.Form):
    """One registrant typed at a site, by keyboard: text fields in the order of the paper form
    (dates typed as 15/03/1980 or 1980-03-15), Enter saves and brings the next blank form."""

    given_names = _entry(_("given names"), autofocus="autofocus")
    first_surname = _entry(_("first surname"), max_length=80)
    second_surname = _entry(_("second surname"), max_length=80)
    birth_date = _entry(_("birth date"), max_length=20, placeholder=_("DD/MM/YYYY"))
    country_of_birth = _entry(_("country of birth"), max_length=80)
    phone = _entry(_("phone"), max_length=40, type="tel", inputmode="tel")
    email = _entry(_("email"), max_length=254, type="email")
    address = _entry(_("address"), max_length=300)
    city = _entry(_("city"))
    postcode = _entry(_("postcode"), max_length=20, inputmode="numeric")
    entry_date = _entry(_("entry date"), max_length=20, placeholder=_("DD/MM/YYYY"))
    site = _entry(_("site"), max_length=200, list="drive-sites")

    def _day(self, name: str) -> str:
        from django.utils import timezone

        from .drive_import import parse_day

        text = self.cleaned_data.get(name, "")
        try:
            parse_day(text, name, today=timezone.localdate())
        except ValueError:
            raise forms.ValidationError(_("Not a real date, or in the future: type it as DD/MM/YYYY.")) from None
        return text

    def clean_birth_date(self) -> str:
        return self._day("birth_date")

    def clean_entry_date(self) -> str:
        return self._day("entry_date")

    def clean_country_of_birth(self) -> str:
        from .drive_import import country

        text = self.cleaned_data.get("country_of_birth", "")
        if text and country(text) is None:
            raise forms.ValidationError(_("Not a country we know: type its name or its two-letter code."))
        return text

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not any(data.get(k) for k in ("given_names", "first_surname", "second_surname")):
            raise forms.ValidationError(_("Enter at least a name."))
        return data
