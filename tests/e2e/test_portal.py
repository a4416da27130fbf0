"""A client on a 390 px phone, in Spanish: receives a code by email, signs in, sees the next hearing in
plain Spanish, sends two photos that become one PDF on the case's checklist, writes to the team (the
message is on the case's timeline for staff), and leaves with the quick exit. Axe finds no serious
or critical violation, and the home page with its assets weighs under 100 KB."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import formats, timezone, translation
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.testing import sign_in
from amparo.documents import seed
from amparo.documents.models import ChecklistItem
from amparo.legal import services as legal
from amparo.people.models import ContactPoint
from amparo.people.tests.factories import PersonFactory
from amparo.portal import services

from .conftest import screenshot

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
EXIT = "https://neutral.example/clima"


@pytest.fixture
def documents_dir(settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    settings.AMPARO_PORTAL_EXIT_URL = EXIT


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][0]['target']}"
            for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def _jpeg(color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 1200), color).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def test_a_client_on_a_phone_in_spanish(live_server, browser, documents_dir):
    seed.ensure()
    office = OfficeFactory(name="Oficina de Los Ángeles")
    attorney = UserFactory(role=Role.ATTORNEY, email="abogada-portal@amparo.test", language="es", offices=[office],
                           full_name="Marta Reyes")
    client = PersonFactory(given_names="Rosa Elena", first_surname="Núñez", preferred_language="es",
                           birth_date=dt.date(1985, 1, 1))
    ContactPoint.objects.create(person=client, kind="email", value="rosa.elena@example.org",
                                normalized="rosa.elena@example.org", is_primary=True)
    case = legal.open_case(by=attorney, client=client, kind="removal_defense", office=office, responsible=attorney,
                           court="Los Angeles - 606 S Olive St")
    legal.update_case(case=case, by=attorney, fields={"status": "master"})
    starts = timezone.localtime().replace(hour=8, minute=30, second=0, microsecond=0) + dt.timedelta(days=12)
    legal.add_hearing(case=case, kind="master", starts_at=starts, by=attorney)
    services.set_share(case=case, by=attorney, fields={"enabled": True})
    services.request_document(case=case, by=attorney, label_es="Foto de su pasaporte", label_en="Passport photo")
    mail.outbox.clear()

    context = browser.new_context(locale="es-MX", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.route("https://neutral.example/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Clima</title><h1>Clima de hoy</h1>"))
    try:
        # Sign in with a code sent by email.
        page.goto(f"{live_server.url}/portal/sign-in/")
        expect(page).to_have_title("Mi cuenta")
        assert not _serious(page)
        page.get_by_label("Su correo electrónico o número de celular").fill("rosa.elena@example.org")
        page.get_by_role("button", name="Enviarme un código").click()
        expect(page.get_by_role("heading", name="Escriba su código")).to_be_visible()
        assert len(mail.outbox) == 1 and "Amparo" not in mail.outbox[0].body
        code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
        screenshot(page, "portal-code-es-390")
        page.get_by_label("El código de 6 números que le enviamos").fill(code)
        page.get_by_role("button", name="Continuar").click()

        # The next hearing, in plain Spanish.
        expect(page.get_by_role("heading", name="Hola, Rosa Elena")).to_be_visible()
        with translation.override("es"):
            day = formats.date_format(timezone.localtime(starts), "DATE_FORMAT")
        hearing = page.locator(".card").first
        expect(hearing).to_contain_text(day)
        expect(hearing).to_contain_text("Corte de inmigración")
        expect(hearing).to_contain_text("Qué llevar:")
        expect(page.get_by_text("Su caso está en la corte de inmigración.")).to_be_visible()
        expect(page).to_have_title("Mi cuenta")
        screenshot(page, "portal-home-es-390")
        assert not _serious(page)

        # The page and everything it loads weigh under 100 KB.
        sizes: list[int] = []
        page.on("response", lambda response: sizes.append(len(response.body())))
        page.reload()
        page.wait_for_load_state("networkidle")
        assert len(sizes) >= 3 and sum(sizes) < 100 * 1024, sizes

        # Two photos of the passport become one PDF on the case's checklist.
        page.get_by_role("link", name=re.compile("Enviar fotos")).click()
        page.get_by_label("Tome o elija fotos (o un archivo PDF)").set_input_files(files=[
            {"name": "pagina1.jpg", "mimeType": "image/jpeg", "buffer": _jpeg("white")},
            {"name": "pagina2.jpg", "mimeType": "image/jpeg", "buffer": _jpeg("lightblue")}])
        screenshot(page, "portal-send-es-390")
        assert not _serious(page)
        page.get_by_role("button", name="Enviar", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Recibimos su documento")
        item = ChecklistItem.objects.get(case=case, label_es="Foto de su pasaporte")
        assert item.status == ChecklistItem.Status.RECEIVED
        with item.document.versions.get().file.open("rb") as handle:
            assert len(PdfReader(io.BytesIO(handle.read())).pages) == 2

        # A message to the team.
        page.get_by_role("link", name="Mensajes con su equipo").click()
        page.get_by_label("Su mensaje").fill("¿Tengo que llevar a mis hijos a la corte?")
        page.get_by_role("button", name="Enviar mensaje").click()
        expect(page.get_by_role("status")).to_contain_text("Su mensaje fue enviado.")
        screenshot(page, "portal-messages-es-390")
        assert not _serious(page)

        # Staff see it on the case's timeline and in the portal panel.
        staff_context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
        staff = staff_context.new_page()
        cookie = sign_in(Client(), attorney).cookies["sessionid"]
        staff_context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        staff.goto(f"{live_server.url}/cases/{case.pk}/")
        expect(staff.locator("#timeline")).to_contain_text("Mensaje del cliente (portal)")
        expect(staff.locator("#timeline")).to_contain_text("El cliente envió un documento (portal)")
        expect(staff.locator("#portal")).to_contain_text("¿Tengo que llevar a mis hijos a la corte?")
        screenshot(staff, "portal-staff-panel-es")
        staff_context.close()

        # The quick exit: a neutral site, the portal forgotten, nothing to go back to.
        page.get_by_role("link", name="Salida rápida").click()
        expect(page.get_by_role("heading", name="Clima de hoy")).to_be_visible()
        assert page.url == EXIT
        page.go_back()
        expect(page.get_by_role("heading", name="Entrar")).to_be_visible()
        expect(page.get_by_text("¿Tengo que llevar")).to_have_count(0)
    finally:
        context.close()
