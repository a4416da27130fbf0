"""Forms of people: the one-screen intake, editing a person, restriction, waiver, merge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from amparo.accounts.models import Office
from amparo.core.partial_dates import PartialDate, check_plausible, forms_accepted, parse

from . import matching
from .identifiers import normalize_a_number, normalize_ssn
from .models import Arrival, HouseholdMember, Intake, OtherName, Person, Relationship

RELATIVE_ROWS = 3
DATE_HELP = _("Like 1981-03-15, 15/03/1981, 1981-03 or 1981. Put ~ in front if approximate: ~2014.")


class PartialDateField(forms.CharField):
    """A date a person types (``core.partial_dates.parse``), in their language's order (15/03/1981
    in Spanish, 03/15/1981 in English). Dates of people's lives are in the past and not before
    1900; ``today`` is read when the form is checked (``timezone.localdate()``), or passed in."""

    def __init__(self, *args: Any, past: bool = True, today: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)
        self.past, self.today = past, today
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("inputmode", "numeric")

    def prepare_value(self, value: Any) -> Any:
        return value.edtf() if isinstance(value, PartialDate) else value

    def clean(self, value: Any) -> PartialDate | None:  # type: ignore[override]
        text = super().clean(value)
        day_first = (get_language() or "en").startswith("es")
        try:
            parsed = parse(text, day_first=day_first)
        except ValueError:
            raise ValidationError(forms_accepted(day_first=day_first), code="partial_date") from None
        problem = check_plausible(parsed, today=self.today) if self.past else ""
        if problem:
            raise ValidationError(problem, code="implausible_date")
        return parsed


class AnumberField(forms.CharField):
    def clean(self, value: Any) -> str:  # type: ignore[override]
        return normalize_a_number(super().clean(value))


class SsnField(forms.CharField):
    def clean(self, value: Any) -> str:  # type: ignore[override]
        return normalize_ssn(super().clean(value))


def _text(label: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=kwargs.pop("required", False),
                           max_length=kwargs.pop("max_length", 150),
                           **kwargs)


class IdentityFields(forms.Form):
    given_names = _text(_("Given names"), required=True)
    first_surname = _text(_("First surname"))
    second_surname = _text(_("Second surname"))
    preferred_name = _text(_("Preferred name"), help_text=_("What the person likes to be called."))
    birth = PartialDateField(label=_("Birth date"), help_text=DATE_HELP)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, required=False)
    gender = _text(_("Gender, as the person describes it"), max_length=80)
    country_of_birth = _text(_("Country of birth"), max_length=80)
    nationalities = _text(_("Nationalities"), max_length=200)
    languages = _text(_("Languages spoken"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Language for letters and messages"),
                                           choices=[("es", _("Spanish")), ("en", _("English"))], initial="es")
    a_number = AnumberField(label=_("A-number"), required=False, max_length=20,
                            help_text=_("8 or 9 digits, from any immigration paper."))
    ssn = SsnField(label=_("SSN or ITIN"), required=False, max_length=20)


class IntakeForm(IdentityFields):
    other_name_kind = forms.ChoiceField(label=_("Kind of other name"), choices=OtherName.Kind.choices,
                                        required=False)
    other_given_names = _text(_("Other given names"))
    other_surnames = _text(_("Other surnames"), help_text=_("A married name, an alias, or a spelling on a document."))
    phone = _text(_("Phone"), max_length=40)
    texts_ok = forms.BooleanField(label=_("Agrees to text messages at this number"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    street = _text(_("Street address"), max_length=200)
    city = _text(_("City"), max_length=100)
    state = _text(_("State"), max_length=60)
    postcode = _text(_("ZIP code"), max_length=20)
    arrival_date = PartialDateField(label=_("Arrived in the U.S."), help_text=DATE_HELP)
    arrival_manner = forms.ChoiceField(label=_("How they entered"), choices=Arrival.Manner.choices,
                                       initial=Arrival.Manner.UNKNOWN)
    arrival_place = _text(_("Where they entered"))
    arrival_apprehended = forms.ChoiceField(label=_("Apprehended at entry"), choices=Arrival.Apprehended.choices,
                                            initial=Arrival.Apprehended.UNKNOWN)
    trip_left = PartialDateField(label=_("Left the U.S."))
    trip_back = PartialDateField(label=_("Came back"))
    trip_destination = _text(_("Where to"))
    needs = forms.MultipleChoiceField(label=_("What they need"), choices=Intake.Need.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    existing = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(RELATIVE_ROWS):
            self.fields[f"rel{n}_kind"] = forms.ChoiceField(
                label=_("Relationship"), required=False,
                choices=[("", "—")] + list(Relationship.Kind.choices))
            self.fields[f"rel{n}_given"] = _text(_("Given names"))
            self.fields[f"rel{n}_surnames"] = _text(_("Surnames"))
            self.fields[f"rel{n}_birth"] = PartialDateField(label=_("Birth date"))
            self.fields[f"rel{n}_household"] = forms.BooleanField(label=_("Lives with them"), required=False)
        self.fields["given_names"].widget.attrs["autofocus"] = True

    def relative_rows(self) -> list[list[Any]]:
        return [[self[f"rel{n}_{part}"] for part in ("kind", "given", "surnames", "birth", "household")]
                for n in range(RELATIVE_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(RELATIVE_ROWS):
            named = data.get(f"rel{n}_given") or data.get(f"rel{n}_surnames")
            if named and not data.get(f"rel{n}_kind"):
                self.add_error(f"rel{n}_kind", _("Say how this person is related."))
            if data.get(f"rel{n}_household") and data.get(f"rel{n}_kind") in Relationship.ADVERSE_KINDS:
                self.add_error(f"rel{n}_household", _("An abuser or adverse party is not added to the client's "
                                                      "household. Untick “Lives with them”."))
        return data

    # What the form says, in the shapes services and matching take.
    def person_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {k: d.get(k) for k in IdentityFields.base_fields}

    def relatives(self) -> list[dict[str, Any]]:
        out = []
        for n in range(RELATIVE_ROWS):
            d = self.cleaned_data
            given, surnames = d.get(f"rel{n}_given", ""), d.get(f"rel{n}_surnames", "")
            if d.get(f"rel{n}_kind") and (given or surnames):
                out.append({"kind": d[f"rel{n}_kind"], "given_names": given or "?", "first_surname": surnames,
                            "birth": d.get(f"rel{n}_birth"), "household": bool(d.get(f"rel{n}_household"))})
        return out


def record_from_data(data: dict[str, Any], *, a_hash: str = "") -> matching.Record:
    """A matching record from intake data (cleaned or raw, so matches show while typing)."""
    birth = data.get("birth")
    if isinstance(birth, str):
        try:
            birth = parse(birth, day_first=(get_language() or "en").startswith("es"))
        except ValueError:
            birth = None
    other = []
    if data.get("other_given_names") or data.get("other_surnames"):
        other.append((data.get("other_name_kind") or "alias", data.get("other_given_names", ""),
                      data.get("other_surnames", ""), ""))
    return matching.make_record(
        None, given_names=data.get("given_names", ""), first_surname=data.get("first_surname", ""),
        second_surname=data.get("second_surname", ""), preferred_name=data.get("preferred_name", ""),
        other_names=other, birth=birth.date if birth else None,
        birth_precision=birth.precision if birth else "day", phones=[data.get("phone", "")],
        identifier=a_hash, postcode=data.get("postcode", ""), street=data.get("street", ""),
    )


def adverse_records(data: dict[str, Any]) -> list[matching.Record]:
    out = []
    for n in range(RELATIVE_ROWS):
        if data.get(f"rel{n}_kind") in Relationship.ADVERSE_KINDS:
            record = matching.make_record(None, given_names=data.get(f"rel{n}_given", ""),
                                          first_surname=data.get(f"rel{n}_surnames", ""))
            if record.names[0].given or record.names[0].surnames:
                out.append(record)
    return out


class PersonForm(IdentityFields):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_person(cls, person: Person, data: Any = None) -> PersonForm:
        initial = {name: getattr(person, name) for name in IdentityFields.base_fields if hasattr(person, name)}
        initial["birth"] = person.birth.edtf() if person.birth else ""
        initial["a_number"] = person.a_number
        initial["ssn"] = person.ssn
        initial["version"] = person.version
        return cls(data, initial=initial)


class OtherNameForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OtherName.Kind.choices)
    given_names = _text(_("Given names"))
    first_surname = _text(_("First surname"))
    second_surname = _text(_("Second surname"))


class RestrictionForm(forms.Form):
    restricted = forms.BooleanField(label=_("Restricted: only these offices and teams may see this person"),
                                    required=False)
    hidden = forms.BooleanField(
        label=_("Hidden: others do not find this person at all"), required=False,
        help_text=_("For someone who is herself confidential (a protected child, a witness). Without it, the "
                    "front desk still finds the name and how to reach the person, and nothing else."))
    offices = forms.ModelMultipleChoiceField(label=_("Offices and teams"),
                                             queryset=Office.objects.filter(is_active=True),
                                             required=False, widget=forms.CheckboxSelectMultiple)


class WaiverForm(forms.Form):
    reason = forms.CharField(label=_("Why is the conflict waived?"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label=_("Keep which record?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, people: tuple[Person, Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(str(p.pk), f"{p.full_name} (#{p.pk})") for p in people]
        self.fields["keep"].initial = str(people[0].pk)


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


class HouseholdForm(forms.Form):
    """A new household, with the person whose page it is as its first member."""

    name = _text(_("Household name"), required=True, help_text=_("Such as the family's surnames."))
    role = forms.ChoiceField(label=_("Their role"), choices=HouseholdMember.Role.choices,
                             initial=HouseholdMember.Role.HEAD)
    since = _date(_("Living there since"))


class HouseholdMemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the household"), choices=HouseholdMember.Role.choices,
                             initial=HouseholdMember.Role.OTHER)
    since = _date(_("Since"))
    until = _date(_("Until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date cannot be before the start date."))
        return data
