from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactBy, PortalShare


class AddressForm(forms.Form):
    address = forms.CharField(label=_("Your email or mobile phone number"), max_length=200, widget=forms.TextInput(
        attrs={"autocomplete": "username", "inputmode": "email", "autocapitalize": "none", "spellcheck": "false"}))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("The 6-digit code we sent you"), max_length=12, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): cleaned to a list."""

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class PhotosForm(forms.Form):
    photos = MultipleFileField(label=_("Take or choose photos (or one PDF file)"), widget=MultipleFileInput(
        attrs={"accept": "image/*,application/pdf"}))


# --- Staff side ---------------------------------------------------------------------------------

class ShareForm(forms.ModelForm):
    class Meta:
        model = PortalShare
        fields = ["enabled", "restricted_ok", "hearings", "stage", "documents", "letters", "messages", "bring"]


class AccessForm(forms.Form):
    active = forms.BooleanField(label=_("The client may sign in to the portal"), required=False)
    contact_by = forms.ChoiceField(label=_("Do not contact except by"), choices=ContactBy.choices)


class RequestForm(forms.Form):
    label_es = forms.CharField(label=_("What the client should send (Spanish)"), max_length=200, required=False)
    label_en = forms.CharField(label=_("What the client should send (English)"), max_length=200, required=False)
    checklist_item = forms.TypedChoiceField(label=_("Or an item of the checklist"), required=False, coerce=int,
                                            empty_value=None)

    def __init__(self, *args, items=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["checklist_item"].choices = [("", "—")] + [(i.pk, str(i)) for i in items]


class StaffMessageForm(forms.Form):
    body = forms.CharField(label=_("Message to the client"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
