"""Volunteers in Spanish: a volunteer signs herself up for a charla's shift on her phone; the
coordinator signs another volunteer up on the roster until the shift is full, logs her hours from
the roster, and approves them in the queue; the hours then count on the volunteer's page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, UserFactory
from amparo.volunteers.models import HoursEntry, Signup
from amparo.volunteers.tests import factories as f

from .conftest import screenshot


def _signed_in(browser, live_server, user, *, phone=False):
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="es-MX", viewport=size)
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded test machine is slow to answer
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_a_shift_sign_up_and_hours_approved_in_spanish(live_server, browser):
    coordinator = UserFactory(role=Role.ORGANIZER, email="organiza@amparo.test", language="es",
                              full_name="Beatriz Villalta")
    account = UserFactory(role=Role.VOLUNTEER, email="emily@amparo.test", language="es", full_name="Emily Carter")
    emily = f.volunteer(coordinator, "Emily Carter", user=account, skills=("en", "es"))
    rosa = f.volunteer(coordinator, "Rosa Elena Guardado", skills=("quc", "interpreter"))
    day = timezone.localdate() - dt.timedelta(days=1)  # yesterday's charla: its hours can be logged today
    shift = f.shift(coordinator, slots=2, day=day, role="Registro en la puerta")
    shift.ends_at = timezone.now() + dt.timedelta(days=1)  # still open to sign up
    shift.save(update_fields=["ends_at"])

    ctx, phone = _signed_in(browser, live_server, account, phone=True)
    phone.get_by_text("Menú").click()
    phone.get_by_role("link", name="Mis turnos y horas").click()
    expect(phone.get_by_text("Registro en la puerta")).to_be_visible()
    phone.get_by_role("button", name="Inscribirme").click()
    expect(phone.get_by_text("Usted quedó inscrito/a. ¡Gracias!")).to_be_visible()
    screenshot(phone, "volunteers-me-es-phone")
    ctx.close()
    assert Signup.objects.get().volunteer == emily

    ctx, page = _signed_in(browser, live_server, coordinator)
    page.get_by_role("navigation", name="Módulos").get_by_role("link", name="Voluntarios").click()
    page.get_by_role("link", name="Turnos", exact=True).click()
    page.get_by_role("link", name="Registro en la puerta").click()
    page.get_by_label("Voluntario").select_option(label="Rosa Elena Guardado")
    page.get_by_role("button", name="Inscribir").click()
    expect(page.get_by_text("Rosa Elena Guardado quedó inscrito/a.")).to_be_visible()
    expect(page.get_by_text("Este turno está lleno.")).to_be_visible()
    expect(page.get_by_role("heading", name="Lista: 2 de 2 lugares ocupados")).to_be_visible()
    screenshot(page, "volunteers-roster-es")

    rosa_line = page.get_by_role("listitem").filter(has_text="Rosa Elena Guardado")
    rosa_line.get_by_role("link", name="Registrar horas").click()
    page.get_by_label("Horas", exact=True).fill("30")
    page.get_by_role("button", name="Registrar horas").click()
    expect(page.get_by_text("Las horas deben ser más de 0 y como máximo 24 en un día.")).to_be_visible()
    page.get_by_label("Horas", exact=True).fill("3,5")
    page.get_by_label("Actividad").select_option(label="Registro de llegada y bienvenida")
    page.get_by_role("button", name="Registrar horas").click()
    expect(page.get_by_text("Horas registradas; un/a coordinador/a las aprobará.")).to_be_visible()

    page.get_by_role("link", name="Horas por aprobar").first.click()
    expect(page.get_by_role("heading", name="Rosa Elena Guardado: 3,50 horas", exact=False)).to_be_visible()
    screenshot(page, "volunteers-queue-es")
    page.get_by_role("button", name="Aprobar", exact=True).click()
    expect(page.get_by_text("Horas aprobadas.")).to_be_visible()
    expect(page.get_by_text("No hay horas esperando aprobación.")).to_be_visible()
    entry = HoursEntry.objects.get()
    assert (entry.volunteer, entry.status, str(entry.hours), entry.program) == (
        rosa, HoursEntry.Status.APPROVED, "3.50", "events")
    page.goto(f"{live_server.url}/volunteers/{rosa.pk}/")
    expect(page.get_by_text("Aprobadas en")).to_be_visible()
    expect(page.get_by_role("link", name="Corregir")).to_be_visible()
    screenshot(page, "volunteers-detail-es")
    ctx.close()
