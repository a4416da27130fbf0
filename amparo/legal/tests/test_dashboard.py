"""The deadlines a user must meet show on their dashboard, with the rule's verification."""

from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.testing import sign_in
from amparo.legal import services
from amparo.legal.tests.factories import make_case


def test_an_appeal_deadline_appears_on_the_attorneys_dashboard_in_both_languages(db):
    office = OfficeFactory(name="Oficina Pico-Union")
    attorney = UserFactory(role=Role.ATTORNEY, offices=[office])
    case = make_case(office=office, responsible=attorney, by=attorney)
    _event, deadlines = services.record_event(case=case, kind="ij_decision", date=timezone.localdate(), by=attorney)
    page = sign_in(Client(), attorney).get("/").content.decode()
    assert "Due soon" in page and deadlines[0].label in page and case.number in page
    attorney.language = "es"
    attorney.save()
    assert "Vence pronto" in sign_in(Client(), attorney).get("/").content.decode()
    outsider = UserFactory(role=Role.PARALEGAL)
    assert case.number not in sign_in(Client(), outsider).get("/").content.decode()
    volunteer = sign_in(Client(), UserFactory(role=Role.VOLUNTEER)).get("/").content.decode()
    assert "Due soon" not in volunteer


def test_the_clients_page_lists_their_cases_and_offers_to_open_one(db):
    office = OfficeFactory(name="Oficina Van Nuys")
    attorney = UserFactory(role=Role.ATTORNEY, offices=[office])
    case = make_case(office=office, responsible=attorney, by=attorney)
    page = sign_in(Client(), attorney).get(f"/people/{case.client.pk}/").content.decode()
    assert case.number in page and f"/cases/new/?person={case.client.pk}" in page
