"""Forms and views to create and edit archive records (archivists: ``archive.manage``).

Every save goes through the services (one transaction, one audit entry, the index kept).
Concurrent edits are detected: the form carries the record's last-change time, and a save
over someone else's newer change is refused with a clear message, never overwritten.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amparo.core import uploads
from amparo.core.permissions import can, get_visible_or_404, require, restrict

from . import services
from .models import Access, Act, Actor, Career, Event, Involvement, Place, Source

DATE_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD; add ~ for “around”.")


def _access_field(user: Any, current: str | None) -> forms.ChoiceField:
    publish = can(user, "archive.publish")
    choices = [(v, label) for v, label in Access.choices if publish or v != Access.PUBLIC or current == Access.PUBLIC]
    return forms.ChoiceField(label=_("Who may see it"), choices=choices, initial=current or Access.STAFF)


class PartialDateField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD (with ~ for "around"), checked here so the error is in the reader's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> str:
        from amparo.core.partial_dates import PartialDate

        text = super().clean(value) or ""
        try:
            parsed = PartialDate.parse(text)
        except ValueError as exc:
            raise ValidationError(gettext("Not a date we can read: write 1981, 1981-03 or 1981-03-14.")) from exc
        return parsed.edtf() if parsed else ""


class SourceIdentifiers(forms.CharField):
    """Sources by identifier, separated by ";" (there may be thousands: no long select lists)."""

    def __init__(self, *args: Any, many: bool = True, **kwargs: Any) -> None:
        self.many = many
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Identifiers separated by “;”.") if many else _("The source's identifier."))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value) or ""
        wanted = [x.strip() for x in text.split(";") if x.strip()]
        found = {s.identifier: s for s in Source.objects.filter(identifier__in=wanted)}
        missing = [x for x in wanted if x not in found]
        if missing:
            raise ValidationError(gettext("No source with the identifier %(ids)s.") % {"ids": ", ".join(missing)})
        if not self.many:
            if len(wanted) > 1:
                raise ValidationError(gettext("Give one identifier."))
            return found[wanted[0]] if wanted else None
        return [found[x] for x in wanted]


class Versioned(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class SourceForm(Versioned):
    identifier = forms.CharField(label=_("Identifier"), max_length=100)
    source_type = forms.ModelChoiceField(label=_("Source type"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Title"), max_length=500)
    date = PartialDateField(label=_("Date"))
    language = forms.ChoiceField(label=_("Language"), choices=[("es", _("Spanish")), ("en", _("English"))])
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    place = forms.ModelChoiceField(label=_("Place covered"), queryset=None, required=False)  # type: ignore[arg-type]
    creator = forms.CharField(label=_("Creator"), max_length=300, required=False)
    rights = forms.CharField(label=_("Rights"), max_length=300, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    file = forms.FileField(label=_("File (a scan, photograph or PDF)"), required=False,
                           validators=[uploads.checked_file(uploads.DOCUMENTS)],
                           help_text=_("Staff only: files are never shown on the public archive."))


class EventForm(Versioned):
    title = forms.CharField(label=_("Title"), max_length=300)
    category = forms.ChoiceField(label=_("Category"), choices=Event.Category.choices)
    date = PartialDateField(label=_("Start date"))
    end_date = PartialDateField(label=_("End date"))
    places = forms.ModelMultipleChoiceField(label=_("Places"), queryset=None, required=False)  # type: ignore[arg-type]
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    sources = SourceIdentifiers(label=_("Sources"))


class ActorForm(Versioned):
    kind = forms.ChoiceField(label=_("Kind"), choices=Actor.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    aliases = forms.CharField(label=_("Other names"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text=_("One per line: aliases, spellings, acronyms."))
    parent = forms.ModelChoiceField(label=_("Part of"), queryset=None, required=False)  # type: ignore[arg-type]
    same_as = forms.ModelChoiceField(label=_("Same real person or group as"), queryset=None,  # type: ignore[arg-type]
                                     required=False,
                                     help_text=_("Links records from different sources without merging them."))
    source = SourceIdentifiers(label=_("Named in"), many=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActForm(Versioned):
    act_type = forms.ModelChoiceField(label=_("Act type"), queryset=None, to_field_name="code")  # type: ignore[arg-type]
    date = PartialDateField(label=_("Date"))
    place = forms.ModelChoiceField(label=_("Place"), queryset=None, required=False)  # type: ignore[arg-type]
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=None, required=False)  # type: ignore[arg-type]
    victim_description = forms.CharField(label=_("Victim as described"), max_length=300, required=False,
                                         help_text=_("When the victim is not named: “a catechist, 34”."))
    perpetrators = forms.ModelMultipleChoiceField(label=_("Perpetrators"), queryset=None,  # type: ignore[arg-type]
                                                  required=False)
    degree = forms.ChoiceField(label=_("Degree of involvement"), choices=Involvement.Degree.choices)
    source = SourceIdentifiers(label=_("Source"), many=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CareerForm(Versioned):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)  # type: ignore[arg-type]
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)  # type: ignore[arg-type]
    rank = forms.CharField(label=_("Rank"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    is_command = forms.BooleanField(label=_("In command"), required=False)
    start = PartialDateField(label=_("From"))
    end = PartialDateField(label=_("To"), help_text=_("Leave empty if unknown or still in post."))
    source = SourceIdentifiers(label=_("Source"), many=False)


def _querysets(form: forms.Form, user: Any) -> None:
    from .models import ActType, SourceType

    actors = restrict(Actor.objects.all(), user).order_by("name")
    sets = {
        "source_type": SourceType.objects.filter(active=True), "act_type": ActType.objects.filter(active=True),
        "place": Place.objects.select_related("parent").order_by("kind", "name"),
        "places": Place.objects.select_related("parent").order_by("kind", "name"),
        "parent": actors.exclude(kind=Actor.Kind.PERSON), "same_as": actors,
        "victim": actors.filter(kind=Actor.Kind.PERSON), "perpetrators": actors,
        "person": actors.filter(kind=Actor.Kind.PERSON), "unit": actors.exclude(kind=Actor.Kind.PERSON),
    }
    for name, queryset in sets.items():
        if name in form.fields:
            form.fields[name].queryset = queryset  # type: ignore[attr-defined]


KINDS: dict[str, tuple[type[Any], type[forms.Form], Any, str]] = {
    "source": (Source, SourceForm, services.source_save, "archive:source"),
    "event": (Event, EventForm, services.event_save, "archive:event"),
    "actor": (Actor, ActorForm, services.actor_save, "archive:actor"),
    "act": (Act, ActForm, services.act_save, "archive:event"),
    "career": (Career, CareerForm, services.career_save, "archive:actor"),
}
TITLES = {
    "source": (_("New source"), _("Edit source")), "event": (_("New event"), _("Edit event")),
    "actor": (_("New actor or unit"), _("Edit actor")), "act": (_("New act"), _("Edit act")),
    "career": (_("New career entry"), _("Edit career entry")),
}


def _initial(kind: str, record: Any) -> dict[str, Any]:
    if record is None:
        return {}
    data = {name: getattr(record, name, None) for name in KINDS[kind][1].base_fields
            if hasattr(record, name) and name != "file"}
    data["version"] = record.updated_at.isoformat()
    if kind == "event":
        data["places"] = list(record.places.all())
        data["sources"] = "; ".join(s.identifier for s in record.sources.all())
    if kind in ("actor", "act", "career"):
        data["source"] = record.source.identifier if record.source_id else ""
    if kind == "actor":
        data["same_as"], data["parent"] = record.same_as, record.parent
    if kind == "act":
        involvements = list(record.involvements.all())
        data["perpetrators"] = [i.perpetrator for i in involvements]
        data["degree"] = involvements[0].degree if involvements else Involvement.Degree.DIRECT
    data["access"] = record.access
    return data


def _save(kind: str, form: forms.Form, user: Any, record: Any, parent: Any) -> Any:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    if not data.get("file"):
        data.pop("file", None)  # no new file: keep the one the record has
    save = KINDS[kind][2]
    if kind == "event":
        places, sources = data.pop("places"), data.pop("sources")
        return save(by=user, data=data, event=record, places_=places, sources=sources)
    if kind == "act":
        perpetrators, degree = data.pop("perpetrators"), data.pop("degree")
        data["event"] = record.event if record else parent
        return save(by=user, data=data, act=record, perpetrators=[(p, degree) for p in perpetrators])
    return save(by=user, data=data, **{kind: record})


def _redirect(kind: str, saved: Any) -> HttpResponse:
    if kind == "act":
        return redirect("archive:event", pk=saved.event_id)
    if kind == "career":
        return redirect("archive:actor", pk=saved.person_id)
    return redirect(KINDS[kind][3], pk=saved.pk)


def edit(request: HttpRequest, kind: str, pk: int | None = None, parent_pk: int | None = None) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    require(request.user, "archive.manage")
    model = KINDS[kind][0]
    record = get_visible_or_404(request.user, model.objects.all(), pk=pk, action="change") if pk else None
    parent = None
    if kind == "act" and record is None:
        parent = get_visible_or_404(request.user, Event.objects.all(), pk=parent_pk, action="change")
    form_class = KINDS[kind][1]
    initial = _initial(kind, record)
    if kind == "career" and record is None and parent_pk:
        initial["person"] = get_visible_or_404(request.user, Actor.objects.all(), pk=parent_pk)
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    form.fields["access"] = _access_field(request.user, record.access if record else None)
    _querysets(form, request.user)
    if request.method == "POST" and form.is_valid():
        if record is not None and form.cleaned_data.get("version") != record.updated_at.isoformat():
            form.add_error(None, gettext("Someone else changed this record while you were editing it. "
                                   "Reload the page to see their changes, then edit again."))
        else:
            try:
                saved = _save(kind, form, request.user, record, parent)
            except ValidationError as exc:
                for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied:
                form.add_error("access", gettext("Only archivists and administrators may publish."))
            else:
                messages.success(request, gettext("Saved."))
                return _redirect(kind, saved)
    title = TITLES[kind][0 if record is None else 1]
    if record is not None:
        cancel = _redirect(kind, record)["Location"]
    elif parent is not None:
        cancel = redirect("archive:event", pk=parent.pk)["Location"]
    else:
        cancel = redirect("archive:actors" if kind in ("actor", "career") else "archive:index")["Location"]
    return render(request, "archive/edit.html", {"form": form, "title": title, "record": record,
                                                 "cancel_url": cancel, "parent": parent})
