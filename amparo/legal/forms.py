from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from amparo.accounts.models import Office
from amparo.accounts.roles import LEGAL_TEAM, Role

from .events import VARIANTS, EventKind
from .kinds import Forum, Kind, Outcome, PartyRole, Status
from .models import Case, ClosingCode, Hearing, ProblemCode, TimeEntry, normalize_receipt, validate_receipt

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FastSelect(forms.Select):
    """A select rendered in Python rather than through one template per option: the filter
    forms list every member of staff, and template-rendered options cost more than the query."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        from html import escape

        from django.forms.utils import flatatt
        from django.utils.safestring import mark_safe

        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        rows = []
        for option_value, label in self.choices:
            key = str(getattr(option_value, "value", option_value) if option_value is not None else "")
            rows.append(f'<option value="{escape(key)}"{" selected" if key in chosen else ""}>'
                        f"{escape(str(label))}</option>")
        return mark_safe(f"<select{flatatt(final)}>{''.join(rows)}</select>")  # noqa: S308 (all escaped above)


def staff_queryset(roles: Any = None) -> Any:
    qs = get_user_model().objects.filter(is_active=True)
    return qs.filter(role__in=list(roles)) if roles else qs


class _StaffChoices(forms.models.ModelChoiceIterator):
    """Names from one light query (no user objects built): the list has every member of staff."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, full_name, email in self.queryset.values_list("pk", "full_name", "email"):
            yield (pk, full_name or email)


class StaffChoiceField(forms.ModelChoiceField):
    iterator = _StaffChoices

    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case"), choices=[("", "—")] + Kind.choices)
    forum = forms.ChoiceField(label=_("Forum"), choices=[("", _("The usual one for this kind"))] + Forum.choices,
                              required=False)
    # Two lists, not one mixed list twice: offices in "Office", teams in "Team".
    office = forms.ModelChoiceField(label=_("Office"),
                                    queryset=Office.objects.filter(is_active=True, kind=Office.Kind.OFFICE))
    team = forms.ModelChoiceField(label=_("Team"), required=False,
                                  queryset=Office.objects.filter(is_active=True, kind=Office.Kind.TEAM),
                                  help_text=_("A restricted case is seen only by its team (or its office when it "
                                              "has no team), its attorney and paralegal, and their supervisors."))
    responsible = StaffChoiceField(label=_("Attorney or accredited representative"), required=False,
                                   queryset=staff_queryset([Role.ATTORNEY]))
    paralegal = StaffChoiceField(label=_("Paralegal"), required=False, queryset=staff_queryset(LEGAL_TEAM))
    court = forms.CharField(label=_("Court"), max_length=150, required=False)
    judge = forms.CharField(label=_("Judge"), max_length=150, required=False)
    priority_date = forms.DateField(label=_("Priority date"), required=False, widget=DATE)
    minor = forms.BooleanField(label=_("The client is a minor"), required=False)
    unaccompanied = forms.BooleanField(label=_("Unaccompanied minor"), required=False)


