import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD
from amparo.core.models import AuditEntry


def post_login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_login_by_email_in_any_case_and_logout_are_audited(make_user):
    user = make_user(Role.VOLUNTEER, email="emily@amparo.test")
    client = Client()
    response = post_login(client, "Emily@Amparo.TEST")
    assert response.status_code == 302 and response.url == "/"
    assert "Welcome" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    actions = list(AuditEntry.objects.filter(actor=user).order_by("id").values_list("action", flat=True))
    assert actions[:2] == ["login", "logout"]


def test_wrong_password_says_so_and_is_audited(make_user):
    make_user(email="emily@amparo.test")
    response = post_login(Client(), "emily@amparo.test", "not the password")
    assert "do not match an active account" in response.content.decode()
    failed = AuditEntry.objects.get(action="login.failed")
    assert failed.object_label == "emily@amparo.test" and "not the password" not in str(failed.extra)


def test_repeated_failures_lock_the_account_even_for_the_right_password(make_user):
    make_user(email="target@amparo.test")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "target@amparo.test", "guess")
    response = post_login(client, "target@amparo.test")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/").status_code == 302  # still signed out
    assert AuditEntry.objects.filter(action="login.locked_out").exists()


def test_lock_out_page_is_in_spanish_for_a_spanish_browser(make_user):
    make_user(email="meta@amparo.test")
    client = Client(headers={"accept-language": "es"})
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = post_login(client, "meta@amparo.test", "adivinanza")
    assert "Demasiados intentos" in response.content.decode()


def test_idle_session_expires(make_user):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    make_user(email="idle@amparo.test")
    client = Client()
    post_login(client, "idle@amparo.test")
    assert client.get("/").status_code == 200
    # Each request moves the expiry forward; a session left idle past it is gone.
    from django.contrib.sessions.models import Session

    session = Session.objects.get(session_key=client.session.session_key)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    assert client.get("/").status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + dt.timedelta(minutes=29)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "This password is too short"),
        ("password1234", "This password is too common"),
        ("83749201938475", "This password is entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(make_user, password, message):
    from amparo.core.testing import sign_in

    user = make_user()
    client = sign_in(Client(), user)
    response = client.post("/accounts/me/password/", {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password,
    })
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_strong_password_is_accepted(make_user):
    from amparo.core.testing import sign_in

    user = make_user()
    client = sign_in(Client(), user)
    new = "río lempa al amanecer 1981"
    response = client.post("/accounts/me/password/", {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new,
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEntry.objects.filter(action="password.change", actor=user).exists()


def test_password_reset_mail_is_in_the_account_holders_language(make_user, mailoutbox):
    make_user(email="carmen@amparo.test", language="es")
    Client().post("/accounts/password-reset/", {"email": "carmen@amparo.test"})
    assert len(mailoutbox) == 1
    assert "contraseña" in mailoutbox[0].subject.lower() or "contraseña" in mailoutbox[0].body
    response = Client().post("/accounts/password-reset/", {"email": "nobody@amparo.test"})
    assert response.status_code == 302 and len(mailoutbox) == 1  # same answer, no mail


def test_a_request_never_writes_back_a_session_it_read_before_another_changed_it(make_user):
    """A slow page read the session; meanwhile the second factor was given (the session changed).
    When the slow page answers, the change must still be there, and the idle expiry moved on."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.contrib.sessions.models import Session
    from django.http import HttpResponse
    from django.test import RequestFactory

    from amparo.core.middleware import IdleSessionMiddleware

    make_user(email="race@amparo.test")
    client = Client()
    post_login(client, "race@amparo.test")
    key = client.session.session_key

    def slow_page(request):
        request.session.get("_auth_user_id")  # read before the other request changes it
        other = SessionStore(session_key=key)
        other["second_factor"] = "given"
        other.save()
        return HttpResponse("slow page")

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = key
    SessionMiddleware(IdleSessionMiddleware(slow_page))(request)
    assert SessionStore(session_key=key).get("second_factor") == "given"
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + dt.timedelta(minutes=29)
