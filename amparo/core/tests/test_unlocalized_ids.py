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