class EditCaseForm(CaseForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    release_info = forms.CharField(label=_("Release information"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    reunification = forms.ChoiceField(label=_("Family reunification"), choices=Case.ReunificationStatus.choices,
                                      required=False)
    reunification_note = forms.CharField(label=_("Reunification note"), max_length=300, required=False)
    problem_code = forms.ModelChoiceField(
        label=_("LSC problem code"), to_field_name="code", queryset=ProblemCode.objects.filter(is_active=True),
        help_text=_("The Legal Services Corporation's code for the client's legal problem; 81 is "
                    "immigration/naturalization. Funders' reports count cases by it."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .kinds import workflow

        if kind:
            allowed = set(workflow(kind))
            self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]  # type: ignore[attr-defined]


class ReceiptForm(forms.Form):
    number = forms.CharField(label=_("Receipt number"), max_length=20,
                             help_text=_("Three letters and ten digits, e.g. IOE0912345678."))
    form = forms.CharField(label=_("Form"), max_length=20, required=False)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DATE)

    def clean_number(self) -> str:
        number = normalize_receipt(self.cleaned_data["number"])
        validate_receipt(number)
        return number


class PartyForm(forms.Form):
    person = forms.IntegerField(label=_("Person number"), min_value=1,
                                help_text=_("The number on the person's page (People)."))
    role = forms.ChoiceField(label=_("Role"), choices=[c for c in PartyRole.choices if c[0] != PartyRole.PRINCIPAL])
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=[("", "—")] + EventKind.choices)
    date = forms.DateField(label=_("Date of the decision, notice or event"), widget=DATE)
    mailed = forms.BooleanField(label=_("The notice came by mail"), required=False,
                                help_text=_("Adds the mailing days where the rule allows them (RFE, NOID, "
                                            "USCIS denial)."))
    days = forms.IntegerField(label=_("Days given on the notice"), required=False, min_value=1, max_value=84,
                              help_text=_("Only for a request for evidence or a notice of intent to deny."))
    variant = forms.ChoiceField(label=_("Special case"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("None"))]
        for kind, variants in VARIANTS.items():
            label = dict(EventKind.choices)[kind]
            choices += [(value, f"{label}: {text}") for value, text in variants]
        self.fields["variant"].choices = choices  # type: ignore[attr-defined]


class ManualDeadlineForm(forms.Form):
    title = forms.CharField(label=_("What is due"), max_length=200)
    due = forms.DateField(label=_("Due"), widget=DATE)
    source = forms.CharField(label=_("Source (notice, order, rule)"), max_length=300, required=False)


class CloseDeadlineForm(forms.Form):
    note = forms.CharField(label=_("Note or reason"), max_length=300, required=False)


class HearingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Hearing.Kind.choices)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    court = forms.CharField(label=_("Court or office"), max_length=150, required=False,
                            help_text=_("Left empty: the case's court."))
    judge = forms.CharField(label=_("Judge or officer"), max_length=150, required=False)
    remote = forms.BooleanField(label=_("By video or phone"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Plain text, or simple formatting (bold, lists, links)."))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    assignee = StaffChoiceField(label=_("Assigned to"), required=False, queryset=staff_queryset(LEGAL_TEAM))
    due = forms.DateField(label=_("Due"), required=False, widget=DATE)


class TimeForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=1440)
    activity = forms.ChoiceField(label=_("Activity"), choices=TimeEntry.Activity.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—")] + Outcome.choices)
    closing_code = forms.ModelChoiceField(label=_("Closing code"), required=False,
                                          queryset=ClosingCode.objects.filter(is_active=True))
    note = forms.CharField(label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HearingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class BreakGlassForm(forms.Form):
    case = forms.IntegerField(label=_("Case number"), min_value=1)
    reason = forms.CharField(label=_("Why you need emergency access"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The case's team will see this, with your name and the time."))


WINDOWS = [("", _("Any")), ("overdue", _("Overdue")), ("7", _("Next 7 days")), ("14", _("Next 14 days")),
           ("30", _("Next 30 days")), ("90", _("Next 90 days"))]


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case number, receipt or client"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind"))] + Kind.choices,
                             widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("open", _("Open cases")), ("closed", _("Closed cases")), ("", _("All"))]
                               + Status.choices, widget=FastSelect)
    staff = StaffChoiceField(label=_("Staff"), required=False,
                             queryset=staff_queryset(LEGAL_TEAM),
                             empty_label=_("Anyone"), widget=FastSelect)
    office = forms.ModelChoiceField(label=_("Office or team"), required=False, queryset=Office.objects.all(),
                                    empty_label=_("Any"), widget=FastSelect)
    window = forms.ChoiceField(label=_("Deadlines"), required=False, choices=WINDOWS, widget=FastSelect)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"status": "open"}
        d = self.cleaned_data
        return {"q": d.get("q") or "", "kind": d.get("kind") or "",
                "status": d.get("status") if "status" in self.data else "open",
                "staff": d["staff"].pk if d.get("staff") else None,
                "office": d["office"].pk if d.get("office") else None, "window": d.get("window") or ""}


class DueFilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Whose"), required=False, choices=[
        ("mine", _("My cases")), ("staff", _("A staff member's cases")), ("office", _("An office or team")),
        ("all", _("Every case I may see"))], widget=FastSelect)
    staff = StaffChoiceField(label=_("Staff"), required=False,
                             queryset=staff_queryset(LEGAL_TEAM),
                             empty_label=_("Anyone"), widget=FastSelect)
    office = forms.ModelChoiceField(label=_("Office or team"), required=False, queryset=Office.objects.all(),
                                    empty_label=_("Any"), widget=FastSelect)
    days = forms.TypedChoiceField(label=_("Due within"), coerce=int, required=False, initial=14, choices=[
        (7, _("7 days")), (14, _("14 days")), (30, _("30 days")), (60, _("60 days")), (90, _("90 days"))],
        widget=FastSelect)
