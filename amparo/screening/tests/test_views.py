import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.screening.models import RuleOverride, Screening

FORM = {
    "on": "2026-03-01", "label": "Rosa", "birth_date": "1980-04-02", "country_of_birth": "SV",
    "nationality": "SV", "second_nationality": "",
    "arrivals-TOTAL_FORMS": "2", "arrivals-INITIAL_FORMS": "0",
    "arrivals-0-date": "1999-06-01", "arrivals-0-manner": "ewi", "arrivals-0-apprehended": "no",
    "any_trips": "no", "trips-TOTAL_FORMS": "1", "trips-INITIAL_FORMS": "0",
    "tps-TOTAL_FORMS": "1", "tps-INITIAL_FORMS": "0", "tps-0-country": "SV", "tps-0-date": "2001-05-01",
}


def test_the_form_screens_and_shows_results_with_missing_facts(make_user):
    client = sign_in(Client(), make_user(Role.INTAKE))
    response = client.post("/screening/new/", FORM)
    screening = Screening.objects.get()
    assert response.status_code == 302 and response.url == f"/screening/{screening.pk}/"
    assert screening.facts["arrivals"] == [{"date": "1999-06-01", "manner": "ewi", "apprehended": False}]
    page = client.get(response.url).content.decode()
    assert "Temporary Protected Status" in page or "TPS" in page
    assert "Still needed to finish this screening" in page


def test_in_spanish_the_results_reasons_and_warnings_are_spanish(make_user):
    client = sign_in(Client(), make_user(Role.ATTORNEY, language="es"))
    response = client.post("/screening/new/", {**FORM, "on": "2026-11-22"})
    page = client.get(response.url).content.decode()
    assert "Todavía se necesita para terminar" in page
    assert "Sin verificar" in page or "sin verificar" in page  # the unverified El Salvador TPS status after 2026-09-09


def test_a_half_entered_trip_is_refused_with_a_reason_and_nothing_is_lost(make_user):
    client = sign_in(Client(), make_user(Role.INTAKE))
    response = client.post("/screening/new/", {**FORM, "any_trips": "yes", "trips-0-left": "2010-01-01"})
    body = response.content.decode()
    assert response.status_code == 200 and "Give both dates of the trip, or neither." in body
    assert 'value="1980-04-02"' in body and not Screening.objects.exists()


@pytest.mark.parametrize("role", [Role.DEVELOPMENT, Role.ARCHIVIST])
def test_roles_that_do_not_screen_cannot_find_it(make_user, role):
    client = sign_in(Client(), make_user(role))
    assert client.get("/screening/").status_code == 404
    assert client.post("/screening/new/", FORM).status_code == 404


def test_screenings_are_seen_only_by_their_author_when_not_linked_to_a_person(make_user):
    author = sign_in(Client(), make_user(Role.INTAKE))
    author.post("/screening/new/", FORM)
    screening = Screening.objects.get()
    other = sign_in(Client(), make_user(Role.ATTORNEY))
    assert other.get(f"/screening/{screening.pk}/").status_code == 404
    assert "Rosa" not in other.get("/screening/").content.decode()


def test_only_administrators_record_rules_and_a_bad_rule_says_why(make_user, admin_client):
    attorney = sign_in(Client(), make_user(Role.ATTORNEY))
    assert "Record a new dated rule" not in attorney.get("/screening/rules/").content.decode()
    rule = {"kind": "tps_status", "effective_from": "2026-11-01", "source": "91 FR 1234", "verified": "on",
            "fields_text": 'country = "SV"\ncohort = "2001"\nstate = "terminated"'}
    assert attorney.post("/screening/rules/", rule).status_code == 404
    bad = admin_client.post("/screening/rules/", {**rule, "fields_text": 'country = "SV"\nstate = "ended"'})
    assert "The rule was not saved" in bad.content.decode() and not RuleOverride.objects.exists()
    unreadable = admin_client.post("/screening/rules/", {**rule, "fields_text": "country = SV"})
    assert "could not be read" in unreadable.content.decode()
    assert admin_client.post("/screening/rules/", rule).status_code == 302
    assert RuleOverride.objects.get().record["state"] == "terminated"
    withdraw = f"/screening/rules/{RuleOverride.objects.get().pk}/withdraw/"
    assert admin_client.post(withdraw, {"reason": ""}).status_code == 302
    assert RuleOverride.objects.get().active  # no reason, no withdrawal


def test_no_trips_but_trips_listed_is_asked_not_guessed(make_user):
    client = sign_in(Client(), make_user(Role.INTAKE))
    response = client.post("/screening/new/", {**FORM, "trips-0-left": "2010-01-01", "trips-0-returned": "2010-02-01"})
    assert "You answered “No” but listed trips." in response.content.decode()
    assert not Screening.objects.exists()
