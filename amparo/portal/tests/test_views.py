"""What a client sees and does in the portal, and what staff see of it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.documents.models import ChecklistItem
from amparo.legal import selectors as legal_selectors
from amparo.legal import services as legal
from amparo.portal import services
from amparo.portal.models import DocumentRequest, PortalAccess, PortalMessage

from .factories import make_client, photo, portal_client

pytestmark = pytest.mark.django_db


def _hearing(case, days=9):
    starts = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0) + dt.timedelta(days=days)
    return legal.add_hearing(case=case, kind="master", starts_at=starts, by=case.opened_by,
                             court="Los Angeles - 606 S Olive St")


def test_the_home_page_shows_the_next_hearing_in_plain_spanish():
    person, case = make_client()
    hearing = _hearing(case)
    legal.update_case(case=case, by=case.opened_by, fields={"status": "master"})
    page = portal_client(person).get("/portal/").content.decode()
    with translation.override("es"):
        day = formats.date_format(timezone.localtime(hearing.starts_at), "DATE_FORMAT")
        weekday = formats.date_format(timezone.localtime(hearing.starts_at), "l")
    assert f"{weekday}, {day}" in page and "9:30" in page
    assert "Corte de inmigración" in page and "606 S Olive St" in page and "Qué llevar" in page
    assert "Su caso está en la corte de inmigración." in page
    assert "<title>Mi cuenta</title>" in page and 'lang="es"' in page
    assert "master" not in page and "removal" not in page.lower()  # no internal words


def test_staff_can_say_what_to_bring():
    person, case = make_client()
    _hearing(case)
    staff = sign_in(Client(), case.opened_by)
    staff.post(f"/portal/staff/cases/{case.pk}/share/", {"enabled": "on", "hearings": "on",
                                                         "bring": "Su pasaporte y la carta de la corte"})
    page = portal_client(person).get("/portal/").content.decode()
    assert "Qué llevar: Su pasaporte y la carta de la corte" in page


def test_english_on_request_and_the_choice_is_kept():
    person, case = make_client()
    _hearing(case)
    browser = portal_client(person)
    assert browser.get("/portal/language/?lang=en&next=/portal/")["Location"] == "/portal/"
    page = browser.get("/portal/").content.decode()
    assert "Your next appointments" in page and "<title>My account</title>" in page
    assert browser.get("/portal/language/?lang=en&next=https://evil.example/")["Location"] == "/portal/"


def test_only_what_staff_shared_is_shown():
    person, case = make_client(share=False)
    _hearing(case)
    browser = portal_client(person)
    assert "Corte de inmigración" not in browser.get("/portal/").content.decode()
    services.set_share(case=case, by=case.opened_by, fields={"enabled": True, "hearings": False})
    page = browser.get("/portal/").content.decode()
    assert "Su caso" in page and "Corte de inmigración" not in page
    assert browser.get(f"/portal/messages/{case.pk}/").status_code == 200
    services.set_share(case=case, by=case.opened_by, fields={"messages": False})
    assert browser.get(f"/portal/messages/{case.pk}/").status_code == 404


def test_a_confidential_case_is_shown_only_when_explicitly_turned_on():
    person, case = make_client(kind="asylum_affirmative")
    assert case.restricted
    _hearing(case)
    browser = portal_client(person)
    page = browser.get("/portal/").content.decode()
    assert "Corte de inmigración" not in page and "Su caso" not in page
    assert browser.get(f"/portal/messages/{case.pk}/").status_code == 404
    services.set_share(case=case, by=case.opened_by, fields={"restricted_ok": True})
    page = browser.get("/portal/").content.decode()
    assert "Corte de inmigración" in page
    assert "asilo" not in page.lower() and "asylum" not in page.lower()


def test_two_photos_become_one_pdf_on_the_cases_checklist():
    person, case = make_client()
    wanted = services.request_document(case=case, by=case.opened_by, label_es="Pasaporte",
                                       label_en="Passport")
    browser = portal_client(person)
    assert "Pasaporte" in browser.get("/portal/").content.decode()
    response = browser.post(f"/portal/send/{wanted.pk}/", {"photos": [photo("a.jpg"), photo("b.png", fmt="PNG")]})
    assert response.status_code == 302
    wanted.refresh_from_db()
    assert wanted.status == DocumentRequest.Status.FULFILLED
    item = ChecklistItem.objects.get(case=case, label_es="Pasaporte")
    assert item.status == ChecklistItem.Status.RECEIVED and item.document == wanted.document
    version = wanted.document.versions.get()
    assert version.content_type == "application/pdf"
    with version.file.open("rb") as handle:
        assert len(PdfReader(io.BytesIO(handle.read())).pages) == 2
    actions = [e.action for e in legal_selectors.timeline(case)]
    assert "portal.upload" in actions
    # Sent once: the address is gone.
    assert browser.get(f"/portal/send/{wanted.pk}/").status_code == 404


def test_a_request_made_from_a_checklist_item_marks_that_item():
    person, case = make_client()
    item = ChecklistItem.objects.create(case=case, label_en="Birth certificate", label_es="Acta de nacimiento")
    wanted = services.request_document(case=case, by=case.opened_by, label_es="", checklist_item=item)
    portal_client(person).post(f"/portal/send/{wanted.pk}/", {"photos": [photo()]})
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.RECEIVED and item.document is not None


@pytest.mark.parametrize(("name", "content"), [
    ("fake.jpg", b"<html><script>alert(1)</script></html>"),
    ("empty.jpg", b""),
    ("notes.pdf.jpg", b"MZ\x90\x00 not an image"),
])
def test_files_are_checked_by_their_content(name, content):
    person, case = make_client()
    wanted = services.request_document(case=case, by=case.opened_by, label_es="Pasaporte")
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = portal_client(person).post(f"/portal/send/{wanted.pk}/", {"photos": [upload]})
    assert response.status_code == 200
    wanted.refresh_from_db()
    assert wanted.status == DocumentRequest.Status.OPEN and not case.documents.exists()


def test_too_large_photos_are_refused(settings):
    settings.AMPARO_PORTAL_UPLOAD_MAX_MB = 0
    person, case = make_client()
    wanted = services.request_document(case=case, by=case.opened_by, label_es="Pasaporte")
    response = portal_client(person).post(f"/portal/send/{wanted.pk}/", {"photos": [photo()]})
    assert "demasiado grandes" in response.content.decode()


def test_a_message_from_the_client_reaches_the_case_timeline_and_page():
    person, case = make_client()
    browser = portal_client(person)
    response = browser.post(f"/portal/messages/{case.pk}/", {"body": "¿Cuándo es mi cita?"})
    assert response.status_code == 302
    assert PortalMessage.objects.get(case=case).direction == "in"
    assert "portal.message.in" in [e.action for e in legal_selectors.timeline(case)]
    attorney = case.opened_by
    attorney.language = "es"
    attorney.save()
    page = sign_in(Client(), attorney).get(f"/cases/{case.pk}/").content.decode()
    assert "¿Cuándo es mi cita?" in page and "Mensaje del cliente (portal)" in page


def test_a_reply_from_the_team_says_only_there_is_a_new_message():
    person, case = make_client()
    services.staff_message(case=case, by=case.opened_by, body="Su audiencia cambió al 3 de marzo en la corte")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body == "Tiene un mensaje nuevo." and mail.outbox[0].subject == "Mensaje nuevo"
    browser = portal_client(person)
    assert "(1 nuevos)" in browser.get("/portal/").content.decode()
    assert "Su audiencia cambió" in browser.get(f"/portal/messages/{case.pk}/").content.decode()
    assert "nuevos" not in browser.get("/portal/").content.decode()


def test_do_not_contact_is_obeyed():
    person, case = make_client(phone="2135550100")
    services.set_access(person=person, by=case.opened_by, active=True, contact_by="in_person")
    services.staff_message(case=case, by=case.opened_by, body="Hola")
    assert not mail.outbox
    services.set_access(person=person, by=case.opened_by, active=False, contact_by="any")
    assert portal_client_fails(person)


def portal_client_fails(person) -> bool:
    from amparo.portal import signin

    return signin.request_code(address="rosa@example.org", ip="10.0.0.1").reason == "unknown"


def test_every_client_view_is_in_the_audit_trail():
    person, case = make_client()
    browser = portal_client(person)
    browser.get("/portal/")
    browser.get(f"/portal/messages/{case.pk}/")
    pages = [e.extra["page"] for e in AuditEntry.objects.filter(action="portal.view", object_id=str(person.pk))
             .order_by("id")]
    assert pages == ["home", "messages"]


def test_the_quick_exit_leaves_and_forgets_the_session(settings):
    person, case = make_client()
    browser = portal_client(person)
    page = browser.get("/portal/").content.decode()
    assert 'id="quick-exit" href="/portal/exit/"' in page
    response = browser.get("/portal/exit/")
    assert response.status_code == 302 and response["Location"] == settings.AMPARO_PORTAL_EXIT_URL
    assert browser.get("/portal/")["Location"] == "/portal/sign-in/"
    assert AuditEntry.objects.filter(action="portal.exit", object_id=str(person.pk)).exists()


def test_portal_pages_are_not_kept_by_the_browser():
    person, _case = make_client()
    browser = portal_client(person)
    for url in ("/portal/", "/portal/sign-in/"):
        response = browser.get(url)
        assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"


def test_the_home_page_with_its_assets_weighs_under_100_kb():
    from django.contrib.staticfiles import finders

    person, case = make_client()
    _hearing(case)
    services.request_document(case=case, by=case.opened_by, label_es="Pasaporte")
    html = portal_client(person).get("/portal/").content
    assets = [finders.find(name) for name in ("portal/portal.css", "portal/portal.js")]
    total = len(html) + sum(Path(path).stat().st_size for path in assets)
    assert b"amparo.css" not in html and b"htmx" not in html  # nothing of the staff pages' weight
    assert total < 100 * 1024, total


def test_staff_switches_requests_and_messages_on_the_case_page():
    person, case = make_client(share=False)
    attorney = case.opened_by
    staff = sign_in(Client(), attorney)
    page = staff.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="portal"' in page
    staff.post(f"/portal/staff/cases/{case.pk}/share/", {"enabled": "on", "hearings": "on", "messages": "on"})
    assert case.portal_share.enabled and not case.portal_share.documents
    staff.post(f"/portal/staff/cases/{case.pk}/request/", {"label_es": "Acta", "label_en": "Certificate"})
    assert DocumentRequest.objects.get(case=case).label_en == "Certificate"
    staff.post(f"/portal/staff/cases/{case.pk}/message/", {"body": "Hola Rosa"})
    assert PortalMessage.objects.get(case=case).author == attorney
    staff.post(f"/portal/staff/cases/{case.pk}/access/", {"active": "on", "contact_by": "email"})
    assert PortalAccess.objects.get(person=person).contact_by == "email"
    response = staff.post(f"/portal/staff/cases/{case.pk}/code/")
    assert response.status_code == 200 and response.context["digits"].isdigit()
    actions = {e.action for e in legal_selectors.timeline(case)}
    assert {"portal.share", "portal.request", "portal.message.out"} <= actions


def test_staff_without_the_case_or_the_capability_get_nothing():
    _person, case = make_client()
    volunteer = UserFactory(role=Role.VOLUNTEER)
    stranger = UserFactory(role=Role.ATTORNEY)  # may not see a confidential case of another office
    _p2, secret = make_client(email="ana@example.org", kind="vawa")
    for user, target in ((volunteer, case), (stranger, secret)):
        browser = sign_in(Client(), user)
        for action in ("share", "request", "message", "access", "code"):
            assert browser.post(f"/portal/staff/cases/{target.pk}/{action}/", {"body": "x"}).status_code == 404
