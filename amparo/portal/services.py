"""Writing in the portal: access and sharing (staff), messages both ways, document requests and the
client's uploads. Keyword-only arguments, one transaction, one audit entry each.

Things that belong on the case's timeline (messages, uploads, sharing, requests) are audited
against the case (``obj=case``): the case's timeline is its audit trail. What the client looks at
is audited against the person (``portal.view``). Documents and checklist items are written through
the documents app's own services.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import diff, log_action, snapshot
from amparo.documents import services as documents
from amparo.documents.models import Category, ChecklistItem
from amparo.legal.models import Case
from amparo.people.models import ContactPoint, Person

from . import photos, signin, sms
from .models import ContactBy, DocumentRequest, PortalAccess, PortalMessage, PortalShare

SHARE_FIELDS = ("enabled", "restricted_ok", "hearings", "stage", "documents", "letters", "messages")
TEXT_FIELDS = ("bring",)


@transaction.atomic
def set_access(*, person: Person, by: Any, active: bool, contact_by: str) -> PortalAccess:
    if contact_by not in ContactBy.values:
        raise ValidationError({"contact_by": _("Choose how the client may be contacted.")})
    access, _created = PortalAccess.objects.select_for_update().get_or_create(person=person)
    before = snapshot(access, ["active", "contact_by"])
    access.active, access.contact_by = active, contact_by
    access.save()
    changes = diff(before, snapshot(access, ["active", "contact_by"]))
    if changes or _created:
        log_action(action="portal.access", actor=by, obj=person, changes=changes)
    return access


@transaction.atomic
def set_share(*, case: Case, by: Any, fields: Mapping[str, bool]) -> PortalShare:
    """Staff's switches for one case. A confidential case needs ``restricted_ok`` ticked as well."""
    share, _created = PortalShare.objects.select_for_update().get_or_create(case=case)
    before = snapshot(share, SHARE_FIELDS + TEXT_FIELDS)
    for name in SHARE_FIELDS:
        if name in fields:
            setattr(share, name, bool(fields[name]))
    for name in TEXT_FIELDS:
        if name in fields:
            setattr(share, name, (fields[name] or "").strip())
    if not case.restricted:
        share.restricted_ok = False
    share.updated_by = by
    share.save()
    if share.enabled:
        PortalAccess.objects.get_or_create(person=case.client)
    changes = diff(before, snapshot(share, SHARE_FIELDS + TEXT_FIELDS))
    if changes or _created:
        log_action(action="portal.share", actor=by, obj=case, changes=changes)
    return share


def notify(person: Person) -> str:
    """Tell ``person`` there is something new, only by a channel their "do not contact except by" allows;
    the message says nothing else. Returns the channel used ("" for none)."""
    access = PortalAccess.objects.filter(person=person, active=True).first()
    if access is None or access.contact_by == ContactBy.IN_PERSON:
        return ""
    subject, text = signin.notice_text(person)
    for contact in person.contacts.order_by("-is_primary", "id"):
        if not access.allows(contact.kind):
            continue
        if contact.kind == ContactPoint.Kind.EMAIL:
            send_mail(subject, text, settings.AMPARO_PORTAL_FROM_EMAIL, [contact.value])
            return contact.kind
        if contact.kind == ContactPoint.Kind.PHONE and contact.texts_ok:
            sms.send_sms(contact.value, text)
            return contact.kind
    return ""


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your message.")})
    if len(body) > 4000:
        raise ValidationError({"body": _("The message is too long (4,000 characters at most).")})
    return body


@transaction.atomic
def client_message(*, person: Person, case: Case, body: str) -> PortalMessage:
    """A message from the client to their team: on the case's timeline and in the portal panel."""
    message = PortalMessage.objects.create(case=case, person=person, direction=PortalMessage.Direction.FROM_CLIENT,
                                           body=_clean_body(body))
    log_action(action="portal.message.in", obj=case, extra={"message": message.pk, "person": person.pk})
    return message


