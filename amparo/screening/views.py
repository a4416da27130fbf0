from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.permissions import CREATE, can, get_visible_or_404, require, restrict
from amparo.rules import FactsError, RuleDataError
from amparo.rules.messages import fact_label

from . import services
from .forms import (
    ArrivalFormSet,
    FactsForm,
    RuleForm,
    TPSRegistrationFormSet,
    TripFormSet,
    initial_from_facts,
    no_trips_but_listed,
    to_facts,
)
from .models import RuleOverride, Screening
from .prefill import Prefill, prefill_for_person


def _language() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


def screening_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "screening.use")
    screenings = restrict(Screening.objects.select_related("person", "created_by"), request.user, "view")
    page = paging.get_page(Paginator(screenings, 25), request.GET.get("page"))
    return render(request, "screening/list.html", {"page": page})


def _person(request: HttpRequest) -> Any:
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        return None
    Person = apps.get_model("people", "Person")
    return get_visible_or_404(request.user, Person.objects, pk=person_id)


def screening_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "screening.use")
    person = _person(request)
    if request.method == "POST":
        form = FactsForm(request.POST)
        arrivals = ArrivalFormSet(request.POST, prefix="arrivals")
        trips = TripFormSet(request.POST, prefix="trips")
        tps = TPSRegistrationFormSet(request.POST, prefix="tps")
        checked = [f.is_valid() for f in (form, arrivals, trips, tps)]  # every form, so every error shows
        valid = all(checked)
        if valid and no_trips_but_listed(form, trips):
            form.add_error("any_trips", _("You answered “No” but listed trips. Correct one or the other."))
            valid = False
        if valid:
            try:
                screening = services.run_screening(
                    facts=to_facts(form, arrivals, trips, tps), on=form.cleaned_data["on"], by=request.user,
                    person=person, label=form.cleaned_data.get("label") or "",
                )
            except FactsError as exc:
                form.add_error(None, _("This screening could not be done: %(field)s — %(problem)s")
                               % {"field": fact_label(exc.field.split("[")[0], _language()), "problem": exc})
            else:
                return redirect("screening:detail", pk=screening.pk)
    else:
        facts: dict[str, Any] = {}
        prefill = None
        source = request.GET.get("again")
        if source:
            facts = get_visible_or_404(request.user, Screening.objects, pk=source).facts
        elif person is not None:
            prefill = prefill_for_person(person)
            facts = prefill.facts
        initial, arrival_rows, trip_rows, tps_rows = initial_from_facts(facts)
        initial["on"] = timezone.localdate()
        form = FactsForm(initial=initial)
        if prefill is not None:
            arrival_rows += prefill.arrival_rows
            _mark_prefilled(form, prefill)
        arrivals = ArrivalFormSet(initial=arrival_rows, prefix="arrivals")
        trips = TripFormSet(initial=trip_rows, prefix="trips")
        tps = TPSRegistrationFormSet(initial=tps_rows, prefix="tps")
    context = {"form": form, "arrivals": arrivals, "trips": trips, "tps": tps, "person": person,
               "prefill": prefill if request.method != "POST" else None}
    return render(request, "screening/new.html", context)


def _mark_prefilled(form: FactsForm, prefill: Prefill) -> None:
    """Say on the form which answers come from the record, and which are only suggested."""
    for name in prefill.recorded:
        form.fields[name].help_text = _("From the person's record.")
    for name in prefill.confirm:
        form.fields[name].help_text = _("Taken from the country of birth: confirm it, or change it.")
        form.fields[name].widget.attrs["data-confirm"] = "1"


def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_visible_or_404(request.user, Screening.objects.select_related("person", "created_by"), pk=pk)
    lang = _language()
    results = [{**r, "program_label": _program_label(str(r["program"]), lang)} for r in screening.results(lang)]
    missing = sorted({f for r in results for f in r["missing_facts"]})
    context = {
        "screening": screening,
        "results": results,
        "missing": [fact_label(name, lang) for name in missing],
        "warnings": sum(len(r["warnings"]) for r in results),
    }
    return render(request, "screening/detail.html", context)


def rules(request: HttpRequest) -> HttpResponse:
    require(request.user, "screening.use")
    can_add = can(request.user, CREATE, RuleOverride)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "rules.manage")
        if form.is_valid():
            try:
                override = services.record_rule(record=form.record(), by=request.user)
            except RuleDataError as exc:
                form.add_error(None, _("The rule was not saved: %(problem)s") % {"problem": exc})
            else:
                messages.success(request, _("The rule “%(id)s” is recorded and in force from %(date)s.")
                                 % {"id": override.record_id, "date": override.effective_from})
                return redirect("screening:rules")
    ruleset = services.current_ruleset()
    context = {
        "form": form if can_add else None,
        "overrides": restrict(RuleOverride.objects.select_related("created_by", "withdrawn_by"), request.user),
        "rules_version": ruleset.version,
    }
    return render(request, "screening/rules.html", context)


@require_POST
def rule_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_visible_or_404(request.user, RuleOverride.objects, action="change", pk=pk)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Say why the rule is withdrawn; the reason stays in the record."))
        return redirect("screening:rules")
    services.withdraw_rule(override=override, by=request.user, reason=reason)
    messages.success(request, _("The rule “%(id)s” is withdrawn.") % {"id": override.record_id})
    return redirect("screening:rules")


def changes(request: HttpRequest) -> HttpResponse:
    """People whose saved screenings would now come out differently."""
    require(request.user, "screening.use")
    visible = restrict(Screening.objects.select_related("person"), request.user, "view")
    latest_ids = _latest_per_subject(visible)
    today = timezone.localdate()
    found = services.changed_screenings(visible.filter(pk__in=latest_ids), on=today)
    lang = _language()
    rows = [{"screening": c.screening, "programs": [
        (_program_label(key, lang), _status_label(before, lang), _status_label(after, lang))
        for key, before, after in c.programs]} for c in found]
    return render(request, "screening/changes.html", {"rows": rows, "today": today, "checked": len(latest_ids)})


def _latest_per_subject(screenings: Any) -> list[int]:
    latest: dict[Any, int] = {}
    for pk, person_id in screenings.order_by("created_at", "id").values_list("pk", "person_id"):
        latest[person_id if person_id is not None else f"anonymous-{pk}"] = pk
    return list(latest.values())


def _program_label(key: str, lang: str) -> str:
    from amparo.rules.messages import msg

    program, _sep, cohort = key.partition(":")
    name = msg(f"program.{program}").render(lang)
    return f"{name} ({cohort})" if cohort else name


def _status_label(status: str | None, lang: str) -> str:
    from amparo.rules.messages import msg

    return msg(f"status.{status}").render(lang) if status else "—"
