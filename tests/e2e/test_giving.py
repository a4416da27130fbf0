"""Giving in the browser, in Spanish, on a desktop and on a 390 px phone: a development user opens a
batch whose gifts do not match the control totals (refused, nothing lost), fixes the control,
posts it, issues the receipts and prints them in Spanish; then searches a donor who is also a
confidential client and sees no trace of the legal file."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, UserFactory
from amparo.giving import services
from amparo.giving.models import BatchEntry, Donation, Fund, Receipt
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .conftest import screenshot

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
CASE_WORDS = ("Asylum", "Asilo", "asylum", "asilo", "cliente", "Casos", "/cases/", "/people/")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_batch_refused_then_posted_and_printed_in_spanish_and_a_client_donor_shows_no_legal_file(
        live_server, browser, size):
    dev = UserFactory(role=Role.DEVELOPMENT, email=f"desarrollo-{size}@amparo.test", language="es",
                      full_name="Linda Park")
    fund = Fund.objects.create(name="Ayuda Mitch")
    ana = services.create_donor(by=dev, name="Ana Beatriz Orellana", language="es")
    luis = services.create_donor(by=dev, name="Luis Alberto Campos", language="es")
    person = PersonFactory(given_names="Xiomara", first_surname="Quintanilla", birth_date=dt.date(1985, 3, 1))
    case = make_case(kind="asylum_defensive", client=person)
    client_donor = services.create_donor(by=dev, name="Xiomara Quintanilla", person=person, language="es")
    services.record_donation(by=dev, donor=client_donor, received_on=dt.date(2026, 2, 1), method="cash",
                             amount="20.00", fund=fund)

    context = browser.new_context(locale="es-MX", viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(dev.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    # A batch counted by hand as 2 gifts for $300.00.
    page.goto(f"{live_server.url}/giving/batches/")
    page.get_by_label("Etiqueta").fill("Correo del 2 de marzo")
    page.get_by_label("número de donaciones (control)").fill("2")
    page.get_by_label("monto total (control)").fill("300.00")
    page.get_by_role("button", name="Abrir el lote").click()
    expect(page.get_by_role("heading", name="Lote: Correo del 2 de marzo")).to_be_visible()
    for donor, amount in ((ana, "100.00"), (luis, "150.00")):
        page.get_by_label("Número de donante").fill(str(donor.pk))
        page.get_by_label("recibido el").fill("2026-03-02")
        page.get_by_label("monto", exact=True).fill(amount)
        page.get_by_label("fondo", exact=True).select_option(label="Ayuda Mitch")
        page.get_by_role("button", name="Agregar la donación").click()
        expect(page.get_by_text("La donación se agregó al lote.")).to_be_visible()

    page.get_by_role("button", name="Registrar el lote").click()
    refused = page.get_by_text("El lote no se registró")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text("nada se ha perdido")
    screenshot(page, f"giving-batch-refused-{size}")
    assert BatchEntry.objects.count() == 2 and not Donation.objects.filter(batch__isnull=False).exists()
    expect(page.get_by_text("Ana Beatriz Orellana")).to_be_visible()

    # The count was right, the total wrong: correct the control to $250.00, post, issue, print.
    page.get_by_label("monto total (control)").fill("250.00")
    page.get_by_role("button", name="Cambiar los totales de control").click()
    expect(page.get_by_text("coincide con el control")).to_be_visible()
    page.get_by_role("button", name="Registrar el lote").click()
    expect(page.get_by_text("El lote quedó registrado: 2 donación(es).")).to_be_visible()
    page.get_by_role("button", name="Emitir los recibos").click()
    expect(page.get_by_text("2 recibo(s) listo(s) para imprimir.")).to_be_visible()
    printed = page.get_by_role("link", name="Imprimir los recibos en español (PDF)")
    response = page.request.get(f"{live_server.url}{printed.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    receipt = Receipt.objects.order_by("number").first()
    page.get_by_role("link", name=receipt.code).click()
    spanish = page.locator("section[lang=es]")
    expect(spanish).to_contain_text("agradece a Ana Beatriz Orellana la contribución de US$100.00")
    expect(spanish).to_contain_text("No se entregaron bienes ni servicios")
    screenshot(page, f"giving-receipt-es-{size}")

    # The donor who is also a confidential client: found as a donor, nothing of the legal file.
    page.goto(f"{live_server.url}/search/?q=Xiomara+Quintanilla")
    hit = page.get_by_role("link", name="Xiomara Quintanilla")
    expect(hit).to_be_visible()
    body = page.content()
    assert case.number not in body and not [w for w in CASE_WORDS if w in page.locator("main").inner_text()]
    hit.click()
    expect(page.get_by_role("heading", name="Xiomara Quintanilla")).to_be_visible()
    main = page.locator("main").inner_text()
    assert case.number not in main and not [w for w in CASE_WORDS if w in main], main
    assert "/people/" not in page.content() and "/cases/" not in page.locator("main").inner_html()
    screenshot(page, f"giving-client-donor-{size}")
    assert page.request.get(f"{live_server.url}/people/{person.pk}/").status == 404
    context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_an_organizer_packs_ships_and_confirms_a_shipment_and_a_pledge_is_paid_in_spanish(
        live_server, browser, size):
    from amparo.giving import aid

    organizer = UserFactory(role=Role.ORGANIZER, email=f"acopio-{size}@amparo.test", language="es")
    drive = aid.create_drive(by=organizer, name="Huracán Mitch", starts=dt.date(1998, 11, 2))
    aid.receive_goods(by=organizer, drive=drive, on=dt.date(1998, 11, 3), category="food", description="Frijol",
                      unit="libra", quantity="100", weight_kg="45")
    context = browser.new_context(locale="es-MX", viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(organizer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/giving/aid/drives/{drive.pk}/")
    page.get_by_text("Envío nuevo").click()
    page.get_by_label("departamento").select_option("SV-US")
    page.get_by_label("municipio").fill("Jiquilisco")
    page.get_by_label("organización aliada").fill("Comunidad La Tirana")
    page.get_by_role("button", name="Abrir el envío").click()
    expect(page.get_by_text("Se abrió el envío: agregue sus cajas.")).to_be_visible()
    page.get_by_label("peso de la caja (kg)").fill("22.5")
    page.get_by_label("artículo 1", exact=True).select_option(index=1)
    page.get_by_label("cantidad del artículo 1").fill("50")
    page.get_by_role("button", name="Empacar la caja").click()
    expect(page.get_by_text("La caja quedó empacada.")).to_be_visible()
    screenshot(page, f"giving-shipment-packed-{size}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_label("Transportista").fill("Cargo Expreso")
    page.get_by_role("button", name="Marcar como enviado").click()
    page.get_by_label("Recibido por").fill("Directiva comunal")
    page.get_by_role("button", name="Confirmar la recepción").click()
    expect(page.get_by_text("Se confirmó la recepción del envío.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Directiva comunal")
    context.close()

    dev = UserFactory(role=Role.DEVELOPMENT, email=f"promesas-{size}@amparo.test", language="es")
    Fund.objects.create(name="Fondo del edificio")
    rosa = services.create_donor(by=dev, name="Rosa Argueta", language="es")
    context = browser.new_context(locale="es-MX", viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(dev.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/giving/donors/{rosa.pk}/")
    page.get_by_role("link", name="Promesa de donación nueva").click()
    page.get_by_label("monto prometido").fill("300.00")
    page.get_by_label("número de cuotas").fill("3")
    page.get_by_label("fondo", exact=True).select_option(label="Fondo del edificio")
    page.get_by_role("button", name="Registrar la promesa de donación").click()
    expect(page.get_by_text("Se registró la promesa de donación con su calendario de pagos.")).to_be_visible()
    page.get_by_role("button", name="Registrar el pago").click()
    expect(page.get_by_text("Se registró el pago de la cuota.")).to_be_visible()
    expect(page.get_by_text("Pagada por completo")).to_be_visible()
    screenshot(page, f"giving-pledge-paid-{size}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
