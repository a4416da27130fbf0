"""What a signed-in client may see. Every query starts from the client (``person``), so another
client's ids find nothing: each one-record lookup answers 404 (``Http404``), never someone else's."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from amparo.documents.models import Document
from amparo.legal.models import Case, Hearing
from amparo.people.models import Person

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
