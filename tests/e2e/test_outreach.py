"""A charla from both sides, in Spanish on a 390 px phone: a person registers on the public page
with no account; at the door the phone loses the network, checks in three people and a walk-in,
gets the network back, and the server has four check-ins, once each, with their scan times."""

import datetime as dt

from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core.testing import sign_in
from amparo.outreach import services
from amparo.outreach.models import CheckIn, Registration

from .conftest import screenshot

PHONE = {"width": 390, "height": 844}


def test_public_registration_then_offline_check_in_at_the_door(live_server, browser):
    organizer = UserFactory(role=Role.ORGANIZER, language="es")
    start = timezone.now() + dt.timedelta(hours=1)
    charla = services.create_event(by=organizer, title="Conozca sus derechos", starts_at=start,
                                   ends_at=start + dt.timedelta(hours=2), place="Salón comunitario", capacity=30)
    for given, surnames in [("Wilmer", "Argueta Cruz"), ("Reina", "Portillo Chicas")]:
        services.register(event=charla, given_names=given, surnames=surnames, phone="2135550100", notify=False)

    # The public page, no account, Spanish first.
    public = browser.new_context(locale="es-MX", viewport=PHONE)
    page = public.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/outreach/p/{charla.pk}/")
    expect(page.get_by_role("heading", name="Conozca sus derechos")).to_be_visible()
    page.get_by_label("Su nombre").fill("María José")
    page.get_by_label("Apellidos").fill("Hernández López")
    page.get_by_label("Teléfono").fill("213 555 0101")
    screenshot(page, "outreach-public-es")
    page.get_by_role("button", name="Inscribirme").click()
    expect(page.get_by_text("María José, usted está inscrito/a.")).to_be_visible()
    screenshot(page, "outreach-ticket-es")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    public.close()
    maria = Registration.objects.get(given_names="María José")

    # The door: a volunteer's phone.
    volunteer = UserFactory(role=Role.VOLUNTEER, language="es")
    door = browser.new_context(locale="es-MX", viewport=PHONE)
    client = sign_in(Client(), volunteer)
    door.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = door.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/outreach/events/{charla.pk}/checkin/")
    expect(page.locator("#count-reg")).to_have_text("3")  # the roster is on the phone

    door.set_offline(True)
    expect(page.locator("#net")).to_contain_text("Sin red")
    before = timezone.now()
    for query, name in [("maria hernandez", "María José Hernández López"), ("wilmer", "Wilmer Argueta Cruz"),
                        ("portillo", "Reina Portillo Chicas")]:
        page.get_by_label("Buscar un nombre, teléfono o código").fill(query)
        page.get_by_role("button", name=name).click()
    page.locator("#w-given").fill("Elmer")
    page.locator("#w-surnames").fill("Chicas")
    page.get_by_role("button", name="Inscribir y registrar llegada").click()
    expect(page.locator("#count-queue")).to_have_text("4")
    expect(page.locator("#count-in")).to_have_text("4")
    screenshot(page, "outreach-door-offline-es")
    assert CheckIn.objects.count() == 0  # nothing reached the server

    door.set_offline(False)
    expect(page.locator("#count-queue")).to_have_text("0", timeout=20_000)
    expect(page.locator("#net")).to_contain_text("En línea")
    screenshot(page, "outreach-door-synced-es")
    after = timezone.now()

    counted = CheckIn.objects.filter(event=charla, result="counted")
    assert counted.count() == 4 and CheckIn.objects.count() == 4
    assert counted.values("registration").distinct().count() == 4
    assert maria.pk in set(counted.values_list("registration", flat=True))
    walk_in = Registration.objects.get(given_names="Elmer")
    assert walk_in.source == "walk_in" and walk_in.checked_in_at is not None
    for checkin in counted:
        assert before - dt.timedelta(seconds=5) <= checkin.scanned_at <= after  # the phone's scan time
        assert checkin.scanned_at < checkin.received_at  # scanned offline, received later
    assert Registration.objects.filter(event=charla).exclude(checked_in_at=None).count() == 4
    door.close()
