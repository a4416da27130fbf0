import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client

from amparo.accounts.demo import DEMO_PASSWORD, demo_codes, load_demo_accounts
from amparo.accounts.models import User
from amparo.accounts.roles import Role


def test_demo_center_has_a_user_in_every_role_in_both_languages_and_loads_twice(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    users = User.objects.all()
    assert sorted(u.role for u in users) == sorted(Role)
    assert {u.language for u in users} == {"en", "es"}
    assert "already there" in capsys.readouterr().out


def test_the_printed_credentials_sign_in_including_the_second_step(db):
    load_demo_accounts()
    client = Client()
    client.post("/accounts/login/", {"username": "admin@amparo.example", "password": DEMO_PASSWORD})
    codes = dict(demo_codes())
    response = client.post("/accounts/two-factor/verify/", {"code": codes["admin@amparo.example"]})
    assert response.status_code == 302
    assert "Ana" in client.get("/").content.decode()
    intake = Client()
    intake.post("/accounts/login/", {"username": "recepcion@amparo.example", "password": DEMO_PASSWORD})
    assert "Panel" in intake.get("/").content.decode()  # José Antonio works in Spanish


def test_no_demo_accounts_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        load_demo_accounts()
