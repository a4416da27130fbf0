import datetime as dt

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry, TaskProgress
from amparo.core.testing import sign_in
from amparo.legal import services
from amparo.legal.models import CalendarFeed, Case
from amparo.people.models import Intake
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory(name="Oficina de Los Ángeles")


@pytest.fixture
def attorney(make_user, office):
    return make_user(Role.ATTORNEY, offices=[office], full_name="Marta Alicia Reyes")


@pytest.fixture
def client(attorney):
    return sign_in(Client(), attorney)


def test_open_a_case_from_an_intake(client, attorney, office):
    person = PersonFactory(given_names="Rosa Elena", birth_date=dt.date(1990, 1, 1))
    intake = Intake.objects.create(person=person, needs=["detention"], by=attorney, office=office)
    page = client.get(f"/cases/new/?intake={intake.pk}")
    assert page.status_code == 200 and "Rosa Elena" in page.content.decode()
    assert page.context["form"].initial["kind"] == "removal_defense"
    response = client.post("/cases/new/", {"intake": intake.pk, "kind": "removal_defense", "office": office.pk,
                                           "responsible": attorney.pk, "court": "Los Angeles - Olive St"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.intake == intake and case.client == person and case.forum == "immigration_court"


def test_record_an_ij_decision_shows_the_deadline_then_records_it(client, attorney, office):
    case = make_case(kind="removal_defense", office=office, responsible=attorney, by=attorney)
    data = {"kind": "ij_decision", "date": "2026-06-04"}
    preview = client.post(f"/cases/{case.pk}/events/new/", data | {"preview": "1"})
    body = preview.content.decode()
    assert "Appeal to the BIA" in body and "June 15, 2026" in body and "Unverified" in body
    assert not case.events.exists()
    htmx = client.post(f"/cases/{case.pk}/events/new/", data, headers={"HX-Request": "true"})
    assert "<html" not in htmx.content.decode() and "June 15, 2026" in htmx.content.decode()
    response = client.post(f"/cases/{case.pk}/events/new/", data | {"record": "1"})
    assert response.status_code == 302
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Appeal to the BIA" in detail and "FR Doc. 2026-02326" in detail and "Unverified" in detail
    assert "Immigration judge&#x27;s decision" in detail or "Event recorded" in detail


def test_a_wrong_event_keeps_what_was_typed(client, attorney, office):
    case = make_case(office=office, responsible=attorney, by=attorney)
    response = client.post(f"/cases/{case.pk}/events/new/", {"kind": "rfe_received", "date": "2026-01-05",
                                                             "note": "llegó tarde", "record": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "number of days" in body and "llegó tarde" in body


def test_detail_in_spanish_shows_the_rule_in_spanish(client, attorney, office):
    attorney.language = "es"
    attorney.save()
    case = make_case(office=office, responsible=attorney, by=attorney)
    services.record_event(case=case, kind="ij_decision", date=dt.date(2026, 6, 4), by=attorney)
    body = client.get(f"/cases/{case.pk}/", headers={"Accept-Language": "es"}).content.decode()
    assert "Apelación ante la Junta" in body and "Sin verificar" in body


def test_action_forms_rerender_with_errors(client, attorney, office):
    case = make_case(office=office, responsible=attorney, by=attorney)
    response = client.post(f"/cases/{case.pk}/receipts/", {"number": "ABC12"})
    assert response.status_code == 400 and "three letters and ten digits" in response.content.decode()
    assert client.post(f"/cases/{case.pk}/notes/", {"body": "<b>Llamó</b> la clienta"}).status_code == 302
    assert client.post(f"/cases/{case.pk}/tasks/", {"title": "Pedir FOIA", "assignee": attorney.pk,
                                                    "due": "2026-12-01"}).status_code == 302
    assert client.post(f"/cases/{case.pk}/hearings/", {"kind": "master", "starts_at": "2026-12-03T09:00"}
                       ).status_code == 302
    assert client.post(f"/cases/{case.pk}/time/", {"date": "2026-11-20", "minutes": "45", "activity": "research"}
                       ).status_code == 302
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<b>Llamó</b>" in body and "Pedir FOIA" in body and "45 min" in body
    actions = set(AuditEntry.objects.filter(object_id=str(case.pk), object_type="legal.case")
                  .values_list("action", flat=True))
    assert {"case.note.add", "case.task.add", "case.hearing.add", "case.time.add"} <= actions


def test_deadline_done_and_close(client, attorney, office):
    case = make_case(office=office, responsible=attorney, by=attorney)
    deadline = services.add_manual_deadline(case=case, title="Brief", due=timezone.localdate() + dt.timedelta(3),
                                            by=attorney)
    refused = client.post(f"/cases/{case.pk}/close/", {"outcome": "granted"})
    assert refused.status_code == 400 and "open deadline" in refused.content.decode()
    client.post(f"/cases/{case.pk}/deadlines/{deadline.pk}/done/", {"note": "filed"})
    assert client.post(f"/cases/{case.pk}/close/", {"outcome": "granted"}).status_code == 302
    case.refresh_from_db()
    assert case.closed_at and case.outcome == "granted"


def test_list_filters_and_export(client, attorney, office):
    mine = make_case(kind="removal_defense", office=office, responsible=attorney, by=attorney)
    other = make_case(kind="naturalization", office=office, by=attorney)
    services.add_manual_deadline(case=mine, title="x", due=timezone.localdate() + dt.timedelta(2), by=attorney)
    body = client.get("/cases/", {"window": "7"}).content.decode()
    assert f"/cases/{mine.pk}/" in body and f"/cases/{other.pk}/" not in body
    body = client.get("/cases/", {"kind": "naturalization"}).content.decode()
    assert f"/cases/{other.pk}/" in body and f"/cases/{mine.pk}/" not in body
    assert f"/cases/{mine.pk}/" in client.get("/cases/", {"staff": attorney.pk}).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/cases/export.csv", {"kind": "removal_defense", "status": ""})
    progress = TaskProgress.objects.get(kind="cases.export")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{progress.pk}/"
    csv = b"".join(client.get(f"/tasks/{progress.pk}/download/").streaming_content).decode("utf-8-sig")
    assert f"\n{mine.pk}," in csv and f"\n{other.pk}," not in csv
    assert AuditEntry.objects.filter(action="case.export").count() == 1


def test_export_neutralizes_formulas(client, attorney, office):
    make_case(office=office, by=attorney, court="=HYPERLINK(\"http://x\")")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/cases/export.csv")
    progress = TaskProgress.objects.get(kind="cases.export")
    body = b"".join(client.get(f"/tasks/{progress.pk}/download/").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_the_list_costs_a_fixed_number_of_queries(client, attorney, office, django_assert_max_num_queries):
    for _ in range(5):
        make_case(office=office, by=attorney)
    with django_assert_max_num_queries(12):
        client.get("/cases/")


def test_due_view_scopes(client, attorney, office, make_user):
    colleague = make_user(Role.ATTORNEY, offices=[office])
    mine = make_case(office=office, responsible=attorney, by=attorney)
    theirs = make_case(office=office, responsible=colleague, by=attorney)
    services.add_manual_deadline(case=mine, title="Plazo-propio-4711", due=timezone.localdate() - dt.timedelta(1),
                                 by=attorney)
    services.add_manual_deadline(case=theirs, title="Plazo-ajeno-4712", due=timezone.localdate() + dt.timedelta(1),
                                 by=attorney)
    body = client.get("/cases/due/").content.decode()
    assert "Plazo-propio-4711" in body and "Plazo-ajeno-4712" not in body and "overdue" in body
    body = client.get("/cases/due/", {"scope": "staff", "staff": colleague.pk}).content.decode()
    assert "Plazo-ajeno-4712" in body and "Plazo-propio-4711" not in body
    body = client.get("/cases/due/", {"scope": "office", "office": office.pk}).content.decode()
    assert "Plazo-ajeno-4712" in body and "Plazo-propio-4711" in body


def test_calendar_address_is_shown_once_stored_hashed_and_revocable(client, attorney):
    client.post("/cases/calendar/new/")
    page = client.get("/cases/calendar/").content.decode()
    url = page.split('id="feed-url" class="token" type="text" readonly value="')[1].split('"')[0]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert token not in feed.token_hash and feed.prefix == token[:6]
    assert token not in client.get("/cases/calendar/").content.decode()  # only once
    anonymous = Client()
    response = anonymous.get(f"/cases/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    client.post("/cases/calendar/revoke/")
    assert anonymous.get(f"/cases/calendar/{token}.ics").status_code == 404
    assert set(AuditEntry.objects.filter(action__startswith="calendar.").values_list("action", flat=True)) == {
        "calendar.create", "calendar.revoke"}


def test_break_glass_page(make_user, office):
    team = OfficeFactory(name="Equipo U")
    case = make_case(kind="u_visa", office=office, team=team)
    outsider = make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Pomona")])
    browser = sign_in(Client(), outsider)
    assert browser.get(f"/cases/{case.pk}/").status_code == 404
    response = browser.post("/cases/break-glass/", {"case": case.pk, "reason": "Client detained, hearing at 2"})
    assert response.status_code == 302
    assert "Emergency access by" in browser.get(f"/cases/{case.pk}/").content.decode()
    paralegal = sign_in(Client(), make_user(Role.PARALEGAL))
    assert paralegal.get("/cases/break-glass/").status_code == 404


def test_intake_role_sees_cases_but_cannot_change(make_user, office):
    case = make_case(office=office)
    intake = sign_in(Client(), make_user(Role.INTAKE, offices=[office]))
    assert intake.get(f"/cases/{case.pk}/").status_code == 200
    assert intake.post(f"/cases/{case.pk}/notes/", {"body": "x"}).status_code == 404
    assert intake.get(f"/cases/{case.pk}/edit/").status_code == 404
    assert intake.post("/cases/export.csv").status_code == 404


def test_find_a_person_and_add_them_as_a_derivative(client, attorney, office):
    team = OfficeFactory(name="Equipo de asilo")
    attorney.offices.add(team)
    case = make_case(kind="asylum_affirmative", office=office, team=team, responsible=attorney, by=attorney)
    spouse = PersonFactory(given_names="Yesenia", first_surname="Menjívar", second_surname="Ayala",
                           birth_date=dt.date(1987, 4, 4))
    found = client.get(f"/cases/{case.pk}/parties/find/", {"q": "yesenia menjivar"}, headers={"HX-Request": "true"})
    body = found.content.decode()
    assert "Yesenia Menjívar Ayala" in body and "<html" not in body
    assert "Yesenia" in client.get(f"/cases/{case.pk}/parties/find/", {"q": "yesenia menjivar"}).content.decode()
    response = client.post(f"/cases/{case.pk}/parties/", {"person": spouse.pk, "role": "spouse"})
    assert response.status_code == 302
    spouse.refresh_from_db()
    assert case.parties.filter(person=spouse, role="spouse").exists() and spouse.restricted


def test_edit_detects_concurrent_changes(client, attorney, office):
    case = make_case(kind="removal_defense", office=office, responsible=attorney, by=attorney)
    form = {"kind": "removal_defense", "office": office.pk, "responsible": attorney.pk, "status": "master",
            "judge": "Hon. Ruiz", "version": case.version, "problem_code": "81"}
    assert client.post(f"/cases/{case.pk}/edit/", form).status_code == 302
    case.refresh_from_db()
    assert case.status == "master" and case.judge == "Hon. Ruiz"
    assert "(judge, status)" in client.get(f"/cases/{case.pk}/").content.decode()
    stale = client.post(f"/cases/{case.pk}/edit/", form | {"judge": "Hon. Otro"})
    assert stale.status_code == 200 and "Someone else saved this case" in stale.content.decode()
    wrong = client.post(f"/cases/{case.pk}/edit/", form | {"status": "requested", "version": case.version})
    assert wrong.status_code == 200
    case.refresh_from_db()
    assert case.judge == "Hon. Ruiz"


def test_every_page_of_a_hidden_case_is_a_plain_404(make_user, office):
    team = OfficeFactory(name="Equipo VAWA")
    client_person = PersonFactory(given_names="Xiomara", birth_date=dt.date(1980, 1, 1))
    case = make_case(kind="vawa", office=office, team=team, client=client_person)
    outsider = sign_in(Client(), make_user(Role.ATTORNEY, offices=[office]))
    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/edit/", f"/cases/{case.pk}/events/new/",
                f"/cases/{case.pk}/parties/find/?q=x"):
        response = outsider.get(url)
        assert response.status_code == 404 and "Xiomara" not in response.content.decode()
    for url in (f"/cases/{case.pk}/notes/", f"/cases/{case.pk}/close/"):
        assert outsider.post(url, {"body": "x", "outcome": "granted"}).status_code == 404
    assert not case.notes.exists() and Case.objects.get(pk=case.pk).closed_at is None


def test_intake_opening_a_restricted_case_is_told_it_is_now_out_of_reach(make_user, office):
    team = OfficeFactory(name="Equipo de asilo", kind="team")
    worker = make_user(Role.INTAKE, offices=[office])
    person = PersonFactory(birth_date=dt.date(1990, 1, 1))
    browser = sign_in(Client(), worker)
    response = browser.post("/cases/new/", {"person": person.pk, "kind": "asylum_affirmative", "office": office.pk,
                                            "team": team.pk}, follow=True)
    case = Case.objects.get()
    assert case.restricted and response.status_code == 200
    assert "It is restricted" in response.content.decode()
    assert browser.get(f"/cases/{case.pk}/").status_code == 404
