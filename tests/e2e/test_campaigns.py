"""A petition from both sides: a person signs on the public page in Spanish on a 390 px phone with
no account, signs again and is counted once; the organizer sees the count against the target."""

import datetime as dt
import re

from django.test import Client
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.campaigns import services
from amparo.campaigns.models import Signature
from amparo.core.testing import sign_in

from .conftest import screenshot

PHONE = {"width": 390, "height": 844}


def test_signing_a_petition_in_spanish_on_a_phone(live_server, browser):
    organizer = UserFactory(role=Role.ORGANIZER, language="es")
    campaign = services.create_campaign(by=organizer, name="Redesignación de TPS", kind="petition",
                                        starts_on=dt.date(2026, 11, 2))
    petition = services.save_petition(by=organizer, campaign=campaign,
                                      title_es="Pedimos la redesignación de TPS para El Salvador",
                                      title_en="We ask for TPS re-designation for El Salvador",
                                      text_es="Pedimos al Congreso que apoye la redesignación.",
                                      addressed_to="Congreso de los Estados Unidos", target=5000)

    context = browser.new_context(locale="es-MX", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/campaigns/firme/{petition.pk}/")
    expect(page.get_by_role("heading", name="Pedimos la redesignación de TPS para El Salvador")).to_be_visible()
    expect(page.get_by_text(re.compile(r"0 personas han firmado\. Meta: 5\s000\."))).to_be_visible()
    page.get_by_label("Su nombre").fill("María José Hernández López")
    page.get_by_label("Teléfono").fill("213 555 0101")
    page.get_by_label("Código postal").fill("90015")
    page.get_by_label("Pueden contactarme sobre esta campaña").check()
    screenshot(page, "campaigns-petition-es")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Firmar").click()
    expect(page.get_by_text("¡Gracias! Su firma quedó contada.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"1 persona ha firmado\. Meta: 5\s000\."))).to_be_visible()
    screenshot(page, "campaigns-petition-signed-es")

    # The same person again, the phone written another way: counted once.
    page.get_by_label("Su nombre").fill("Maria Jose Hernandez")
    page.get_by_label("Teléfono").fill("+1 (213) 555-0101")
    page.get_by_role("button", name="Firmar").click()
    expect(page.get_by_text("Usted ya había firmado: su firma cuenta una sola vez. ¡Gracias!")).to_be_visible()
    expect(page.get_by_text(re.compile(r"1 persona ha firmado\. Meta: 5\s000\."))).to_be_visible()
    context.close()
    signature = Signature.objects.get()
    assert signature.times_signed == 2 and signature.may_contact

    # The organizer's page, in English on the same phone.
    staff = browser.new_context(locale="en-US", viewport=PHONE)
    client = sign_in(Client(), UserFactory(role=Role.ORGANIZER, language="en"))
    staff.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = staff.new_page()
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    expect(page.get_by_text("1 signature of 5,000")).to_be_visible()
    screenshot(page, "campaigns-detail-en")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    staff.close()
