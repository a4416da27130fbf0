"""Record numbers sent back by forms are never written with a thousands separator (“12 345” in
Spanish), which the server could not read back."""

import pytest
from django.test import Client
from django.utils import translation

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.people.tests.factories import PersonFactory


@pytest.mark.django_db
def test_a_person_numbered_past_a_thousand_goes_back_as_plain_digits_in_spanish(make_user):
    PersonFactory(pk=12345, given_names="Rosa")
    client = sign_in(Client(), make_user(Role.ATTORNEY, language="es"))
    with translation.override("es"):
        page = client.get("/screening/new/", {"person": 12345}).content.decode()
    assert 'value="12345"' in page
    assert "12\xa0345" not in page and "12.345" not in page and "12,345" not in page


@pytest.mark.django_db
def test_links_and_anchors_to_a_record_past_a_thousand_carry_plain_digits_in_spanish(make_user):
    """The person's page links to screening, cases and loans with ``?person=12345``; grouped as
    «12 345» the link opened a "not found" page."""
    PersonFactory(pk=12345, given_names="Rosa")
    client = sign_in(Client(), make_user(Role.ATTORNEY, language="es"))
    page = client.get("/people/12345/").content.decode()
    assert "?person=12345" in page
    assert "12\xa0345" not in page and "12.345" not in page
    assert client.get("/screening/new/?person=12345").status_code == 200


def test_counts_meant_for_reading_are_still_grouped_in_spanish():
    from django.template import Context, Template

    template = Template("{% load humanize %}{{ n|intcomma }} · {{ n }}")
    with translation.override("es"):
        grouped, plain = template.render(Context({"n": 60000})).split(" · ")
    with translation.override("en"):
        english = Template("{% load humanize %}{{ n|intcomma }}").render(Context({"n": 60000}))
    assert plain == "60000" and grouped != "60000" and grouped.replace("\xa0", "").replace(".", "") == "60000"
    assert english == "60,000"
