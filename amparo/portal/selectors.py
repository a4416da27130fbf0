"""What a signed-in client may see. Every query starts from the client (``person``), so another
client's ids find nothing: each one-record lookup answers 404 (``Http404``), never someone else's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from amparo.classes.models import ClassSession, Enrolment, EnrolmentStatus
from amparo.documents.models import Document
from amparo.giving.models import Receipt
from amparo.legal.models import Case, Hearing
from amparo.outreach.models import Registration
from amparo.people.matching import name_tokens, normalize_phone
from amparo.people.models import ContactPoint, Person

from .models import DocumentRequest, PortalMessage, PortalShare


def shares(person: Person) -> QuerySet[PortalShare]:
    """The client's shared cases: switched on, still the client's, and not confidential unless
    staff also allowed that for this client."""
    return (PortalShare.objects.filter(enabled=True, case__client=person, case__client__portal_access__active=True)
            .filter(Q(case__restricted=False) | Q(restricted_ok=True))
            .select_related("case").order_by("case__opened_at", "case_id"))


def share_of(person: Person, case_id: Any, *, part: str | None = None) -> PortalShare:
    share = shares(person).filter(case_id=case_id).first() if str(case_id).isdigit() else None
    if share is None or (part and not getattr(share, part)):
        raise Http404
    return share


def next_hearings(person: Person, *, limit: int = 10) -> list[Hearing]:
    case_ids = [s.case_id for s in shares(person) if s.hearings]
    return list(Hearing.objects.filter(case_id__in=case_ids, cancelled=False,
                                       starts_at__gte=timezone.now()).order_by("starts_at", "id")[:limit])


def open_requests(person: Person) -> list[DocumentRequest]:
    case_ids = [s.case_id for s in shares(person) if s.documents]
    return list(DocumentRequest.objects.filter(case_id__in=case_ids).exclude(
        status=DocumentRequest.Status.CANCELLED).order_by("status", "requested_at", "id")[:50])


def request_of(person: Person, request_id: Any) -> DocumentRequest:
    case_ids = [s.case_id for s in shares(person) if s.documents]
    found = DocumentRequest.objects.filter(pk=request_id, case_id__in=case_ids,
                                           status=DocumentRequest.Status.OPEN).first() \
        if str(request_id).isdigit() else None
    if found is None:
        raise Http404
    return found


def letters(person: Person) -> list[Document]:
    """Letters and receipts Amparo produced for this client, in cases shared with letters on."""
    case_ids = [s.case_id for s in shares(person) if s.letters]
    return list(Document.objects.current().filter(case_id__in=case_ids, letter__recipient=person)
                .select_related("letter").order_by("-created_at", "-id")[:50])


def letter_of(person: Person, document_id: Any) -> Document:
    case_ids = [s.case_id for s in shares(person) if s.letters]
    found = Document.objects.current().filter(pk=document_id, case_id__in=case_ids, letter__recipient=person).first() \
        if str(document_id).isdigit() else None
    if found is None:
        raise Http404
    return found


def messages(person: Person, case: Case, *, limit: int = 100) -> list[PortalMessage]:
    return list(PortalMessage.objects.filter(case=case, person=person).order_by("-created_at", "-id")[:limit])[::-1]


def unread_by_case(person: Person) -> dict[int, int]:
    case_ids = [s.case_id for s in shares(person) if s.messages]
    rows = (PortalMessage.objects.filter(case_id__in=case_ids, person=person, read_at__isnull=True,
                                         direction=PortalMessage.Direction.TO_CLIENT)
            .values("case_id").annotate(n=Count("id")))
    return {row["case_id"]: row["n"] for row in rows}


# --- The client's own classes, events and donation receipts (not tied to a case) -------------------

@dataclass
class ClassItem:
    enrolment: Enrolment
    next_session: ClassSession | None


def classes(person: Person, *, today: dt.date, limit: int = 20) -> list[ClassItem]:
    """The client's sections (enrolled or waiting) that still have a session to come (or, with no
    sessions made yet, whose term has not ended), soonest first."""
    enrolments = list(Enrolment.objects.filter(person=person,
                                               status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING])
                      .select_related("section__course", "section__term").order_by("requested_at", "id")[:50])
    upcoming: dict[int, ClassSession] = {}
    for session in (ClassSession.objects.filter(section_id__in=[e.section_id for e in enrolments], cancelled=False,
                                                date__gte=today).order_by("date", "starts_at", "id")):
        upcoming.setdefault(session.section_id, session)
    items = [ClassItem(e, upcoming.get(e.section_id)) for e in enrolments
             if e.section_id in upcoming or e.section.term.ends_on >= today]
    far = dt.date.max
    items.sort(key=lambda i: (i.next_session.date if i.next_session else far, i.enrolment.pk))
    return items[:limit]


LIVE_REGISTRATION = (Registration.Status.REGISTERED, Registration.Status.WAITING, Registration.Status.OFFERED)


def _names(person: Person) -> set[str]:
    return set(name_tokens(person.given_names)) | set(name_tokens(person.preferred_name))


def events(person: Person, *, now: dt.datetime, limit: int = 20) -> list[Registration]:
    """The client's live registrations for events not yet over, soonest first.

    Outreach links a registration to a person only when staff do; most come from the public page with a
    name, a phone and an email. Such an unlinked registration is the client's when its email or phone is
    one of the client's contact points (the ones the portal sends codes to) *and* its given name is one
    of the client's: a relative who registered with the family's shared phone is not shown."""
    contacts = list(ContactPoint.objects.filter(person=person).values_list("kind", "value", "normalized"))
    emails = {(norm or value).strip().lower() for kind, value, norm in contacts if kind == "email" and (norm or value)}
    phones = {normalize_phone(value) for kind, value, _norm in contacts if kind == "phone"} - {""}
    by_contact = Q(pk__in=[])
    for email in emails:
        by_contact |= Q(email__iexact=email)
    for digits in phones:
        by_contact |= Q(search_text__contains=digits)
    found = (Registration.objects.filter(status__in=LIVE_REGISTRATION, event__ends_at__gte=now)
             .filter(Q(person=person) | (Q(person__isnull=True) & by_contact))
             .select_related("event").order_by("event__starts_at", "pk")[:100])
    names = _names(person)
    own = []
    for reg in found:
        if reg.person_id == person.pk:
            own.append(reg)
            continue
        if not names & set(name_tokens(reg.given_names)):
            continue
        if reg.email.strip().lower() in emails or normalize_phone(reg.phone) in phones:
            own.append(reg)
    return own[:limit]


def receipts(person: Person, *, limit: int = 50) -> list[Receipt]:
    """Donation receipts of the giving donor linked to this client (an individual donor is one person)."""
    return list(Receipt.objects.filter(donor__person=person).order_by("-issued_at", "-pk")[:limit])


def receipt_of(person: Person, receipt_id: Any) -> Receipt:
    found = Receipt.objects.filter(pk=receipt_id, donor__person=person).select_related("donor", "donation").first() \
        if str(receipt_id).isdigit() else None
    if found is None:
        raise Http404
    return found
