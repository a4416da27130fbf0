from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from amparo.accounts.roles import Role

from .models import WEEKDAY_NAMES, ClassSession, Course, DropReason, Mark, Section, Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["name", "kind", "level", "language", "funder", "min_attendance_percent",
                  "requires_final_assessment", "passing_score"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("min_attendance_percent", "passing_score"):
            if (data.get(name) or 0) > 100:
                self.add_error(name, _("Enter a percentage from 0 to 100."))
        return data


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


def teacher_choices() -> Any:
    return get_user_model().objects.filter(is_active=True, role__in=[Role.TEACHER, Role.ADMINISTRATOR,
                                                                     Role.DIRECTOR]).order_by("email")


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["course", "term", "name", "room", "capacity", "teachers"]
        widgets = {"teachers": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = teacher_choices()
        self.fields["teachers"].label_from_instance = lambda u: u.get_full_name() or u.email  # type: ignore[attr-defined]


class SectionEditForm(SectionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(SectionForm.Meta):
        fields = ["name", "room", "capacity", "teachers"]


WEEKDAY_CHOICES = list(enumerate(WEEKDAY_NAMES))


class ScheduleForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(label=_("Days of the week"), choices=WEEKDAY_CHOICES, coerce=int,
                                              widget=forms.CheckboxSelectMultiple)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends_at = forms.TimeField(label=_("Ends at"), widget=TIME)
    first = forms.DateField(label=_("From"), widget=DATE)
    last = forms.DateField(label=_("To"), widget=DATE)
    skip_holidays = forms.BooleanField(label=_("Skip federal holidays"), required=False, initial=True)


class SessionForm(forms.ModelForm):
    class Meta:
        model = ClassSession
        fields = ["date", "starts_at", "ends_at", "cancelled", "note"]
        widgets = {"date": DATE, "starts_at": TIME, "ends_at": TIME}


class EnrolSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name"), max_length=100, required=False)


class NewStudentForm(forms.Form):
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    first_surname = forms.CharField(label=_("First surname"), max_length=150, required=False)
    second_surname = forms.CharField(label=_("Second surname"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    preferred_language = forms.ChoiceField(label=_("Language for messages"),
                                           choices=[("es", _("Spanish")), ("en", _("English"))], initial="es")


class DropForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DropReason.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ScoreForm(forms.Form):
    final_score = forms.IntegerField(label=_("Final assessment (%)"), min_value=0, max_value=100, required=False)


class MarkForm(forms.Form):
    mark = forms.ChoiceField(choices=Mark.choices)


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


class PracticeForm(forms.Form):
    filed_on = forms.DateField(label=_("N-400 filing date (or planned)"), widget=DATE)
    sixty_five_twenty = forms.BooleanField(label=_("65 or older and a permanent resident 20 years"), required=False)
    kind = forms.ChoiceField(label=_("Practice"), choices=[("civics", _("Civics")), ("reading", _("Reading")),
                                                          ("writing", _("Writing"))], initial="civics")