@transaction.atomic
def staff_message(*, case: Case, by: Any, body: str) -> PortalMessage:
    """A message from the team to the case's client; the client is told only "you have a new message"."""
    message = PortalMessage.objects.create(case=case, person=case.client, direction=PortalMessage.Direction.TO_CLIENT,
                                           body=_clean_body(body), author=by)
    channel = notify(case.client)
    log_action(action="portal.message.out", actor=by, obj=case, extra={"message": message.pk, "notified": channel})
    return message


def mark_read(*, person: Person, case: Case) -> int:
    return PortalMessage.objects.filter(case=case, person=person, direction=PortalMessage.Direction.TO_CLIENT,
                                        read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def request_document(*, case: Case, by: Any, label_es: str, label_en: str = "",
                     checklist_item: ChecklistItem | None = None) -> DocumentRequest:
    if checklist_item is not None:
        if checklist_item.case_id != case.pk:
            raise ValidationError({"checklist_item": _("That item belongs to another case.")})
        label_es = label_es.strip() or checklist_item.label_es
        label_en = label_en.strip() or checklist_item.label_en
    if not label_es.strip():
        raise ValidationError({"label_es": _("Say what the client should send.")})
    request = DocumentRequest.objects.create(case=case, label_es=label_es.strip()[:200],
                                             label_en=label_en.strip()[:200], checklist_item=checklist_item,
                                             requested_by=by)
    log_action(action="portal.request", actor=by, obj=case, extra={"request": request.pk, "title": request.label_es})
    return request


@transaction.atomic
def cancel_request(*, request: DocumentRequest, by: Any) -> DocumentRequest:
    fresh = DocumentRequest.objects.select_for_update().get(pk=request.pk)
    if fresh.status == DocumentRequest.Status.OPEN:
        fresh.status = DocumentRequest.Status.CANCELLED
        fresh.save(update_fields=["status"])
        log_action(action="portal.request.cancel", actor=by, obj=fresh.case,
                   extra={"request": fresh.pk, "title": fresh.label_es})
    return fresh


@transaction.atomic
def fulfil_request(*, person: Person, request: DocumentRequest, uploads: Sequence[Any]) -> DocumentRequest:
    """The client's photos (or one PDF) become one PDF document of the case, which lands on the case's
    checklist as received: on the request's checklist item, or on a new item made for it."""
    fresh = DocumentRequest.objects.select_for_update(of=("self",)).select_related("case", "checklist_item").get(
        pk=request.pk)
    if fresh.status != DocumentRequest.Status.OPEN:
        raise ValidationError(_("This document was already sent."), code="closed")
    pdf, pages = photos.to_pdf(uploads)
    case = fresh.case
    name = f"{timezone.localdate():%Y%m%d}-{fresh.pk}.pdf"
    upload = ContentFile(pdf, name=name)
    result = documents.upload_document(by=None, owner=case, upload=upload, title=fresh.label_es,
                                       category=Category.EVIDENCE, note=_("Sent by the client from the portal"))
    item = fresh.checklist_item or documents.add_checklist_item(by=None, case=case, label_en=fresh.label_en or
                                                                fresh.label_es, label_es=fresh.label_es)
    documents.set_checklist_status(by=None, item=item, status=ChecklistItem.Status.RECEIVED, document=result.document)
    fresh.status, fresh.fulfilled_at = DocumentRequest.Status.FULFILLED, timezone.now()
    fresh.document, fresh.checklist_item = result.document, item
    fresh.save(update_fields=["status", "fulfilled_at", "document", "checklist_item"])
    log_action(action="portal.upload", obj=case, extra={"request": fresh.pk, "title": fresh.label_es,
                                                         "document": result.document.pk, "pages": pages,
                                                         "size": result.version.size, "person": person.pk})
    return fresh


def record_view(*, person: Person, page: str, obj: Any = None) -> None:
    """Every page a client opens, in the audit trail (against the person, not on case timelines)."""
    extra: dict[str, Any] = {"page": page}
    if obj is not None:
        extra["object"] = f"{obj._meta.label_lower}:{obj.pk}"
    log_action(action="portal.view", obj=person, extra=extra)
