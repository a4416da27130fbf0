"""Sign-in by one-time code survives abuse: wrong codes lock out, requests are rate-limited, a code
is used once and expires, and the message says nothing about the center or the case."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from amparo.core.models import AuditEntry
from amparo.portal import signin, sms
from amparo.portal.models import PortalAccess, SignInCode

from .factories import make_client

pytestmark = pytest.mark.django_db


def _code_from_mail() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _ask(browser: Client, address: str, ip: str = "10.0.0.1") -> None:
    response = browser.post("/portal/sign-in/", {"address": address}, REMOTE_ADDR=ip)
    assert response.status_code == 302 and response["Location"] == "/portal/code/"


def test_a_client_signs_in_with_the_code_sent_by_email():
    person, case = make_client(email="Rosa@Example.org")
    browser = Client()
    _ask(browser, "rosa@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Rosa@Example.org"]
    code = _code_from_mail()
    stored = SignInCode.objects.get(person=person)
    assert code not in stored.code_hash and len(stored.code_hash) == 64  # only a keyed hash is kept
    response = browser.post("/portal/code/", {"code": code})
    assert response["Location"] == "/portal/"
    assert browser.get("/portal/").status_code == 200
    assert AuditEntry.objects.filter(action="portal.signin", object_id=str(person.pk)).exists()


def test_the_code_message_is_neutral_and_configurable(settings):
    make_client()
    _ask(Client(), "rosa@example.org")
    text = (mail.outbox[0].subject + " " + mail.outbox[0].body).lower()
    for word in ("amparo", "asilo", "asylum", "caso", "case", "legal", "inmigra", "immigra", "abogad", "corte"):
        assert word not in text
    assert "código" in text  # in the client's language (Spanish)
    settings.AMPARO_PORTAL_CODE_TEXT = {"es": "Clave: {code} ({minutes} min)"}
    settings.AMPARO_PORTAL_CODES_PER_PERSON = 5
    _ask(Client(), "rosa@example.org", ip="10.0.0.2")
    assert re.fullmatch(r"Clave: \d{6} \(10 min\)", mail.outbox[-1].body)


def test_a_code_by_text_message_goes_through_the_sms_backend(settings):
    settings.AMPARO_SMS_BACKEND = "amparo.portal.sms.LocmemBackend"
    sms.outbox.clear()
    make_client(email="", phone="(213) 555-0199")
    _ask(Client(), "213-555-0199")
    assert len(sms.outbox) == 1 and sms.outbox[0]["to"] == "(213) 555-0199"
    assert re.search(r"\b\d{6}\b", sms.outbox[0]["text"])
    assert not mail.outbox


def test_no_text_message_without_consent_or_against_do_not_contact(settings):
    settings.AMPARO_SMS_BACKEND = "amparo.portal.sms.LocmemBackend"
    sms.outbox.clear()
    make_client(email="", phone="2135550100", texts_ok=False)
    _ask(Client(), "2135550100")
    person, _case = make_client(email="ana@example.org")
    PortalAccess.objects.filter(person=person).update(contact_by="phone")
    _ask(Client(), "ana@example.org")
    assert not sms.outbox and not mail.outbox


def test_an_unknown_address_gets_the_same_answer_and_no_message():
    make_client()
    browser = Client()
    _ask(browser, "nobody@example.org")
    assert not mail.outbox
    response = browser.post("/portal/code/", {"code": "123456"})
    assert response.status_code == 200 and "no es correcto" in response.content.decode()


def test_wrong_codes_lock_out_even_the_right_code(settings):
    person, _case = make_client()
    browser = Client()
    _ask(browser, "rosa@example.org")
    code = _code_from_mail()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.AMPARO_PORTAL_CODE_ATTEMPTS):
        response = browser.post("/portal/code/", {"code": wrong})
        assert response.status_code == 200
    assert "Demasiados intentos" in response.content.decode()
    response = browser.post("/portal/code/", {"code": code})
    assert response.status_code == 200  # the right code no longer opens anything
    assert browser.get("/portal/")["Location"] == "/portal/sign-in/"
    assert PortalAccess.objects.get(person=person).locked_until > timezone.now()
    # While locked, no new code is sent.
    _ask(Client(), "rosa@example.org", ip="10.0.0.9")
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="portal.code.locked", object_id=str(person.pk)).count() == 1


def test_a_lock_ends_after_its_time(settings):
    person, _case = make_client()
    now = timezone.now()
    outcome = signin.request_code(address="rosa@example.org", ip="10.0.0.1", now=now)
    for _ in range(settings.AMPARO_PORTAL_CODE_ATTEMPTS):
        signin.check_code(person_id=outcome.person_id, digits="999999", now=now)
    assert signin.request_code(address="rosa@example.org", ip="10.0.0.1", now=now).reason == "locked"
    later = now + dt.timedelta(minutes=settings.AMPARO_PORTAL_LOCK_MINUTES + 1)
    assert signin.request_code(address="rosa@example.org", ip="10.0.0.1", now=later).reason == "sent"
    code = _code_from_mail()
    assert signin.check_code(person_id=person.pk, digits=code, now=later).reason == "ok"


def test_a_code_is_used_once():
    person, _case = make_client()
    first = Client()
    _ask(first, "rosa@example.org")
    code = _code_from_mail()
    assert first.post("/portal/code/", {"code": code})["Location"] == "/portal/"
    second = Client()
    _ask(second, "rosa@example.org")
    mail.outbox.clear()
    session = second.session
    response = second.post("/portal/code/", {"code": code})
    assert response.status_code == 200 and second.get("/portal/").status_code == 302
    assert signin.check_code(person_id=person.pk, digits=code).reason == "wrong"
    assert session.session_key


def test_a_code_expires():
    person, _case = make_client()
    now = timezone.now()
    signin.request_code(address="rosa@example.org", ip=None, now=now)
    code = _code_from_mail()
    late = now + dt.timedelta(minutes=10, seconds=1)
    assert signin.check_code(person_id=person.pk, digits=code, now=late).reason == "wrong"


def test_codes_are_limited_per_person(settings):
    person, _case = make_client()
    now = timezone.now()
    reasons = [signin.request_code(address="rosa@example.org", ip=f"10.0.0.{i}", now=now).reason for i in range(5)]
    assert reasons == ["sent"] * settings.AMPARO_PORTAL_CODES_PER_PERSON + ["limited_person"] * 2
    assert len(mail.outbox) == settings.AMPARO_PORTAL_CODES_PER_PERSON
    # The codes already sent still work; after the window, a new one can be sent.
    assert signin.check_code(person_id=person.pk, digits=_code_from_mail(), now=now).reason == "ok"
    later = now + dt.timedelta(minutes=settings.AMPARO_PORTAL_RATE_WINDOW_MINUTES + 1)
    assert signin.request_code(address="rosa@example.org", ip="10.0.0.1", now=later).reason == "sent"


def test_requests_are_limited_per_network_address(settings):
    make_client()
    now = timezone.now()
    for i in range(settings.AMPARO_PORTAL_REQUESTS_PER_ADDRESS):
        assert signin.request_code(address=f"guess{i}@example.org", ip="10.9.9.9", now=now).reason == "unknown"
    assert signin.request_code(address="rosa@example.org", ip="10.9.9.9", now=now).reason == "limited_address"
    assert not mail.outbox
    browser = Client()
    response = browser.post("/portal/sign-in/", {"address": "rosa@example.org"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200 and "Demasiadas solicitudes" in response.content.decode()
    assert signin.request_code(address="rosa@example.org", ip="10.1.1.1", now=now).reason == "sent"


def test_in_person_only_clients_get_no_message_but_a_code_from_the_desk():
    person, case = make_client()
    PortalAccess.objects.filter(person=person).update(contact_by="in_person")
    browser = Client()
    _ask(browser, "rosa@example.org")
    assert not mail.outbox
    digits = signin.issue_code_in_person(person=person, by=case.opened_by)
    assert browser.post("/portal/code/", {"code": digits})["Location"] == "/portal/"


def test_the_portal_session_ends_when_idle(settings, monkeypatch):
    import time

    person, _case = make_client()
    from .factories import portal_client

    browser = portal_client(person)
    assert browser.get("/portal/").status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + settings.AMPARO_PORTAL_IDLE_MINUTES * 60 + 5)
    assert browser.get("/portal/")["Location"] == "/portal/sign-in/"
