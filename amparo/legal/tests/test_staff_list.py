"""The case list filtered by a member of staff: their cases as attorney and as paralegal,
newest first, page after page, each once, only those the viewer may see."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.testing import sign_in
from amparo.legal.models import Case

from .factories import make_case

pytestmark = pytest.mark.django_db


def _numbers(content: bytes) -> list[int]:
    return [int(n) for n in re.findall(r'href="/cases/(\d+)/"', content.decode())]


def test_pages_merge_both_roles_newest_first_without_repeats_or_hidden_cases(make_user, client):
    office, team, elsewhere = OfficeFactory(name="Oficina"), OfficeFactory(name="Equipo", kind="team"), \
        OfficeFactory(name="Otra oficina")
    viewer = make_user(Role.INTAKE, offices=[office])
    staff = make_user(Role.PARALEGAL, offices=[office, team])
    other = make_user(Role.ATTORNEY, offices=[office])
    now = timezone.now()
    expected = []
    for i in range(31):
        role = ("responsible", "paralegal", "both")[i % 3]
        kwargs = {"responsible": staff if role in ("responsible", "both") else other,
                  "paralegal": staff if role in ("paralegal", "both") else None}
        case = make_case(office=office, by=other, **kwargs)
        Case.objects.filter(pk=case.pk).update(opened_at=now - dt.timedelta(hours=i * 7 % 31))
        expected.append(case)
    hidden = make_case(kind="vawa", office=elsewhere, team=team, responsible=staff, by=other)  # restricted
    make_case(office=office, responsible=other, by=other)  # not theirs
    expected = sorted(expected, key=lambda c: (Case.objects.get(pk=c.pk).opened_at, c.pk), reverse=True)

    sign_in(client, viewer)
    first = client.get("/cases/", {"staff": staff.pk, "status": ""})
    second = client.get("/cases/", {"staff": staff.pk, "status": "", "page": 2})
    assert first.status_code == second.status_code == 200
    shown = _numbers(first.content) + _numbers(second.content)
    assert shown == [c.pk for c in expected]
    assert hidden.pk not in shown and b"31 cases" in first.content

    # the team sees the restricted one too, in its place
    sign_in(client, make_user(Role.ATTORNEY, offices=[team]))
    assert hidden.pk in _numbers(client.get("/cases/", {"staff": staff.pk, "status": ""}).content)
