"""Pages of households: create one from a person's page, find someone and add them, change a
member's role or dates. Thin, like views.py: forms in, ``households`` services out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core.permissions import get_visible_or_404

from . import households
from .forms import HouseholdForm, HouseholdMemberForm
from .models import Household, HouseholdMember, Person
from .reasons import describe
from .selectors import search_people

# --- Households ------------------------------------------------------------------------------------

def _household_of(request: HttpRequest, pk: int, household_id: int) -> tuple[Person, Household]:
    """The person whose page it is (changeable by this user) and one of their households."""
    person = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=pk)
    mine = person.households.filter(household_id=household_id).select_related("household").first()
    if mine is None:
        raise Http404
    return person, mine.household


@require_POST
def household_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=pk)
    form = HouseholdForm(request.POST)
    if form.is_valid():
        try:
            households.create_household(name=form.cleaned_data["name"], person=person, role=form.cleaned_data["role"],
                                        since=form.cleaned_data["since"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Household created."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{person.get_absolute_url()}#households")


def household_add(request: HttpRequest, pk: int, household: int) -> HttpResponse:
    """Find someone (the search box, through the gate) and add them to the household."""
    person, home = _household_of(request, pk, household)
    form = HouseholdMemberForm(request.POST or None)
    query = request.GET.get("q", "").strip()[:200]
    if request.method == "POST":
        other = get_visible_or_404(request.user, Person.objects.current(), action="change",
                                   pk=request.POST.get("person") or 0)
        if form.is_valid():
            try:
                households.add_household_member(household=home, person=other, by=request.user,
                                                **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(name)s added to the household.") % {"name": other.full_name})
                return redirect(f"{person.get_absolute_url()}#households")
        query = query or other.full_name
    found = search_people(request.user, query, limit=10) if query else []
    present = set(home.members.filter(until__isnull=True).values_list("person_id", flat=True))
    results = [{"person": f.person, "reasons": describe(f.match.reasons), "present": f.person.pk in present}
               for f in found]
    return render(request, "people/household_add.html",
                  {"person": person, "household": home, "query": query, "results": results, "form": form})


def household_member(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a member's role or dates (an end date when they move out), or take them out."""
    member = get_visible_or_404(request.user, HouseholdMember.objects.select_related("household", "person"),
                                action="change", pk=pk)
    back = request.GET.get("from") or ""
    back_url = (reverse("people:detail", args=[int(back)]) if back.isdigit() else member.person.get_absolute_url()
                ) + "#households"
    if request.method == "POST" and "remove" in request.POST:
        households.remove_household_member(member=member, by=request.user)
        messages.success(request, _("%(name)s is no longer in this household.") % {"name": member.person.full_name})
        return redirect(back_url)
    initial = {"role": member.role, "since": member.since, "until": member.until}
    form = HouseholdMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            households.change_household_member(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(back_url)
    return render(request, "people/household_member.html", {"member": member, "form": form, "back_url": back_url})
