"""A case opened from an intake; an immigration judge's decision recorded; the BIA appeal
deadline shown with its rule and source on the case, on the deadlines page and in the
calendar feed — in English and in Spanish."""

import re
import urllib.request

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.testing import sign_in
from amparo.people.services import take_intake

from .conftest import screenshot

TEXTS = {
    "en": {"kind": "Removal defense", "open": "Open the case", "record": "Record an event",
           "what": "What happened", "ij": "Immigration judge's decision",
           "date": "Date of the decision, notice or event",
           "show": "Show the deadline", "save": "Record the event", "bia": "Appeal to the BIA", "rule": "Rule:",
           "unverified": "Unverified", "deadlines": "Deadlines", "calendar": "Your calendar",
           "create": "Create my calendar address", "feed_title": "Deadline — case #", "office": "Office",
           "attorney": "Attorney or accredited representative", "nav": "Modules", "due_heading": "Deadlines due",
           "rule_text": "10 calendar days"},
    "es": {"kind": "Defensa contra la deportación", "open": "Abrir el caso", "record": "Registrar un hecho",
           "what": "Qué pasó", "ij": "Decisión del juez de inmigración",
           "date": "Fecha de la decisión, el aviso o el hecho", "show": "Mostrar el plazo",
           "save": "Registrar el hecho", "bia": "Apelación ante la BIA", "rule": "Regla:",
           "unverified": "Sin verificar", "deadlines": "Plazos", "calendar": "Su calendario",
           "create": "Crear mi dirección de calendario", "feed_title": "Plazo — caso #", "office": "Oficina",
           "attorney": "Abogado/a o representante acreditado/a", "nav": "Módulos",
           "due_heading": "Plazos por vencer", "rule_text": "10 días calendario"},
}


def _signed_in(page, live_server, user):
    """Sign in through the session (two-factor done), as the shell test already covers the form."""
    client = sign_in(Client(), user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_open_a_case_from_an_intake_and_record_an_ij_decision(live_server, page, lang):
    t = TEXTS[lang]
    # This office lets the feed name deadlines of ordinary cases (the default says only "Deadline").
    office = OfficeFactory(name="Oficina de Los Ángeles", calendar_detail="deadline")
    attorney = UserFactory(role=Role.ATTORNEY, email=f"abogada-{lang}@amparo.test", full_name="Marta Alicia Reyes",
                           language=lang, offices=[office])
    intake = take_intake(by=attorney, person=None, needs=["detention"],
                         fields={"given_names": "Rosa Elena", "first_surname": "Hernández",
                                 "second_surname": "Orellana"})
    _signed_in(page, live_server, attorney)

    # Opened from the intake: the client is chosen, the kind suggested by the need.
    page.goto(f"{live_server.url}/cases/new/?intake={intake.pk}")
    expect(page.get_by_text("Rosa Elena Hernández Orellana")).to_be_visible()
    page.get_by_label(t["office"], exact=True).select_option(label="Oficina de Los Ángeles")
    page.get_by_label(t["attorney"]).select_option(label="Marta Alicia Reyes")
    expect(page.get_by_label(re.compile("^(Kind of case|Tipo de caso)$"))).to_have_value(
        "removal_defense")
    page.get_by_role("button", name=t["open"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t["kind"])
    case_url = page.url

    # The judge decided today: the appeal deadline is computed and shown before recording.
    page.get_by_role("link", name=t["record"]).click()
    page.get_by_label(t["what"]).select_option("ij_decision")
    today = timezone.localdate()
    page.get_by_label(t["date"]).fill(today.isoformat())
    page.get_by_role("button", name=t["show"]).click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text(t["bia"])
    expect(preview).to_contain_text(t["rule_text"])
    expect(preview).to_contain_text(t["unverified"])
    screenshot(page, f"case-event-preview-{lang}")
    page.get_by_role("button", name=t["save"]).click()

    deadlines = page.locator("#deadlines")
    expect(deadlines).to_contain_text(t["bia"])
    expect(deadlines).to_contain_text(t["rule"])
    expect(deadlines).to_contain_text("FR Doc. 2026-02326")
    expect(deadlines).to_contain_text(t["unverified"])
    screenshot(page, f"case-detail-{lang}")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"case-detail-{lang}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The deadlines page (what the dashboard widget will show) lists it.
    page.get_by_role("navigation", name=t["nav"]).get_by_role("link", name=t["deadlines"], exact=True).click()
    expect(page.get_by_role("heading", name=t["due_heading"])).to_be_visible()
    expect(page.locator("#results")).to_contain_text(t["bia"])
    screenshot(page, f"cases-due-{lang}")

    # The calendar feed carries it, titled without names, with its rule.
    page.goto(f"{live_server.url}/cases/calendar/")
    page.get_by_role("button", name=t["create"]).click()
    feed_url = page.locator("#feed-url").input_value()
    with urllib.request.urlopen(feed_url) as response:  # noqa: S310 (the live test server)
        feed = response.read().decode()
    number = case_url.rstrip("/").rsplit("/", 1)[1]
    assert f"SUMMARY:{t['feed_title']}{number}" in feed
    assert "BEGIN:VEVENT" in feed and "Rosa" not in feed and "Hernández" not in feed
    unfolded = feed.replace("\r\n ", "")
    assert t["rule_text"] in unfolded


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("es", 390)])
def test_case_pages_meet_wcag_aa(live_server, page, lang, width):
    import datetime as dt

    from axe_playwright_python.sync_playwright import Axe

    from amparo.legal import services
    from amparo.people.tests.factories import PersonFactory

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}

    def violations():
        results = Axe().run(page, options=options)
        return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x) {v['nodes'][0]['target']}"
                for v in results.response["violations"]]

    office = OfficeFactory(name="Oficina de Los Ángeles")
    attorney = UserFactory(role=Role.ATTORNEY, email=f"a11y-{lang}@amparo.test", language=lang, offices=[office],
                           full_name="Marta Alicia Reyes")
    client = PersonFactory(given_names="Rosa Elena", birth_date=dt.date(1985, 1, 1))
    case = services.open_case(by=attorney, client=client, kind="removal_defense", office=office,
                              responsible=attorney, court="Los Angeles - Olive St")
    services.record_event(case=case, kind="ij_decision", date=timezone.localdate(), by=attorney)
    services.add_hearing(case=case, kind="master", starts_at=timezone.now() + dt.timedelta(days=3), by=attorney)
    services.add_task(case=case, title="Pedir expediente", assignee=attorney, by=attorney,
                      due=timezone.localdate() + dt.timedelta(days=2))
    services.add_note(case=case, body="<p>Llamó la clienta</p>", by=attorney)
    services.add_receipt(case=case, number="IOE0912345678", by=attorney)
    _signed_in(page, live_server, attorney)
    page.set_viewport_size({"width": width, "height": 844})
    for path in ("/cases/", f"/cases/{case.pk}/", f"/cases/{case.pk}/events/new/", f"/cases/{case.pk}/edit/",
                 "/cases/due/", "/cases/calendar/", f"/cases/new/?person={client.pk}", "/cases/break-glass/",
                 "/cases/due/?scope=all&days=30"):
        page.goto(f"{live_server.url}{path}")
        page.locator("details").evaluate_all("nodes => nodes.forEach(n => n.open = true)")
        assert violations() == [], path
        if path in ("/cases/", "/cases/calendar/", f"/cases/{case.pk}/"):
            name = {"/cases/": "list", "/cases/calendar/": "calendar"}.get(path, "detail-open")
            screenshot(page, f"cases-{name}-{lang}-{width}")
