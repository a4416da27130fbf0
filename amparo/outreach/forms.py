from __future__ import annotations

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
