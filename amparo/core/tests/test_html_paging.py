"""``?page=`` on every HTML list: a bad page shows the first page, a page past the end the last
one, never a server error."""

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.archive import services as archive_services
from amparo.archive.models import SourceType
from amparo.core import paging
from amparo.core.testing import sign_in

pytestmark = pytest.mark.django_db

LISTS = ["/cases/", "/audit/", "/people/duplicates/", "/screening/", "/archive/actors/"]
BAD_PAGES = ["99999999999999999999", "-1", "³", "abc", "0", "1e3", ""]


@pytest.mark.parametrize("raw", ["99999999999999999999", "100000"])
def test_a_huge_page_is_the_last_bound(raw):
    assert paging.page_number(raw) == paging.MAX_PAGE
    assert paging.page_number(raw, last=7) == 7


@pytest.mark.parametrize("raw", ["-1", "³", "abc", "0", "1e3", "", None, "٣"])
def test_anything_that_is_not_a_page_number_is_the_first_page(raw):
    assert paging.page_number(raw) == 1


def test_days_are_ascii_digits_within_bounds():
    assert paging.days("30") == 30 and paging.days(3660) == 3660
    assert [paging.days(v) for v in ("3661", "999999999", "³", "-3", "", "30d")] == [None] * 6


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", BAD_PAGES)
def test_every_list_answers_a_bad_page_with_a_page(admin_client, url, page):
    response = admin_client.get(url, {"page": page})
    assert response.status_code == 200, (url, page)


def _sources(n):
    kind = SourceType.objects.get(code="testimony")
    for i in range(n):
        archive_services.source_save(by=None, data={
            "identifier": f"ID-{i}", "source_type": kind, "title": f"Testimonio {i}", "date": "1982-05",
            "language": "es", "access": "staff", "text": "Declaración sobre el operativo en Tenancingo."})


def test_an_archive_search_past_the_end_shows_the_last_page(make_user):
    _sources(25)  # two pages of 20
    client = sign_in(Client(), make_user(Role.INTAKE))
    for page in ("99999999999999999999", "3"):
        body = client.get("/archive/", {"q": "tenancingo", "page": page}).content.decode()
        assert "25 records found" in body and body.count('class="hit"') == 5
        assert 'page=1">Previous</a>' in body and ">Next</a>" not in body  # the last page
    first = client.get("/archive/", {"q": "tenancingo", "page": "³"}).content.decode()
    assert 'page=2">Next</a>' in first and ">Previous</a>" not in first  # the first page
