import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import current_code, fresh_code, sign_in

RESTRICTED_ROLES = [Role.ADMINISTRATOR, Role.ATTORNEY, Role.PARALEGAL, Role.CASE_MANAGER, Role.ARCHIVIST]
OPEN_ROLES = [Role.INTAKE, Role.VOLUNTEER, Role.DEVELOPMENT]


def login(client, user):
    return client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})


@pytest.mark.parametrize("role", RESTRICTED_ROLES)
def test_roles_that_open_restricted_records_must_set_up_two_factor(make_user, role):
    client = Client()
    login(client, make_user(role))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/setup/")
    assert client.get("/audit/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401
    setup_page = client.get("/accounts/two-factor/setup/").content.decode()
    assert 'aria-label="Modules"' not in setup_page and 'role="search"' not in setup_page


@pytest.mark.parametrize("role", OPEN_ROLES)
def test_other_roles_are_not_forced(make_user, role):
    client = Client()
    login(client, make_user(role))
    assert client.get("/").status_code == 200


def test_the_requirement_is_configurable(make_user, settings):
    settings.AMPARO_TWO_FACTOR_ROLES = []
    client = Client()
    login(client, make_user(Role.ATTORNEY))
    assert client.get("/").status_code == 200


def test_setting_up_an_authenticator_gives_backup_codes_and_opens_the_site(make_user):
    user = make_user(Role.ATTORNEY)
    client = Client()
    login(client, user)
    page = client.get("/accounts/two-factor/setup/")
    assert b"<svg" in page.content and "Set up two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong_code = "000000" if current_code(device) != "000000" else "111111"
    wrong = client.post("/accounts/two-factor/setup/", {"code": wrong_code})
    assert "That code is not right" in wrong.content.decode()
    # After many wrong codes, even the right one waits, and the page says so.
    device.refresh_from_db()
    device.throttling_failure_count = 5
    device.save()
    throttled = client.post("/accounts/two-factor/setup/", {"code": fresh_code(device)})
    assert "Too many wrong codes. Wait" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post("/accounts/two-factor/setup/", {"code": fresh_code(device)})
    body = done.content.decode()
    assert "Your backup codes" in body and body.count("<li>") >= 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="2fa.enrolled", actor=user).exists()


def test_signing_in_again_asks_for_a_code_and_a_used_code_fails(make_user):
    user = make_user(Role.PARALEGAL)
    device = TOTPDeviceFactory(user=user)
    client = Client()
    login(client, user)
    assert client.get("/").url.startswith("/accounts/two-factor/verify/")
    code = fresh_code(device)
    response = client.post("/accounts/two-factor/verify/", {"code": code, "next": "/audit/"})
    assert response.status_code == 302 and response.url == "/audit/"
    assert client.get("/").status_code == 200
    other = Client()
    login(other, user)
    replay = other.post("/accounts/two-factor/verify/", {"code": code})
    assert "not right, or it has already been used" in replay.content.decode()
    assert AuditEntry.objects.filter(action="2fa.failed", actor=user).exists()


def test_a_backup_code_works_once(make_user):
    from amparo.accounts import services

    user = make_user(Role.ATTORNEY)
    TOTPDeviceFactory(user=user)
    codes = services.regenerate_backup_codes(user=user)
    first = Client()
    login(first, user)
    assert first.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 302
    assert first.get("/").status_code == 200
    second = Client()
    login(second, user)
    assert second.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 200
    assert second.get("/").status_code == 302
    assert services.backup_codes_left(user) == 9


def test_verify_does_not_redirect_to_another_site(make_user):
    user = make_user(Role.ATTORNEY)
    device = TOTPDeviceFactory(user=user)
    client = Client()
    login(client, user)
    response = client.post("/accounts/two-factor/verify/", {"code": fresh_code(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_admin_site_needs_an_administrator_past_two_factor(make_user):
    admin = make_user(Role.ADMINISTRATOR)
    unverified = Client()
    unverified.force_login(admin)
    assert unverified.get("/admin/").status_code == 302
    assert sign_in(Client(), admin).get("/admin/").status_code == 200
    attorney = sign_in(Client(), make_user(Role.ATTORNEY))
    assert attorney.get("/admin/", follow=True).status_code == 404
    anonymous = Client().get("/admin/", follow=True)
    assert anonymous.redirect_chain[-1][0].startswith("/accounts/login/?next=/admin/")
