"""The programs in the browser, in Spanish: a counsellor books twelve weekly sessions, records a
PHQ-9 and refers the family to housing; the shelter confirms the referral and admits the family to
a free bed, and the bed board shows the bed taken; an attorney finds none of the clinical notes.
Day view and bed board also at 390 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from amparo.core.testing import fresh_code
from amparo.programs import services
from amparo.programs.models import Program, Referral, Stay
from amparo.programs.tests.factories import DAY, bed, clinician, person, room, service

from .conftest import screenshot

PHONE = {"width": 390, "height": 844}
NOTE = "Xoconostle: relata pesadillas desde el viaje"


def _context(browser, viewport=None):
    context = browser.new_context(locale="es-MX", viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _sign_in(page, live_server, user, device=None):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    if device is not None:
        page.locator("input[name=otp_token], input[autocomplete=one-time-code]").first.fill(fresh_code(device))
        page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_counselling_series_phq9_referral_admission_and_the_bed_board_in_spanish(live_server, browser):
    counsellor = clinician(programs=(Program.MENTAL_HEALTH,), email="consejera@amparo.test",
                           full_name="Marisol Guevara", language="es")
    device = TOTPDeviceFactory(user=counsellor)
    worker = UserFactory(role=Role.HOUSING, email="refugio@amparo.test", full_name="Óscar Mejía", language="es")
    attorney = UserFactory(role=Role.ATTORNEY, email="abogado@amparo.test", language="es")
    attorney_device = TOTPDeviceFactory(user=attorney)
    service("counselling")
    room("Consultorio 1")
    mother = person(given_names="Reina Isabel", first_surname="Portillo")
    free_bed, other_bed = bed("A", room_name="Cuarto 1", family_room=True), bed("B", room_name="Cuarto 1")

    # The counsellor books twelve weekly sessions.
    context, page = _context(browser)
    _sign_in(page, live_server, counsellor, device)
    page.goto(f"{live_server.url}/programs/clients/")
    page.get_by_label("Nombre").fill("Portillo")
    page.get_by_label("Nombre").press("Enter")
    page.get_by_role("link", name="Reina Isabel Portillo").click()
    expect(page).to_have_title(re.compile("^Expediente"))
    page.get_by_role("link", name="Programar una cita").click()
    page.get_by_label("Profesional").select_option(label="Marisol Guevara")
    page.get_by_label("Servicio").select_option(label="Counselling")
    page.get_by_label("Sala", exact=True).select_option(label="Consultorio 1")
    page.get_by_label("Fecha").fill(DAY.isoformat())
    page.get_by_label("Desde").fill("10:00")
    page.get_by_label("Hasta").fill("10:50")
    page.get_by_label("Cada semana, durante cuántas semanas").fill("12")
    page.get_by_role("button", name="Programar", exact=True).click()
    expect(page.get_by_text("Citas programadas: 12.")).to_be_visible()
    assert mother.appointments.count() == 12

    # The same slot again: one clear message, nothing booked.
    page.goto(f"{live_server.url}/programs/clinic/book/?person={person(given_names='Otra').pk}")
    page.get_by_label("Profesional").select_option(label="Marisol Guevara")
    page.get_by_label("Servicio").select_option(label="Counselling")
    page.get_by_label("Fecha").fill(DAY.isoformat())
    page.get_by_label("Desde").fill("10:15")
    page.get_by_label("Hasta").fill("11:00")
    page.get_by_role("button", name="Programar", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Marisol Guevara ya tiene una cita")
    screenshot(page, "programs-conflict-es")

    # A PHQ-9, with its score and band.
    page.goto(f"{live_server.url}/programs/clients/{mother.pk}/")
    page.get_by_role("link", name="Registrar un PHQ-9").click()
    page.get_by_label("Fecha").fill(DAY.isoformat())
    for i in range(1, 10):
        page.locator(f"input[name=q{i}][value='{1 if i < 9 else 0}']").check()
    page.get_by_role("button", name="Guardar y calcular el puntaje").click()
    expect(page.get_by_text("Puntaje 8: Leve.")).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    page.get_by_label("Nota", exact=True).fill(NOTE)
    page.get_by_role("button", name="Guardar la nota").click()
    expect(page.get_by_text(NOTE)).to_be_visible()

    # Referred to housing.
    page.get_by_text("Referir", exact=True).click()
    page.get_by_label("Del programa").select_option("mental_health")
    page.get_by_label("Al programa o servicio").select_option("housing")
    page.get_by_role("button", name="Enviar la referencia").click()
    expect(page.get_by_text("Referencia enviada")).to_be_visible()
    screenshot(page, "programs-client-es")
    context.close()

    # The shelter confirms the referral and admits the family to a free bed.
    context, page = _context(browser, PHONE)
    _sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/programs/referrals/")
    page.get_by_role("button", name="Recibida").click()
    assert Referral.objects.get().status == "received"
    page.goto(f"{live_server.url}/programs/housing/?day={DAY.isoformat()}")
    expect(page.locator("#free-count")).to_have_text("2 camas libres")
    page.goto(f"{live_server.url}/programs/clients/{mother.pk}/admit/?day={DAY.isoformat()}")
    page.get_by_label("Cama").select_option(str(free_bed.pk))
    page.get_by_role("button", name="Ingresar").click()
    expect(page.locator("#free-count")).to_have_text("1 cama libre")
    row = page.get_by_role("row").filter(has_text="Reina Isabel Portillo")
    expect(row).to_contain_text("Ocupada")
    expect(page.get_by_role("row").filter(has_text=f"Cuarto 1 · {other_bed.label}")).to_contain_text("Libre")
    assert Stay.objects.get().bed == free_bed
    assert NOTE not in page.content()
    screenshot(page, "programs-bed-board-phone-es")
    context.close()

    # The provider's day on a phone.
    services.book(person=person(given_names="Lupita"), provider=counsellor, service=service("counselling"),
                  starts_at=services.timezone.make_aware(services.dt.datetime.combine(DAY, services.dt.time(12))),
                  ends_at=services.timezone.make_aware(services.dt.datetime.combine(DAY, services.dt.time(12, 50))),
                  by=counsellor)
    context, page = _context(browser, PHONE)
    _sign_in(page, live_server, counsellor, device)
    page.goto(f"{live_server.url}/programs/clinic/providers/{counsellor.pk}/?day={DAY.isoformat()}")
    expect(page.get_by_role("heading", name="Marisol Guevara")).to_be_visible()
    expect(page.get_by_text("Lupita")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "programs-provider-day-phone-es")
    context.close()

    # An attorney finds no clinical note anywhere.
    context, page = _context(browser)
    _sign_in(page, live_server, attorney, attorney_device)
    for url in ("/programs/clinic/notes/", f"/programs/clients/{mother.pk}/", "/programs/clinic/notes/export.csv",
                "/api/v1/visit-notes", "/search/?q=pesadillas"):
        response = page.request.get(f"{live_server.url}{url}")
        assert "Xoconostle" not in response.text(), url
    assert page.request.get(f"{live_server.url}/programs/clinic/notes/").status == 404
    context.close()


def test_house_rules_acknowledged_at_admission_and_an_incident_on_a_phone_in_spanish(live_server, browser):
    worker = UserFactory(role=Role.HOUSING, email="turno@amparo.test", full_name="Óscar Mejía", language="es")
    resident = person(given_names="Lucía", first_surname="Ramírez")
    free_bed = bed("A", room_name="Cuarto 2")
    site = free_bed.room.site
    context, page = _context(browser, PHONE)
    _sign_in(page, live_server, worker)

    # The rules of the site, in both languages, in force from a date.
    page.goto(f"{live_server.url}/programs/housing/sites/{site.pk}/rules/")
    page.get_by_label("Vigente desde").fill(DAY.isoformat())
    page.get_by_label("Normas (inglés)").fill("Quiet after 10 pm.")
    page.get_by_label("Normas (español)").fill("Silencio después de las 22:00.")
    page.get_by_role("button", name="Guardar las normas").click()
    expect(page.locator("#rules-es")).to_have_text("Silencio después de las 22:00.")

    # Admission shows the rules; without the resident's acknowledgement it is refused.
    page.goto(f"{live_server.url}/programs/clients/{resident.pk}/admit/?day={DAY.isoformat()}")
    expect(page.get_by_text("Silencio después de las 22:00.")).to_be_visible()
    page.get_by_label("Cama").select_option(str(free_bed.pk))
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_text("debe aceptar las normas de la casa")).to_be_visible()
    page.get_by_label("La persona residente leyó").check()
    page.get_by_role("button", name="Ingresar").click()
    expect(page.locator("#free-count")).to_have_text("0 camas libres")
    stay = Stay.objects.get()

    # An incident that night, naming the resident; it shows on the site's list and on the stay.
    page.goto(f"{live_server.url}/programs/housing/sites/{site.pk}/incidents/")
    page.get_by_label("Tipo").select_option("rules")
    page.get_by_label("Lucía Ramírez").check()
    page.get_by_label("Qué pasó").fill("Volvió después de la hora de cierre")
    page.get_by_label("Medidas tomadas").fill("Se habló con ella")
    page.get_by_label("Seguimiento necesario").fill("Reunión de la casa")
    page.get_by_role("button", name="Registrar el incidente").click()
    expect(page.locator("#description")).to_have_text("Volvió después de la hora de cierre")
    page.goto(f"{live_server.url}/programs/housing/stays/{stay.pk}/")
    expect(page.locator("#acknowledgements")).to_contain_text("Normas vigentes desde")
    expect(page.locator("#incidents")).to_contain_text("Norma de la casa incumplida")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "programs-stay-phone-es")
    page.goto(f"{live_server.url}/programs/housing/sites/{site.pk}/incidents/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "programs-incidents-phone-es")
    context.close()
