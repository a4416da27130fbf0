"""The portal's demo: one client with an email address, one case shared with them (an upcoming
hearing, a document request, a letter and a message from their team), a seat at the next public charla,
a class, and a donation receipt (when the outreach, classes and giving demos are loaded). Nothing is
made twice.
A code for the demo client: ``manage.py portal_code cliente.demo@amparo.example`` (or ask for one at
/portal/sign-in/: in development the email is printed on the console)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from amparo.accounts.demo_center import MARKER, _users
from amparo.legal import services as legal
from amparo.legal.models import Case, Hearing
from amparo.people import services as people
from amparo.people.models import ContactPoint

from . import services
from .models import DocumentRequest, PortalMessage

EMAIL = "cliente.demo@amparo.example"


@transaction.atomic
def load() -> str:
    users = _users()
    staff = users.get("attorney") or next(iter(users.values()), None)
    existing = (ContactPoint.objects.filter(kind=ContactPoint.Kind.EMAIL, normalized=EMAIL)
                .select_related("person").first())
    if existing is not None:
        case = Case.objects.filter(client=existing.person, restricted=False).order_by("opened_at").first()
    else:
        case = (Case.objects.filter(restricted=False, closed_at__isnull=True, client__notes__startswith=MARKER,
                                    client__restricted=False, forum="eoir").order_by("opened_at", "id").first()
                or Case.objects.filter(restricted=False, closed_at__isnull=True, client__notes__startswith=MARKER)
                .order_by("opened_at", "id").first())
    if case is None or staff is None:
        return "portal: no demo case to share (load the demo center first)"
    client = case.client
    if existing is None:
        people.update_person(person=client, by=staff, fields={}, contacts=[{"kind": ContactPoint.Kind.EMAIL,
                                                                           "value": EMAIL, "label": "demo"}])
    services.set_share(case=case, by=staff, fields={"enabled": True})
    services.set_access(person=client, by=staff, active=True, contact_by="any")
    if not Hearing.objects.filter(case=case, cancelled=False, starts_at__gte=timezone.now()).exists():
        when = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=21)
        legal.add_hearing(case=case, kind=Hearing.Kind.MASTER, starts_at=when, by=staff)
    if not DocumentRequest.objects.filter(case=case).exists():
        services.request_document(case=case, by=staff, label_es="Foto de su pasaporte (todas las páginas con datos)",
                                  label_en="Photo of your passport (every page with information)")
    if not PortalMessage.objects.filter(case=case).exists():
        services.staff_message(case=case, by=staff, body="Hola. Por favor envíe la foto de su pasaporte desde aquí.")
    _own_records(client, staff)
    return f"portal: {EMAIL} sees case #{case.pk}; a code: manage.py portal_code {EMAIL}"


def _own_records(client: Any, staff: Any) -> None:
    """A seat (QR ticket) at the next public event, a class with sessions to come, a receipted gift."""
    from amparo.classes import services as classes
    from amparo.classes.models import ClassSession, Enrolment
    from amparo.giving import services as giving
    from amparo.giving.models import Donor, Fund
    from amparo.outreach import services as outreach
    from amparo.outreach.models import Event

    from . import selectors

    now = timezone.now()
    if not selectors.events(client, now=now):
        event = Event.objects.filter(public=True, starts_at__gte=now).order_by("starts_at", "pk").first()
        if event is not None:
            # The client's e-mail and given name make it theirs in the portal (selectors.events).
            outreach.register(event=event, given_names=client.given_names, surnames=client.first_surname,
                              email=EMAIL, source="staff", by=staff, notify=False)
    if not Enrolment.objects.filter(person=client).exists():
        upcoming = (ClassSession.objects.filter(date__gte=timezone.localdate(), cancelled=False)
                    .select_related("section").order_by("date", "id").first())
        if upcoming is not None:
            classes.enrol(section=upcoming.section, person=client, by=staff)
    fund = Fund.objects.filter(active=True).order_by("pk").first()
    if fund is not None and not Donor.objects.filter(person=client).exists():
        donor = giving.create_donor(by=staff, name=client.full_name, person=client, language="es")
        gift = giving.record_donation(by=staff, donor=donor, received_on=timezone.localdate() - dt.timedelta(days=14),
                                      method="cash", amount="25.00", fund=fund)
        giving.issue_receipt(by=staff, donation=gift)
