"""The main list pages cost the same number of queries with three times the rows.

A page that runs a query per row is fast in a test and slow in an office with ten thousand
people; ``assert_queries_do_not_grow`` renders each page with N and 3N rows and compares.
"""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.archive import services as archive_services
from amparo.archive.models import SourceType
from amparo.core.audit import log_action
from amparo.core.testing import assert_queries_do_not_grow, sign_in
from amparo.legal import services as legal_services
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

serial = count(1)


def lists_all(links: list[str]) -> Any:
    return lambda body, total: len(links) == total and all(link in body for link in links)


@pytest.fixture
def office(db: Any) -> Any:
    return OfficeFactory(name="Oficina de Los Ángeles")


@pytest.fixture
def attorney(make_user: Any, office: Any) -> Any:
    return make_user(Role.ATTORNEY, offices=[office], full_name="Marta Alicia Reyes")


def test_people_list(admin_client):
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(birth_date=dt.date(1980, 1, 2))
            links.append(f"/people/{person.pk}/")

    assert_queries_do_not_grow(admin_client, "/people/", add, shows=lists_all(links))


def test_cases_list(attorney, office):
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            links.append(f"/cases/{make_case(office=office, by=attorney, responsible=attorney).pk}/")

    assert_queries_do_not_grow(sign_in(Client(), attorney), "/cases/", add, shows=lists_all(links))


def test_deadlines(attorney, office):
    titles: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            title = f"Plazo-{next(serial)}-fin"
            case = make_case(office=office, by=attorney, responsible=attorney)
            legal_services.add_manual_deadline(case=case, title=title, by=attorney,
                                               due=timezone.localdate() + dt.timedelta(days=3))
            titles.append(title)

    assert_queries_do_not_grow(sign_in(Client(), attorney), "/cases/due/", add, shows=lists_all(titles))


def test_archive_list(make_user):
    archivist = make_user(Role.ARCHIVIST)
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            number = next(serial)
            source = archive_services.source_save(by=archivist, data={
                "identifier": f"QC-{number}", "source_type": SourceType.objects.get(code="testimony"),
                "title": f"Testimonio {number}", "date": "1982-05", "language": "es", "access": "staff",
                "text": "Declaración sobre el operativo en Tenancingo."})
            links.append(f"/archive/sources/{source.pk}/")

    assert_queries_do_not_grow(sign_in(Client(), archivist), "/archive/?q=operativo", add, shows=lists_all(links))


def test_audit_trail(admin_client, admin_user):
    labels: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(birth_date=dt.date(1980, 1, 2))
            label = f"Entrada-{next(serial)}-fin"
            log_action(action="person.update", actor=admin_user, obj=person, object_label=label,
                       changes={"notes": ["", "x"]})
            labels.append(label)

    assert_queries_do_not_grow(admin_client, "/audit/", add, shows=lists_all(labels))


def test_the_helper_catches_a_query_per_row(admin_client, monkeypatch):
    """Against a page made to query once per row, the helper fails."""
    from amparo.people import views
    from amparo.people.models import Person

    original = views.render

    def render_with_a_query_per_row(request: Any, template: str, context: dict[str, Any]) -> Any:
        for row in context.get("results", []):
            Person.objects.filter(pk=row["person"].pk).exists()
        return original(request, template, context)

    monkeypatch.setattr(views, "render", render_with_a_query_per_row)
    with pytest.raises(AssertionError, match="a query per row"):
        assert_queries_do_not_grow(admin_client, "/people/", lambda n: PersonFactory.create_batch(n))


def test_loans_list_and_ledger(make_user):
    from amparo.loans.tests import factories as loan_factories

    officer, checker = make_user(Role.LOAN_OFFICER), make_user(Role.FINANCE)
    product = loan_factories.product()
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            loan = loan_factories.active_loan(officer=officer, checker=checker, prod=product)
            links.append(f"/loans/{loan.pk}/")

    assert_queries_do_not_grow(sign_in(Client(), checker), "/loans/", add, shows=lists_all(links))
    assert_queries_do_not_grow(sign_in(Client(), checker), "/loans/ledger/", add)
