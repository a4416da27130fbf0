"""A citizenship class in Spanish: the front desk creates a term and a section and enrols past
capacity (a drop promotes the waiting list), the teacher takes attendance on a phone, the front
desk issues certificates only to those who meet the course's rule, and a 2025-version practice
stops at the ninth wrong answer."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, UserFactory
from amparo.classes.models import Certificate

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


def _enrol_new(page, section_url, given, surname, email=""):
    page.goto(section_url)
    page.get_by_role("link", name="Inscribir a un/a estudiante").click()
    page.get_by_label("Nombres").fill(given)
    page.get_by_label("Primer apellido").fill(surname)
    if email:
        page.get_by_label("Correo electrónico").fill(email)
    page.get_by_role("button", name="Inscribir").last.click()


def test_a_citizenship_class_in_spanish(live_server, browser, tmp_path):
    desk = UserFactory(role=Role.INTAKE, email="recepcion@amparo.test", language="es", full_name="José Rivas")
    teacher = UserFactory(role=Role.TEACHER, email="maestra@amparo.test", language="es", full_name="Patricia Lemus")
    today = timezone.localdate()
    first = today - dt.timedelta(days=21)

    ctx, page = _signed_in(browser, live_server, desk)
    page.get_by_role("navigation", name="Módulos").get_by_role("link", name="Clases").click()
    page.get_by_role("link", name="Curso nuevo").click()
    page.get_by_label("Nombre").fill("Ciudadanía martes y jueves")
    page.get_by_label("Financiador").fill("Fundación Sol")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_role("link", name="Periodo nuevo").click()
    page.get_by_label("Nombre").fill("Invierno")
    page.get_by_label("Empieza").fill(first.isoformat())
    page.get_by_label("Termina").fill((today + dt.timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Guardar").click()
    page.get_by_role("link", name="Grupo nuevo").click()
    page.get_by_label("Curso").select_option(label="Ciudadanía martes y jueves")
    page.get_by_label("Periodo").select_option(label="Invierno")
    page.get_by_label("Nombre").fill("A")
    page.get_by_label("Sala", exact=True).fill("Salón 2")
    page.get_by_label("Cupo").fill("2")
    page.get_by_label("Patricia Lemus").check()
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Ciudadanía martes y jueves · A")).to_be_visible()
    section_url = page.url

    page.get_by_label("Martes").check()
    page.get_by_label("Jueves").check()
    page.get_by_label("Empieza a las").fill("18:00")
    page.get_by_label("Termina a las").fill("20:00")
    page.get_by_label("Desde").fill(first.isoformat())
    page.get_by_label("Hasta").fill((today + dt.timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Crear sesiones").click()
    expect(page.get_by_text("sesiones creadas")).to_be_visible()

    _enrol_new(page, section_url, "Rosa", "Amaya")
    _enrol_new(page, section_url, "Beto", "Cruz")
    _enrol_new(page, section_url, "Carla", "Tobar", "carla@example.org")
    expect(page.get_by_text("El grupo está lleno: Carla Tobar quedó en lista de espera.")).to_be_visible()
    waiting = page.locator("#waiting")
    expect(waiting).to_contain_text("Carla Tobar")
    beto = page.locator("#roll tr", has_text="Beto Cruz")
    beto.locator("summary", has_text="Dar de baja").click()
    beto.get_by_label("Motivo").select_option("work")
    beto.get_by_role("button", name="Dar de baja").click()
    expect(page.get_by_text("Beto Cruz se dio de baja de la clase.")).to_be_visible()
    expect(page.locator("#roll")).to_contain_text("Carla Tobar")
    expect(waiting).to_contain_text("No hay nadie en espera.")
    screenshot(page, "classes-section-es")

    # The teacher, on a phone, takes attendance at every session held so far.
    tctx, phone = _signed_in(browser, live_server, teacher, phone=True)
    phone.goto(section_url)
    links = phone.get_by_role("link", name="Tomar asistencia")
    held = links.count()
    assert held >= 4
    for i in range(held):
        phone.goto(section_url)
        phone.get_by_role("link", name="Tomar asistencia").nth(i).click()
        rosa = phone.locator("li", has_text="Rosa Amaya")
        rosa.get_by_role("button", name="Presente").click()
        expect(rosa.get_by_role("button", name="Presente")).to_have_attribute("aria-pressed", "true")
        carla = phone.locator("li", has_text="Carla Tobar")
        carla.get_by_role("button", name="Ausente").click()
        expect(carla.get_by_role("button", name="Ausente")).to_have_attribute("aria-pressed", "true")
        if i == 0:
            screenshot(phone, "classes-attendance-es-phone")
    phone.goto(section_url)
    phone.locator("#roll tr", has_text="Rosa Amaya").locator("input[name=final_score]").fill("90")
    phone.locator("#roll tr", has_text="Rosa Amaya").get_by_role("button", name="Guardar").click()
    expect(phone.locator("#roll tr", has_text="Rosa Amaya")).to_contain_text("100%")

    # Certificates: only Rosa meets the rule (80% attendance and a passing final assessment).
    page.goto(section_url)
    page.get_by_role("button", name="Emitir certificados de terminación").click()
    expect(page.get_by_text("1 certificado(s) emitido(s).")).to_be_visible()
    expect(page.get_by_text("Sin certificado para Carla Tobar")).to_be_visible()
    assert list(Certificate.objects.values_list("enrolment__person__given_names", flat=True)) == ["Rosa"]
    code = Certificate.objects.get().code
    verify = ctx.new_page()
    verify.goto(f"{live_server.url}/classes/verify/{code}/")
    expect(verify.get_by_text("Este certificado es auténtico.")).to_be_visible()
    expect(verify.locator("main")).not_to_contain_text("Rosa")

    # The center imports its question bank (placeholders here), then a practice on the phone.
    bank = tmp_path / "banco.csv"
    bank.write_text("version,number,text_en,text_es,answers_en,answers_es,sixty_five_twenty,sample\n" + "".join(
        f"2025,{n},SAMPLE question {n},Pregunta de MUESTRA {n},SAMPLE,MUESTRA,no,yes\n" for n in range(1, 21)),
        encoding="utf-8")
    page.goto(f"{live_server.url}/classes/questions/")
    page.get_by_label("Archivo CSV o XLSX").set_input_files(str(bank))
    page.get_by_role("button", name="Importar").click()
    expect(page.get_by_text("20 pregunta(s) guardada(s), 0 fila(s) rechazada(s).")).to_be_visible()

    phone.goto(section_url)
    phone.get_by_role("link", name="Rosa Amaya").click()
    phone.get_by_role("link", name="Entrevista de práctica").click()
    phone.get_by_label("Fecha de presentación del N-400 (o prevista)").fill("2025-11-03")
    phone.get_by_role("button", name="Empezar").click()
    expect(phone.get_by_text("Examen 2025: hasta 20 preguntas, 12 correctas para aprobar")).to_be_visible()
    for n in range(1, 10):
        expect(phone.locator("#qnum")).to_have_text(f"Pregunta {n}")
        phone.get_by_role("button", name="Incorrecta").click()
        expect(phone.locator("#score")).to_contain_text(f"Incorrectas: {n}")
    expect(phone.locator("#outcome")).to_have_text("No aprobó")
    expect(phone.get_by_role("button", name="Incorrecta")).to_have_count(0)
    screenshot(phone, "classes-practice-es-phone")
    phone.goto(phone.url.split("/classes/")[0] + "/classes/")
    tctx.close()
    ctx.close()
