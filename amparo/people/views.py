"""Pages of people: list and search, intake, a person, duplicates and merges. Thin: forms in,
services and selectors through the permission gate, templates out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.audit import log_action
from amparo.core.encryption import lookup_hash
from amparo.core.permissions import can, get_visible_or_404, require, restrict

from . import households, services
from .cards import card_context
from .forms import (
    HouseholdForm,
    IntakeForm,
    MergeForm,
    OtherNameForm,
    PersonForm,
    RestrictionForm,
    WaiverForm,
    adverse_records,
    record_from_data,
)
from .models import ConflictCheck, DuplicateCandidate, FittedModel, Merge, Person, Relationship
from .policies import can_find_person, findable_people_q, may_open_restricted
from .reasons import describe, explain_weights
from .selectors import intake_matches, search_people

LIST_SIZE = 50
CROWDED = 10  # this many equally good answers: ask for more to tell them apart


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def person_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "people.view")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        found = search_people(request.user, query, limit=50, cards=True)
        results = [{"person": f.person, "score": f.score_percent, "reasons": describe(f.match.reasons),
                    "card_only": f.card_only} for f in found]
        page = None
        # Many people answer this equally well (a common name alone): say what would tell them apart.
        crowded = len(found) >= CROWDED and found[CROWDED - 1].match.score == found[0].match.score
    else:  # the newest people; with a million records, counting and sorting them all helps nobody
        people = Person.objects.current().filter(findable_people_q(request.user)).order_by("-id")[:LIST_SIZE]
        files = set(restrict(Person.objects.filter(pk__in=[p.pk for p in people]), request.user, "view")
                    .values_list("pk", flat=True))
        results = [{"person": p, "card_only": p.pk not in files} for p in people]
        page = None
        crowded = False
    context = {"query": query, "results": results, "page": page, "crowded": crowded,
               "can_export": can(request.user, "export", Person), "can_create": can(request.user, "create", Person),
               "can_merge": can(request.user, "view", Merge)}
    template = "people/list.html#results" if _htmx(request) else "people/list.html"
    return render(request, template, context)


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    require(request.user, "people.export")
    progress = services.start_export(by=request.user)
    return redirect("core:task", pk=progress.pk)


def _matches_context(request: HttpRequest, form: IntakeForm) -> dict[str, Any]:
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    raw = dict(form.data.items() if form.is_bound else [])
    source = {**raw, **{k: v for k, v in data.items() if v not in (None, "")}}
    a_hash = ""
    try:
        from .identifiers import normalize_a_number

        a_hash = lookup_hash(normalize_a_number(raw.get("a_number", "")))
    except ValidationError:
        pass
    if not (source.get("given_names") or "").strip() or not (
            (source.get("first_surname") or "").strip() or (source.get("second_surname") or "").strip()):
        return {"matches": None}
    record = record_from_data(source, a_hash=a_hash)
    matches = intake_matches(request.user, record, adverse=adverse_records(source))
    rows = [{"person": f.person, "score": f.score_percent, "reasons": describe(f.match.reasons),
             "card_only": f.card_only} for f in matches.likely]
    _audit_hidden_match(request, matches.hidden_match)
    conflicts = [{**c, "reasons": describe(c["match"].reasons)} for c in matches.conflicts]
    return {"matches": matches, "match_rows": rows, "conflicts": conflicts, "chosen": raw.get("existing", "")}


def _audit_hidden_match(request: HttpRequest, ids: list[int]) -> None:
    """A hidden person may be the one at the desk: recorded (once per person and session, as the
    panel refreshes while someone types), never shown."""
    if not ids:
        return
    seen = set(request.session.get("people_hidden_matches", []))
    new = sorted(set(ids) - seen)
    if new:
        log_action(action="people.restricted_match", actor=request.user, extra={"people": new})
        request.session["people_hidden_matches"] = sorted(seen | set(new))[-200:]


def _intake_person(user: Any, chosen: str) -> Person:
    """The existing person an intake is added to: one whose file the user may change, or whose card
    they see (the intake adds to the record and reads nothing of it). Anyone else: 404."""
    person = Person.objects.current().filter(pk=chosen).first() if str(chosen).isdigit() else None
    if person is not None and can(user, "view", person):
        return get_visible_or_404(user, Person.objects.current(), action="change", pk=person.pk)
    if person is None or not can_find_person(user, person) or not can(user, "change", Person):
        raise Http404
    return person


def _may_open_anyway(user: Any) -> bool:
    """Who may open a new record although a hidden one may match (after checking): supervisors."""
    return bool(getattr(user, "is_supervisor", False))


def intake(request: HttpRequest) -> HttpResponse:
    require(request.user, "people.create")
    if request.method == "POST" and "check" not in request.POST:
        form = IntakeForm(request.POST)
        context: dict[str, Any] = {"matches": None}
        chosen = form.data.get("existing")
        if form.is_valid():
            existing = None
            if chosen not in (None, "", "new"):
                existing = _intake_person(request.user, chosen)
            record = record_from_data(form.cleaned_data, a_hash=lookup_hash(form.cleaned_data.get("a_number", "")))
            matches = intake_matches(request.user, record, adverse=adverse_records(form.cleaned_data))
            if not chosen and matches.likely:
                # Someone similar is already here: the worker must say whether it is the same person.
                form.add_error(None, _("People like this one are already in Amparo: choose the same person below, "
                                       "or “None of these: a new person”."))
                context = _matches_context(request, form)
                return render(request, "people/intake.html", {"form": form, **context})
            if existing is None and matches.hidden_match:
                if not _may_open_anyway(request.user):
                    form.add_error(None, _("A restricted record may match this person: ask a supervisor. "
                                           "Nothing was saved, so that nobody has two records."))
                    context = _matches_context(request, form)
                    return render(request, "people/intake.html", {"form": form, **context})
                log_action(action="people.restricted_match.new_anyway", actor=request.user,
                           extra={"people": matches.hidden_match})
            try:
                check = services.record_conflict_check(
                    by=request.user, matches=matches,
                    searched={"name": " ".join(p for p in (form.cleaned_data["given_names"],
                                                           form.cleaned_data["first_surname"],
                                                           form.cleaned_data["second_surname"]) if p),
                              "adverse": [" ".join(r.names[0].given + r.names[0].surnames)
                                          for r in adverse_records(form.cleaned_data)]})
                taken = services.take_intake(
                    by=request.user, person=existing, fields=form.person_fields(), needs=form.cleaned_data["needs"],
                    notes=form.cleaned_data["notes"], check=check, **_children(form.cleaned_data),
                    relatives=form.relatives())
            except ValidationError as exc:
                form.add_error(None, exc)
                context = _matches_context(request, form)
            else:
                if check.result == ConflictCheck.Result.POSSIBLE:
                    messages.warning(request, _("Intake saved. Possible conflict: ask a supervisor to review it "
                                                "before giving advice."))
                else:
                    messages.success(request, _("Intake saved. Conflict check: clear."))
                return redirect(taken.person)
        else:
            context = _matches_context(request, form)
    else:
        form = IntakeForm(request.POST if request.method == "POST" else None)
        if form.is_bound:
            form.is_valid()
        context = _matches_context(request, form) if form.is_bound else {"matches": None}
    return render(request, "people/intake.html", {"form": form, **context})


def _children(d: dict[str, Any]) -> dict[str, Any]:
    other = []
    if d.get("other_given_names") or d.get("other_surnames"):
        other.append({"kind": d.get("other_name_kind") or "alias", "given_names": d.get("other_given_names", ""),
                      "first_surname": d.get("other_surnames", "")})
    contacts = [{"kind": "phone", "value": d.get("phone", ""), "texts_ok": d.get("texts_ok")},
                {"kind": "email", "value": d.get("email", "")}]
    addresses = [{"street": d.get("street", ""), "city": d.get("city", ""), "state": d.get("state", ""),
                  "postcode": d.get("postcode", "")}]
    arrivals = [{"when": d.get("arrival_date"), "manner": d.get("arrival_manner"), "place": d.get("arrival_place", ""),
                 "apprehended": d.get("arrival_apprehended")}]
    trips = [{"left": d.get("trip_left"), "back": d.get("trip_back"), "destination": d.get("trip_destination", "")}]
    return {"other_names": other, "contacts": contacts, "addresses": addresses, "arrivals": arrivals,
            "trips": trips}


@require_POST
def intake_matches_view(request: HttpRequest) -> HttpResponse:
    """The live panel of the intake screen (htmx): likely matches and the conflict check."""
    require(request.user, "people.create")
    form = IntakeForm(request.POST)
    form.is_valid()
    return render(request, "people/intake.html#matches", {"form": form, **_matches_context(request, form)})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "people.view")
    try:
        person = get_visible_or_404(request.user, Person.objects.select_related("merged_into"), pk=pk)
    except Http404:
        return _card(request, pk)
    if person.merged_into_id:
        merge = Merge.objects.filter(dropped=person, undone_at__isnull=True).first()
        can_undo = merge is not None and can(request.user, "change", merge)
        return render(request, "people/merged.html", {"person": person, "merge": merge, "can_undo": can_undo})
    relationships = restrict(Relationship.objects.filter(person=person), request.user).select_related("other")
    related_to = restrict(Relationship.objects.filter(other=person), request.user).select_related("person")
    visible_others = set(restrict(Person.objects.filter(
        pk__in=[r.other_id for r in relationships] + [r.person_id for r in related_to]), request.user
    ).values_list("pk", flat=True))
    context = {
        "person": person,
        "other_names": person.other_names.all(),
        "contacts": person.contacts.all(),
        "addresses": person.addresses.all(),
        "arrivals": person.arrivals.all(),
        "trips": person.trips.all(),
        "relationships": [r for r in relationships if r.other_id in visible_others],
        "related_to": [r for r in related_to if r.person_id in visible_others],
        "intakes": person.intakes.select_related("by", "conflict_check")[:20],
        "checks": person.conflict_checks.select_related("checked_by", "waived_by")[:20],
        "merges": Merge.objects.filter(kept=person).select_related("dropped", "by")[:10],
        "can_change": can(request.user, "change", person),
        "can_restrict": can(request.user, "change", person) and may_open_restricted(request.user),
        "can_waive": _can_waive(request.user),
        "can_merge": can(request.user, "view", Merge),
        "other_name_form": OtherNameForm(),
        "households": households.households_of(person, request.user),
        "household_form": HouseholdForm(initial={"name": _("%(name)s household") % {
            "name": " ".join(p for p in (person.first_surname, person.second_surname) if p) or person.given_names}}),
    }
    return render(request, "people/detail.html", context)


def _card(request: HttpRequest, pk: int) -> HttpResponse:
    """The front-desk card of a person whose file this user may not open: her name, how to reach
    her and when she is expected; nothing of the file. A hidden person stays a 404."""
    person = Person.objects.current().filter(pk=pk).first()
    if person is None or not can_find_person(request.user, person):
        raise Http404
    log_action(action="restricted.card_view", actor=request.user, obj=person)
    return render(request, "people/card.html", {**card_context(person),
                                                "can_intake": can(request.user, "create", Person)})


def _can_waive(user: Any) -> bool:
    return can(user, "conflicts.waive")


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=pk)
    form = PersonForm.for_person(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_person(person=person, by=request.user, fields=fields, version=form.cleaned_data["version"])
        except services.ConcurrentEdit:
            form.add_error(None, _("Someone else changed this person while you were editing. Your changes were not "
                                   "saved: reload the page to see theirs, then make yours again."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(person)
    return render(request, "people/edit.html", {"person": person, "form": form})


@require_POST
def add_other_name(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=pk)
    form = OtherNameForm(request.POST)
    if form.is_valid():
        services.update_person(person=person, by=request.user, fields={}, other_names=[form.cleaned_data])
        messages.success(request, _("Name added."))
    else:
        messages.error(request, _("Enter at least one part of the name."))
    return redirect(person)


def restriction(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=pk)
    if not may_open_restricted(request.user):
        raise Http404
    initial = {"restricted": person.restricted, "hidden": person.hidden or not person.restricted,
               "offices": list(person.allowed_offices.all())}
    form = RestrictionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_restriction(person=person, restricted=form.cleaned_data["restricted"],
                                     offices=form.cleaned_data["offices"], by=request.user,
                                     hidden=form.cleaned_data["hidden"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Restriction saved."))
            return redirect(person)
    return render(request, "people/restriction.html", {"person": person, "form": form})


def waive(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "conflicts.waive")
    check = get_visible_or_404(request.user, ConflictCheck.objects.select_related("person", "checked_by"), pk=pk)
    form = WaiverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waive_conflict(check=check, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The conflict is waived; your reason is recorded."))
            return redirect(check.person) if check.person else redirect("people:list")
    visible = set(restrict(Person.objects.filter(pk__in=[f["person"] for f in check.findings]), request.user)
                  .values_list("pk", flat=True))
    people = {p.pk: p for p in Person.objects.filter(pk__in=visible)}
    findings = [{**f, "who": people.get(f["person"]), "reasons": describe(f.get("reasons", []))}
                for f in check.findings]
    return render(request, "people/waive.html", {"check": check, "form": form, "findings": findings})


def duplicates(request: HttpRequest) -> HttpResponse:
    require(request.user, "people.merge")
    pairs = restrict(DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN), request.user)
    pairs = pairs.filter(first__merged_into__isnull=True, second__merged_into__isnull=True).select_related(
        "first", "second")
    page = paging.get_page(Paginator(pairs, 30), request.GET.get("page"))
    rows = [{"pair": p, "reasons": describe(p.reasons), "weights": explain_weights(p.weights),
             "total": round(sum(float(w[2]) for w in p.weights), 1) if p.weights else None} for p in page]
    # Every record is considered: pairs with someone this user may not see are said, never shown.
    hidden = list(DuplicateCandidate.objects.filter(
        status=DuplicateCandidate.Status.OPEN, first__merged_into__isnull=True, second__merged_into__isnull=True)
        .exclude(pk__in=pairs.values("pk")).values_list("first_id", "second_id")[:200])
    _audit_hidden_match(request, sorted({pk for pair in hidden for pk in pair}))
    model = restrict(FittedModel.objects.defer("parameters"), request.user).first()
    return render(request, "people/duplicates.html", {"page": page, "rows": rows, "hidden_pairs": bool(hidden),
                                                      "model": model})


@require_POST
def duplicates_run(request: HttpRequest) -> HttpResponse:
    require(request.user, "people.merge")
    progress = services.start_duplicate_pass(by=request.user)
    return redirect("core:task", pk=progress.pk)


@require_POST
def not_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_visible_or_404(request.user, DuplicateCandidate.objects, action="change", pk=pk)
    services.mark_not_duplicate(candidate=candidate, by=request.user)
    messages.success(request, _("Marked as two different people."))
    return redirect("people:duplicates")


def merge(request: HttpRequest, first: int, second: int) -> HttpResponse:
    require(request.user, "people.merge")
    a = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=first)
    b = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=second)
    if a.pk == b.pk:
        raise Http404
    form = MergeForm(request.POST or None, people=(a, b))
    if request.method == "POST" and form.is_valid():
        keep, drop = (a, b) if form.cleaned_data["keep"] == str(a.pk) else (b, a)
        try:
            services.merge_people(keep=keep, drop=drop, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Merged. Everything from the other record is now here; you can undo the "
                                        "merge from this page."))
            return redirect(keep)
    from .matching import compare
    from .services import person_record

    match = compare(person_record(a), person_record(b))
    return render(request, "people/merge.html", {"a": a, "b": b, "form": form, "score": round(match.score * 100),
                                                 "reasons": describe(match.reasons)})


@require_POST
def undo_merge(request: HttpRequest, pk: int) -> HttpResponse:
    merge_record = get_visible_or_404(request.user, Merge.objects, action="change", pk=pk)
    try:
        services.undo_merge(merge=merge_record, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The merge was undone: both records are back as they were."))
    return redirect("people:detail", pk=merge_record.kept_id)
