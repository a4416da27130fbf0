from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amparo.outreach.models import Event

from .models import Action, Campaign, Material, Meeting, Organization, OrgContact, Petition, Target, TurnoutEstimate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    events = forms.ModelMultipleChoiceField(label=_("Linked events"), required=False,
                                            queryset=Event.objects.order_by("-starts_at", "pk"),
                                            widget=forms.SelectMultiple(attrs={"size": 6}),
                                            help_text=_("Check-ins at these events count as the campaign's turnout."))

    class Meta:
        model = Campaign
        fields = ["name", "kind", "status", "starts_on", "ends_on", "goal", "description_es", "description_en"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "goal": forms.Textarea(attrs={"rows": 2}),
                   "description_es": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4})}

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["on", "what", "who", "outcome"]
        widgets = {"on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}


class EstimateForm(forms.ModelForm):
    class Meta:
        model = TurnoutEstimate
        fields = ["on", "people", "source"]
        widgets = {"on": DATE}


class MaterialForm(forms.ModelForm):
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = Material
        fields = ["title", "kind", "language", "url", "file"]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not data.get("url") and not data.get("file") and not self.errors:
            raise forms.ValidationError(_("Give a link or choose a file."))
        return data


class PartnerForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.order_by("name"))
    role = forms.ChoiceField(label=_("Role in the campaign"), choices=[])

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from .models import Partnership

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Partnership.Role.choices


class PetitionForm(forms.ModelForm):
    class Meta:
        model = Petition
        fields = ["title_es", "title_en", "text_es", "text_en", "addressed_to", "target", "is_open"]
        widgets = {"text_es": forms.Textarea(attrs={"rows": 5}), "text_en": forms.Textarea(attrs={"rows": 5})}


class SignatureForm(forms.Form):
    """The public signature form: few fields, phone first."""

    name = forms.CharField(label=_("Your name"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label=_("Email"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}))
    comment = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    may_contact = forms.BooleanField(label=_("You may contact me about this campaign"), required=False)
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not (data.get("phone") or data.get("email") or data.get("postcode")) and not self.errors:
            raise forms.ValidationError(_("Give a phone number, an email or at least your postcode."))
        return data


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "description", "website", "members"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "members": forms.SelectMultiple(attrs={"size": 6})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = OrgContact
        fields = ["name", "role", "email", "phone"]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["name", "kind", "office", "position", "position_since", "decision_on", "outcome", "campaigns"]
        widgets = {"position_since": DATE, "decision_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2}),
                   "campaigns": forms.SelectMultiple(attrs={"size": 5})}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["on", "attendees", "notes", "outcome"]
        widgets = {"on": DATE, "notes": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 2})}
