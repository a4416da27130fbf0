"""Forms of the programs' pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import scoring
from .models import (
    NEEDS,
    Assistance,
    Bed,
    Destination,
    DisasterEvent,
    Incident,
    Provider,
    Room,
    Service,
    SharingConsent,
    Stay,
)


class DateInput(forms.DateInput):
    """A browser date picker: its value is always ISO, whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class BookingForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=get_user_model().objects.none())
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.filter(active=True))
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.filter(active=True), required=False,
                                  empty_label=_("No room"))
    day = forms.DateField(label=_("Date"), widget=DateInput)
    starts = forms.TimeField(label=_("From"), widget=TimeInput)
    ends = forms.TimeField(label=_("Until"), widget=TimeInput)
    weeks = forms.IntegerField(label=_("Every week, how many weeks"), min_value=1, max_value=52, initial=1,
                               help_text=_("1 for a single appointment; 12 for weekly counselling for 12 weeks."))
    walk_in = forms.BooleanField(label=_("Walk-in (the client is here now)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = Provider.objects.filter(active=True).values("user_id")
        self.fields["provider"].queryset = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by(
            "full_name")
        self.fields["provider"].label_from_instance = lambda u: u.full_name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data.get("starts") and data.get("ends"):
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(data["day"], data["starts"]))
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(data["day"], data["ends"]))
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The end must come after the start."))
        if data.get("walk_in") and (data.get("weeks") or 1) > 1:
            self.add_error("weeks", _("A walk-in is one appointment."))
        return data


class NoteForm(forms.Form):
    program = forms.ChoiceField(label=_("Program"), choices=())
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)

    def __init__(self, *args: Any, programs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = programs


class AssessmentForm(forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=DateInput)

    def __init__(self, *args: Any, instrument: str, programs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["program"] = forms.ChoiceField(label=_("Program"), choices=programs)
        for i, question in enumerate(scoring.QUESTIONS[instrument], start=1):
            self.fields[f"q{i}"] = forms.TypedChoiceField(
                label=f"{i}. {question}", choices=scoring.ANSWERS, coerce=int, widget=forms.RadioSelect)

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{i}"] for i in range(1, scoring.ITEMS[self.instrument] + 1)]


class ReferralForm(forms.Form):
    from_program = forms.ChoiceField(label=_("From the program"), choices=Destination.choices)
    to_program = forms.ChoiceField(label=_("To the program or service"), choices=Destination.choices)
    partner = forms.CharField(label=_("Partner organization"), max_length=150, required=False)
    reason = forms.CharField(label=_("Reason (short, no diagnosis)"), max_length=300, required=False)


class AdmitForm(forms.Form):
    bed = forms.ModelChoiceField(label=_("Bed"), queryset=Bed.objects.select_related("room__site"))
    entry_date = forms.DateField(label=pgettext_lazy("housing stay", "Entry"), widget=DateInput)
    expected_exit = forms.DateField(label=_("Expected exit"), widget=DateInput, required=False)
    rules_acknowledged = forms.BooleanField(
        label=_("The resident has read (or been read) the house rules and accepts them"), required=False)
    rules_language = forms.ChoiceField(label=_("Language the rules were read in"), required=False,
                                       choices=(("es", _("Spanish")), ("en", _("English"))))


class RulesForm(forms.Form):
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput)
    text_en = forms.CharField(label=_("Rules (English)"), widget=forms.Textarea(attrs={"rows": 8}))
    text_es = forms.CharField(label=_("Rules (Spanish)"), widget=forms.Textarea(attrs={"rows": 8}))


class IncidentForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(label=pgettext_lazy("incident", "Time"), widget=TimeInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=Incident.Kind.choices)
    stays = forms.ModelMultipleChoiceField(label=_("Residents involved"), queryset=Stay.objects.none(),
                                           required=False, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))
    action_taken = forms.CharField(label=_("Action taken"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    staff = forms.ModelChoiceField(label=_("Staff on duty"), queryset=get_user_model().objects.none())
    follow_up = forms.CharField(label=_("Follow-up needed"), max_length=300, required=False)
    follow_up_by = forms.DateField(label=_("Follow up by"), widget=DateInput, required=False)

    def __init__(self, *args: Any, residents: Any = None, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if residents is not None:
            self.fields["stays"].queryset = residents
            self.fields["stays"].label_from_instance = (
                lambda s: f"{s.person.full_name} · {s.bed.room.name} {s.bed.label}")
        if staff is not None:
            self.fields["staff"].queryset = staff
            self.fields["staff"].label_from_instance = lambda u: u.full_name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["occurred_at"] = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
        return data


class ConsentForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who may read"), choices=SharingConsent.Audience.choices)
    scope = forms.ChoiceField(label=_("What they may read"), choices=SharingConsent.Scope.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    ends_on = forms.DateField(label=_("Until"), widget=DateInput, required=False,
                              help_text=_("Leave empty until the client withdraws consent."))
    note = forms.CharField(label=_("How consent was given"), max_length=300, required=False)


class ExitForm(forms.Form):
    exit_date = forms.DateField(label=_("Exit"), widget=DateInput)
    destination = forms.ChoiceField(label=_("Destination"), choices=Stay.ExitDestination.choices)


class WaitlistForm(forms.Form):
    household_size = forms.IntegerField(label=_("People in the household"), min_value=1, max_value=30, initial=1)
    children = forms.BooleanField(label=_("With children"), required=False)
    medical_need = forms.BooleanField(label=_("Medical need"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AssistanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Assistance.Kind.choices)
    amount = forms.DecimalField(label=_("Amount (USD)"), max_digits=10, decimal_places=2, min_value=0.01)
    fund = forms.CharField(label=_("Fund"), max_length=120)
    approved_by = forms.ModelChoiceField(label=_("Approved by"), queryset=get_user_model().objects.none())
    given_on = forms.DateField(label=_("Given on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from amparo.accounts.roles import CAPABILITIES

        roles = CAPABILITIES["assistance.approve"]
        self.fields["approved_by"].queryset = get_user_model().objects.filter(role__in=roles, is_active=True
                                                                               ).order_by("full_name")
        self.fields["approved_by"].label_from_instance = lambda u: u.full_name


class NeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(label=_("Needs"), choices=NEEDS, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DisasterForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Disaster"), queryset=DisasterEvent.objects.filter(active=True),
                                   empty_label=None)
    name = forms.CharField(label=_("Name of the person or household"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    people_count = forms.IntegerField(label=_("People in the household"), min_value=1, max_value=30, initial=1)
    slept_where = forms.CharField(label=_("Where they slept last night"), max_length=200, required=False)
    lost = forms.CharField(label=_("What they lost"), max_length=300, required=False)
    needs = forms.MultipleChoiceField(label=_("Needs"), choices=NEEDS, widget=forms.CheckboxSelectMultiple,
                                      required=False)
    needs_housing = forms.BooleanField(label=_("Needs somewhere to sleep"), required=False)
