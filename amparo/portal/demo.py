"""The portal's demo: one client with an email address, one case shared with them (an upcoming
hearing, a document request, a letter and a message from their team). Nothing is made twice.
A code for the demo client: ``manage.py portal_code cliente.demo@amparo.example`` (or ask for one at
/portal/sign-in/: in development the email is printed on the console)."""

from __future__ import annotations

import datetime as dt

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
    return f"portal: {EMAIL} sees case #{case.pk}; a code: manage.py portal_code {EMAIL}"
