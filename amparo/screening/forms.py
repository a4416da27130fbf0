"""The screening questions, in plain language, turned into the rules engine's facts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from amparo.rules.records import KINDS

UNKNOWN = ""
TRI_STATE = [(UNKNOWN, _("Not known")), ("yes", _("Yes")), ("no", _("No"))]
FIRST_COUNTRIES = ["SV", "GT", "HN", "NI", "MX", "VE", "HT", "CU", "CO", "EC"]


def country_choices() -> list[tuple[str, Any]]:
    first = [(code, countries.name(code)) for code in FIRST_COUNTRIES]
    rest = [(code, name) for code, name in countries if code not in FIRST_COUNTRIES]
    return [(UNKNOWN, _("Not known")), (_("Most often"), first), (_("All countries"), rest)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput(), help_text=help_text)


def _tri(label: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=TRI_STATE, required=False, help_text=help_text)


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=99)


class FactsForm(forms.Form):
    on = forms.DateField(label=_("Screen as of"), widget=DateInput(),
                         help_text=_("Usually today. Eligibility and deadlines are worked out for this date."))
    label = forms.CharField(label=_("Who is this for?"), required=False, max_length=200,
                            help_text=_("A first name or initials, if this screening is not linked to a person."))
    birth_date = _date(_("Date of birth"))
    country_of_birth = forms.ChoiceField(label=_("Country of birth"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    second_nationality = forms.ChoiceField(label=_("Second nationality, if any"), required=False)
    any_trips = _tri(_("Any trips outside the U.S. since first arriving?"),
                     _("If yes, list them under “Trips outside the United States”."))
    lpr_since = _date(_("Permanent resident (green card) since"),
                      _("The “resident since” date on the green card."))
    state_residence_since = _date(_("Living in this state since"))
    married = _tri(_("Married?"))
    spouse_is_citizen = _tri(_("Is the spouse a U.S. citizen?"))
    married_since = _date(_("Married since"))
    spouse_citizen_since = _date(_("Spouse a citizen since"))
    living_together = _tri(_("Living with the spouse?"))
    abc_registered_on = _date(_("Registered for the ABC settlement on"),
                              _("The date of the ABC registration form or the TPS application that counted."))
    asylum_filed_on = _date(_("Applied for asylum on"))
    daca_expires_on = _date(_("Current DACA expires on"))
    in_school_or_graduated = _tri(_("In school, graduated, or has a GED?"))
    veteran = _tri(_("Honorably discharged veteran?"))
    in_removal_proceedings = _tri(_("In immigration court (removal proceedings) now?"))
    felonies = _count(_("Felony convictions"))
    misdemeanors = _count(_("Misdemeanor convictions"))
    significant_misdemeanors = _count(_("Significant misdemeanors (for DACA)"))
    aggravated_felony = _tri(_("Any aggravated felony?"))
    household_size = forms.IntegerField(label=_("People in the household"), required=False, min_value=1,
                                        max_value=30)
    household_income = forms.DecimalField(label=_("Household income per year (US$)"), required=False,
                                          min_value=0, max_digits=10, decimal_places=2)
    means_tested_benefit = _tri(_("Anyone in the household receives a means-tested benefit?"),
                                _("For example Medi-Cal, CalFresh (SNAP) or CalWORKs."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("country_of_birth", "nationality", "second_nationality"):
            self.fields[name].choices = country_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("married_since") and data.get("birth_date") and data["married_since"] < data["birth_date"]:
            self.add_error("married_since", _("The marriage date is before the date of birth."))
        return data


class ArrivalForm(forms.Form):
    date = forms.DateField(label=_("Arrived on"), widget=DateInput(), required=False)
    manner = forms.ChoiceField(label=_("How"), required=False, choices=[
        (UNKNOWN, _("Not known")), ("inspected", _("Inspected at a port of entry (visa, border card)")),
        ("ewi", _("Without inspection")), ("parole", _("Paroled in")),
    ])
    apprehended = _tri(_("Stopped by immigration at entry?"))


class TripForm(forms.Form):
    left = forms.DateField(label=_("Left the U.S. on"), widget=DateInput(), required=False)
    returned = forms.DateField(label=_("Came back on"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        left, returned = data.get("left"), data.get("returned")
        if bool(left) != bool(returned):
            raise forms.ValidationError(_("Give both dates of the trip, or neither."))
        if left and returned and returned < left:
            raise forms.ValidationError(_("The return is before the departure."))
        return data


class TPSRegistrationForm(forms.Form):
    country = forms.ChoiceField(label=_("TPS for"), required=False)
    date = forms.DateField(label=_("Registered on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("country")) != bool(data.get("date")):
            raise forms.ValidationError(_("Give both the country and the date of the registration."))
        return data


ArrivalFormSet = forms.formset_factory(ArrivalForm, extra=2, max_num=20)
TripFormSet = forms.formset_factory(TripForm, extra=2, max_num=40)
TPSRegistrationFormSet = forms.formset_factory(TPSRegistrationForm, extra=1, max_num=20)


def _tri_value(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def to_facts(form: FactsForm, arrivals: Any, trips: Any, tps: Any) -> dict[str, Any]:
    """The FACTS.json shape of the rules engine, leaving out whatever is not known."""
    d = form.cleaned_data
    facts: dict[str, Any] = {}
    for name in ("birth_date", "lpr_since", "state_residence_since", "abc_registered_on", "asylum_filed_on",
                 "daca_expires_on"):
        if d.get(name):
            facts[name] = d[name].isoformat()
    if d.get("country_of_birth"):
        facts["country_of_birth"] = d["country_of_birth"]
    nationalities = [c for c in (d.get("nationality"), d.get("second_nationality")) if c]
    if nationalities:
        facts["nationalities"] = list(dict.fromkeys(nationalities))
    for name in ("in_school_or_graduated", "veteran", "in_removal_proceedings", "married", "means_tested_benefit"):
        value = _tri_value(d.get(name))
        if value is not None:
            facts[name] = value
    if _tri_value(d.get("spouse_is_citizen")):
        marriage = {"since": d["married_since"].isoformat() if d.get("married_since") else None,
                    "spouse_citizen_since": d["spouse_citizen_since"].isoformat()
                    if d.get("spouse_citizen_since") else None,
                    "living_together": _tri_value(d.get("living_together"))}
        facts["married_to_usc"] = {k: v for k, v in marriage.items() if v is not None}
    criminal = {k: d[k] for k in ("felonies", "misdemeanors", "significant_misdemeanors") if d.get(k) is not None}
    if _tri_value(d.get("aggravated_felony")) is not None:
        criminal["aggravated_felony"] = _tri_value(d.get("aggravated_felony"))
    if criminal:
        facts["criminal"] = criminal
    if d.get("household_size"):
        facts["household_size"] = d["household_size"]
    if d.get("household_income") is not None:
        facts["household_income"] = float(d["household_income"])
    rows = [f.cleaned_data for f in arrivals.forms if f.cleaned_data.get("date")]
    if rows:
        facts["arrivals"] = [
            {"date": r["date"].isoformat(), **({"manner": r["manner"]} if r.get("manner") else {}),
             **({"apprehended": _tri_value(r["apprehended"])} if _tri_value(r.get("apprehended")) is not None else {})}
            for r in sorted(rows, key=lambda r: r["date"])
        ]
    rows = [f.cleaned_data for f in trips.forms if f.cleaned_data.get("left")]
    if rows:
        facts["trips"] = [{"left": r["left"].isoformat(), "returned": r["returned"].isoformat()}
                          for r in sorted(rows, key=lambda r: r["left"])]
    elif d.get("any_trips") == "no":
        facts["trips"] = []  # known: none
    rows = [f.cleaned_data for f in tps.forms if f.cleaned_data.get("country")]
    if rows:
        facts["tps_registrations"] = [{"country": r["country"], "date": r["date"].isoformat()} for r in rows]
    return facts


def initial_from_facts(facts: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]],
                                                        list[dict[str, Any]]]:
    """Form initial data from a facts dict (the inverse of ``to_facts``), for prefilling."""
    def tri(value: Any) -> str:
        return {True: "yes", False: "no"}.get(value, UNKNOWN)

    initial: dict[str, Any] = {k: facts.get(k) for k in (
        "birth_date", "lpr_since", "state_residence_since", "abc_registered_on", "asylum_filed_on",
        "daca_expires_on", "country_of_birth", "household_size", "household_income")}
    nationalities = facts.get("nationalities") or []
    initial["nationality"] = nationalities[0] if nationalities else ""
    initial["second_nationality"] = nationalities[1] if len(nationalities) > 1 else ""
    for name in ("in_school_or_graduated", "veteran", "in_removal_proceedings", "married", "means_tested_benefit"):
        initial[name] = tri(facts.get(name))
    marriage = facts.get("married_to_usc") or {}
    if marriage:
        initial.update(spouse_is_citizen="yes", married_since=marriage.get("since"),
                       spouse_citizen_since=marriage.get("spouse_citizen_since"),
                       living_together=tri(marriage.get("living_together")))
    criminal = facts.get("criminal") or {}
    initial.update({k: criminal.get(k) for k in ("felonies", "misdemeanors", "significant_misdemeanors")})
    initial["aggravated_felony"] = tri(criminal.get("aggravated_felony"))
    arrivals = [{"date": a.get("date"), "manner": a.get("manner", ""), "apprehended": tri(a.get("apprehended"))}
                for a in facts.get("arrivals") or []]
    trips = [dict(t) for t in facts.get("trips") or []]
    if "trips" in facts:
        initial["any_trips"] = "yes" if trips else "no"
    tps = [dict(r) for r in facts.get("tps_registrations") or []]
    return {k: v for k, v in initial.items() if v not in (None, "")}, arrivals, trips, tps


def no_trips_but_listed(form: FactsForm, trips: Any) -> bool:
    """"No trips" answered while trips are listed: ask, rather than guess which is right."""
    listed = any(f.cleaned_data.get("left") for f in trips.forms)
    return form.cleaned_data.get("any_trips") == "no" and listed


class RuleForm(forms.Form):
    """A new dated rule: the common fields, plus the fields of its kind as `name = value` lines."""

    kind = forms.ChoiceField(label=_("Kind of rule"), choices=[(k, k) for k in sorted(KINDS)])
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput())
    effective_to = forms.DateField(label=_("In force until (last day)"), widget=DateInput(), required=False)
    source = forms.CharField(label=_("Source"), max_length=500,
                             help_text=_("The citation: Federal Register notice, regulation, statute or court order."))
    verified = forms.BooleanField(label=_("Verified in a primary source"), required=False,
                                  help_text=_("Leave unticked if not yet checked: screens will warn "
                                              "“check before relying on this”."))
    fields_text = forms.CharField(
        label=_("Fields of this kind"), widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        required=False,
        help_text=_("One per line, as name = value. For a TPS notice: country = \"SV\", cohort = \"2001\", "
                    "state = \"in_force\"."),
    )
    note = forms.CharField(label=_("Note (English)"), required=False, max_length=500)
    note_es = forms.CharField(label=_("Note (Spanish)"), required=False, max_length=500)

    def clean_fields_text(self) -> dict[str, Any]:
        import tomllib

        text = self.cleaned_data.get("fields_text") or ""
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise forms.ValidationError(
                _("These lines could not be read (%(problem)s). Write each as name = value, with text in quotes.")
                % {"problem": exc}
            ) from exc

    def record(self) -> dict[str, Any]:
        d = self.cleaned_data
        record: dict[str, Any] = {"kind": d["kind"], "effective_from": d["effective_from"],
                                  "effective_to": d.get("effective_to"), "source": d["source"],
                                  "verified": bool(d.get("verified")), "note": d.get("note"),
                                  "note_es": d.get("note_es")}
        record.update(d.get("fields_text") or {})
        return record
