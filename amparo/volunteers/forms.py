from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.accounts.models import Office
from amparo.core.permissions import VIEW, restrict

from .models import Availability, HoursEntry, Shift, Skill, Volunteer, program_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SkillChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Skill) -> str:
        return obj.label


class VolunteerForm(forms.ModelForm):
    person_number = forms.IntegerField(
        label=_("Number in People"), required=False, min_value=1,
        help_text=_("When the volunteer is also in People (the number on their page). Leave empty otherwise."))
    skills = SkillChoice(label=_("Skills and languages"), queryset=Skill.objects.filter(is_active=True),
                         required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Volunteer
        fields = ["name", "user", "phone", "email", "office", "skills", "started_on", "active", "check_status",
                  "check_done_on", "check_expires_on", "emergency_name", "emergency_phone", "emergency_relation",
                  "notes"]
        widgets = {"started_on": DATE, "check_done_on": DATE, "check_expires_on": DATE,
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
        self.fields["user"].help_text = _("The volunteer's own account, when they have one: they then see their "
                                          "shifts, sign up and log their hours themselves.")
        self.fields["office"].queryset = Office.objects.filter(is_active=True)
        if self.instance.pk and self.instance.person_id:
            self.fields["person_number"].initial = self.instance.person_id
        self.order_fields(["name", "person_number"])

    def clean_person_number(self) -> Any:
        from amparo.people.models import Person

        number = self.cleaned_data.get("person_number")
        if not number:
            return None
        person = restrict(Person.objects.filter(pk=number), self.viewer, VIEW).first()
        if person is None:
            raise forms.ValidationError(_("No one in People that you may see has that number."))
        return person


class EditVolunteerForm(VolunteerForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AvailabilityForm(forms.Form):
    """Seven days, each with an optional "from" and "until"."""

    def __init__(self, *args: Any, volunteer: Volunteer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {a.weekday: a for a in volunteer.availability.all()} if volunteer else {}
        for day, label in Availability.Day.choices:
            have = current.get(day)
            self.fields[f"from_{day}"] = forms.TimeField(
                label=_("%(day)s from") % {"day": label}, required=False, widget=TIME,
                initial=have.starts if have else None)
            self.fields[f"until_{day}"] = forms.TimeField(
                label=_("%(day)s until") % {"day": label}, required=False, widget=TIME,
                initial=have.ends if have else None)

    def days(self) -> list[tuple[Any, Any, Any]]:
        return [(label, self[f"from_{day}"], self[f"until_{day}"]) for day, label in Availability.Day.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for day, _label in Availability.Day.choices:
            start, end = data.get(f"from_{day}"), data.get(f"until_{day}")
            if (start is None) != (end is None):
                self.add_error(f"until_{day}" if start else f"from_{day}",
                               _("Give both the start and the end, or leave the day empty."))
            elif start and end and end <= start:
                self.add_error(f"until_{day}", _("The end must come after the start."))
        return data

    def availability(self) -> dict[int, tuple[dt.time, dt.time]]:
        data = self.cleaned_data
        return {day: (data[f"from_{day}"], data[f"until_{day}"]) for day, _label in Availability.Day.choices
                if data.get(f"from_{day}") and data.get(f"until_{day}")}


class ShiftForm(forms.ModelForm):
    skills = SkillChoice(label=_("Skills needed"), queryset=Skill.objects.filter(is_active=True), required=False,
                         widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Shift
        fields = ["event", "drive", "site", "role", "starts_at", "ends_at", "slots", "skills", "program", "office",
                  "notes"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        from amparo.outreach.models import Drive, DriveSite, Event

        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = restrict(Event.objects.order_by("-starts_at"), viewer, VIEW)
        self.fields["drive"].queryset = restrict(Drive.objects.all(), viewer, VIEW)
        self.fields["site"].queryset = restrict(DriveSite.objects.select_related("drive"), viewer, VIEW)
        self.fields["site"].label_from_instance = lambda s: f"{s.drive} · {s.name}"  # type: ignore[attr-defined]
        self.fields["event"].help_text = _("An event, or a registration drive below: one of the two.")
        self.fields["program"].required = False
        self.fields["program"].help_text = _("Where the hours count. Empty: events or registration drives.")
        self.fields["office"].queryset = Office.objects.filter(is_active=True)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class SignupForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=Volunteer.objects.none())

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = restrict(Volunteer.objects.filter(active=True), viewer, VIEW)


class HoursForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.CharField(label=_("Hours"), max_length=8,
                            help_text=_("For example 2.5 for two and a half hours."),
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    activity = forms.ChoiceField(label=_("Activity"), choices=HoursEntry.Activity.choices)
    program = forms.ChoiceField(label=_("Program"), choices=())
    grant = forms.ModelChoiceField(label=_("Grant"), required=False, queryset=None,
                                   help_text=_("The grant these hours are reported to, if any."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        from amparo.giving.models import GrantApplication

        super().__init__(*args, **kwargs)
        self.fields["program"].choices = program_choices()
        grants = restrict(GrantApplication.objects.filter(stage=GrantApplication.Stage.AWARDED)
                          .select_related("funder"), viewer, VIEW)
        self.fields["grant"].queryset = grants
        self.fields["grant"].label_from_instance = lambda g: f"{g.funder} · {g.title}"  # type: ignore[attr-defined]
        if not grants.exists():
            del self.fields["grant"]


class DecideForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)


class CorrectForm(forms.Form):
    hours = forms.CharField(label=_("Hours that should count"), max_length=8,
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    note = forms.CharField(label=_("Why"), max_length=300)


class FilterForm(forms.Form):
    CHECK = [("", _("Any")), ("expiring", _("Expiring within 30 days")), ("expired", _("Expired")),
             ("missing", _("Not cleared or no date"))]
    q = forms.CharField(label=_("Name, e-mail or phone"), required=False, max_length=100)
    skill = forms.ModelChoiceField(label=_("Skill or language"), required=False,
                                   queryset=Skill.objects.filter(is_active=True), empty_label=_("Any"))
    day = forms.TypedChoiceField(label=_("Available on"), required=False, coerce=int, empty_value=None,
                                 choices=[("", _("Any day")), *Availability.Day.choices])
    check = forms.ChoiceField(label=_("Background check"), required=False, choices=CHECK)
    active = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("yes", pgettext_lazy("volunteers", "Active")),
                                        ("no", pgettext_lazy("volunteers", "Inactive")),
                                        ("all", pgettext_lazy("volunteers", "All"))])
