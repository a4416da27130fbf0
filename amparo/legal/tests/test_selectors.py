import datetime as dt

import pytest
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.legal import services
from amparo.legal.selectors import cases_for_person, due_soon
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


def test_due_soon_is_the_users_deadlines_and_tasks_soonest_first(django_assert_max_num_queries):
    office = OfficeFactory(name="Oficina")
    me = UserFactory(role=Role.ATTORNEY, offices=[office])
    today = timezone.localdate()
    mine = make_case(office=office, responsible=me, by=me)
    other = make_case(office=office, by=me)
    late = services.add_manual_deadline(case=mine, title="Late", due=today - dt.timedelta(days=2), by=me)
    soon = services.add_manual_deadline(case=mine, title="Soon", due=today + dt.timedelta(days=3), by=me)
    services.add_manual_deadline(case=mine, title="Far", due=today + dt.timedelta(days=40), by=me)
    services.add_manual_deadline(case=other, title="Not mine", due=today + dt.timedelta(days=1), by=me)
    task = services.add_task(case=other, title="Call", assignee=me, due=today + dt.timedelta(days=1), by=me)
    with django_assert_max_num_queries(6):
        items = due_soon(me, days=14)
    assert [(i.kind, i.obj.pk) for i in items] == [("deadline", late.pk), ("task", task.pk), ("deadline", soon.pk)]
    assert items[0].overdue and not items[2].overdue


def test_due_soon_and_person_cases_pass_the_gate():
    team = OfficeFactory(name="Equipo de asilo")
    intake_user = UserFactory(role=Role.INTAKE, offices=[team])
    client = PersonFactory(birth_date=dt.date(1980, 1, 1))
    case = make_case(kind="asylum_defensive", team=team, client=client)
    services.add_task(case=case, title="x", assignee=intake_user, due=timezone.localdate(), by=case.opened_by)
    assert due_soon(intake_user) == []  # assigned, but intake may not open a restricted case
    assert list(cases_for_person(intake_user, client)) == []
    attorney = UserFactory(role=Role.ATTORNEY, offices=[team])
    assert list(cases_for_person(attorney, client)) == [case]


def test_the_dashboard_widget_renders_the_items():
    from django.template.loader import render_to_string

    me = UserFactory(role=Role.ATTORNEY)
    case = make_case(responsible=me, by=me)
    services.record_event(case=case, kind="ij_decision", date=timezone.localdate(), by=me)
    html = render_to_string("legal/_due_soon_widget.html", {"due_items": due_soon(me)})
    assert "Appeal to the BIA" in html and f"#{case.pk}" in html and "unverified rule" in html
