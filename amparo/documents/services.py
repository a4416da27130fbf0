"""Writing documents: uploads and versions, withdrawal, checklists. Letters are in ``letters.py``.

Each function takes keyword-only arguments, runs in one transaction and writes one audit entry.
Permission checks are the caller's (views and the API ask the gate first). Files are written
through the ``documents`` storage under a fresh random name, never over another file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import diff, log_action, snapshot
from amparo.legal.models import Case

from .filetypes import detect, validate_document_file
from .models import ChecklistItem, ChecklistTemplateItem, Document, DocumentVersion


@dataclass
class UploadResult:
    document: Document
    version: DocumentVersion
    # Other documents of the same owner that already hold this very file (same SHA-256).
    same_file_in: list[Document] = field(default_factory=list)


class DuplicateVersion(ValidationError):
    """The file is already a version of this document: nothing new to keep."""

    def __init__(self, existing: DocumentVersion) -> None:
        self.existing = existing
        super().__init__(
            _("This file is the same as version %(number)s (uploaded %(when)s); no new version was made.")
            % {"number": existing.number, "when": timezone.localtime(existing.uploaded_at).strftime("%Y-%m-%d %H:%M")},
            code="duplicate")


def sha256_of(upload: Any) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in (upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _owner_kwargs(owner: Any) -> dict[str, Any]:
    return {"case": owner} if isinstance(owner, Case) else {"person": owner}


def _store_version(*, document: Document, upload: Any, by: Any, sha256: str, note: str = "",
                   original_name: str | None = None, generated: bool = False) -> DocumentVersion:
    if generated:
        # Made by Amparo (a letter, a filled form, a filing packet): the upload size limit is for
        # people's files, not for a packet of many exhibits; the type is still checked by content.
        filetype = detect(upload)
        if filetype is None:
            raise ValueError(f"Generated file {original_name!r} is not an accepted document type")
    else:
        validate_document_file(upload)  # services are called by the API and commands too
        filetype = detect(upload)
        assert filetype is not None
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(document=document, number=number, kind=filetype.kind,
                              content_type=filetype.content_type, size=upload.size, sha256=sha256,
                              original_name=(original_name or getattr(upload, "name", "") or "file")[-255:],
                              note=note, uploaded_by=by)
    upload.seek(0)
    version.file.save(version.original_name, upload, save=False)
    version.save()
    return version


@transaction.atomic
def upload_document(*, by: Any, owner: Any, upload: Any, title: str, category: str, description: str = "",
                    language: str = "", note: str = "") -> UploadResult:
    """A new document of ``owner`` (a case or a person) with ``upload`` as its version 1."""
    sha = sha256_of(upload)
    document = Document.objects.create(**_owner_kwargs(owner), title=title.strip() or upload.name,
                                       category=category, description=description, language=language,
                                       created_by=by)
    version = _store_version(document=document, upload=upload, by=by, sha256=sha, note=note)
    same = list(Document.objects.current().filter(**_owner_kwargs(owner), versions__sha256=sha)
                .exclude(pk=document.pk).distinct())
    log_action(action="document.upload", actor=by, obj=document,
               changes=diff({}, snapshot(document)),
               extra={"version": 1, "sha256": sha, "size": version.size, "kind": version.kind,
                      "owner": f"{'case' if document.case_id else 'person'}:{owner.pk}",
                      "same_file_in": [d.pk for d in same]})
    return UploadResult(document, version, same)


@transaction.atomic
def add_version(*, by: Any, document: Document, upload: Any, note: str = "") -> DocumentVersion:
    """A new version of ``document``; the same file twice is refused (``DuplicateVersion``)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    sha = sha256_of(upload)
    existing = document.versions.filter(sha256=sha).order_by("number").first()
    if existing is not None:
        raise DuplicateVersion(existing)
    version = _store_version(document=document, upload=upload, by=by, sha256=sha, note=note)
    log_action(action="document.version", actor=by, obj=document,
               extra={"version": version.number, "sha256": sha, "size": version.size, "kind": version.kind})
    return version


@transaction.atomic
def add_generated(*, by: Any, owner: Any, content: bytes, filename: str, title: str, category: str,
                  language: str = "", description: str = "") -> Document:
    """A document made by Amparo (a letter, a filled form, a filing packet) with ``content`` as its
    version 1: stored like an upload (documents storage, SHA-256, type detected from the content, no
    upload size limit); the caller writes the audit entry."""
    upload = ContentFile(content, name=filename)
    longest = Document._meta.get_field("title").max_length
    document = Document.objects.create(**_owner_kwargs(owner), title=title[:longest], category=category,
                                       description=description, language=language, created_by=by)
    _store_version(document=document, upload=upload, by=by, sha256=sha256_of(upload), original_name=filename,
                   generated=True)
    return document


@transaction.atomic
def update_document(*, by: Any, document: Document, title: str, category: str, description: str,
                    language: str) -> Document:
    fresh = Document.objects.select_for_update().get(pk=document.pk)
    before = snapshot(fresh)
    fresh.title, fresh.category, fresh.description, fresh.language = title, category, description, language
    fresh.save(update_fields=["title", "category", "description", "language"])
    log_action(action="document.update", actor=by, obj=fresh, changes=diff(before, snapshot(fresh)))
    return fresh


@transaction.atomic
def withdraw_document(*, by: Any, document: Document, reason: str) -> Document:
    """Take a document out of lists. Its files and versions are kept; it can be restored."""
    fresh = Document.objects.select_for_update().get(pk=document.pk)
    if fresh.deleted_at is None:
        before = snapshot(fresh)
        fresh.deleted_at, fresh.deleted_by, fresh.deleted_reason = timezone.now(), by, reason.strip()
        fresh.save(update_fields=["deleted_at", "deleted_by", "deleted_reason"])
        log_action(action="document.withdraw", actor=by, obj=fresh, changes=diff(before, snapshot(fresh)))
    return fresh


@transaction.atomic
def restore_document(*, by: Any, document: Document) -> Document:
    fresh = Document.objects.select_for_update().get(pk=document.pk)
    if fresh.deleted_at is not None:
        before = snapshot(fresh)
        fresh.deleted_at, fresh.deleted_by, fresh.deleted_reason = None, None, ""
        fresh.save(update_fields=["deleted_at", "deleted_by", "deleted_reason"])
        log_action(action="document.restore", actor=by, obj=fresh, changes=diff(before, snapshot(fresh)))
    return fresh


# --- Checklists ---------------------------------------------------------------------------------

@transaction.atomic
def ensure_checklist(*, case: Case, by: Any = None) -> list[ChecklistItem]:
    """The case's checklist, created from the reference items of its kind the first time.

    Idempotent: items already there are kept as they are; reference items added since are not
    forced onto a case that already has its list (they can be added by hand in a later version).
    """
    def current() -> list[ChecklistItem]:
        return list(ChecklistItem.objects.filter(case=case).select_related("received_by", "reviewed_by")
                    .order_by("order", "id"))

    items = current()
    if items:
        return items
    Case.objects.select_for_update().filter(pk=case.pk).first()  # one creator at a time
    if ChecklistItem.objects.filter(case=case).exists():
        return current()
    templates = ChecklistTemplateItem.objects.filter(case_kind=case.kind, is_active=True).order_by("order", "id")
    now = timezone.now()
    created = ChecklistItem.objects.bulk_create([
        ChecklistItem(case=case, template_item=t, label_en=t.label_en, label_es=t.label_es, order=t.order,
                      requested_at=now) for t in templates])
    if created:
        log_action(action="document.checklist.create", actor=by, obj=case,
                   extra={"items": [t.label_en for t in templates]})
    return current()


class StaleItem(ValidationError):
    def __init__(self) -> None:
        super().__init__(_("Someone else changed this item meanwhile; here it is as it is now."), code="stale")


@transaction.atomic
def set_checklist_status(*, by: Any, item: ChecklistItem, status: str, document: Document | None = None,
                         notes: str | None = None, version: int | None = None) -> ChecklistItem:
    """Mark an item requested, received, reviewed or not needed; who and when are recorded.

    ``version`` (the one the user saw) detects a concurrent change instead of overwriting it.
    """
    if status not in ChecklistItem.Status.values:
        raise ValidationError(_("Unknown status."), code="status")
    fresh = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if version is not None and fresh.version != version:
        raise StaleItem()
    if document is not None and document.case_id != fresh.case_id:
        raise ValidationError(_("That document belongs to another case."), code="document")
    before = snapshot(fresh)
    now = timezone.now()
    S = ChecklistItem.Status
    if status in (S.RECEIVED, S.REVIEWED) and fresh.received_at is None:
        fresh.received_at, fresh.received_by = now, by
    if status == S.REVIEWED and fresh.reviewed_at is None:
        fresh.reviewed_at, fresh.reviewed_by = now, by
    if status == S.RECEIVED:
        fresh.reviewed_at, fresh.reviewed_by = None, None
    if status == S.REQUESTED:
        fresh.received_at = fresh.received_by = fresh.reviewed_at = fresh.reviewed_by = None
        fresh.requested_at = now
    fresh.status = status
    if document is not None:
        fresh.document = document
    if notes is not None:
        fresh.notes = notes
    fresh.version += 1
    fresh.save()
    changes = diff(before, snapshot(fresh))
    changes.pop("version", None)
    log_action(action="document.checklist.update", actor=by, obj=fresh.case, changes=changes,
               extra={"item": fresh.pk, "label": fresh.label_en})
    return fresh


@transaction.atomic
def add_checklist_item(*, by: Any, case: Case, label_en: str, label_es: str) -> ChecklistItem:
    """An item the reference list does not have, for this case only. The case's list is made from
    the reference first if it is not there yet, so an item added by hand never stands in for it."""
    ensure_checklist(case=case, by=by)
    last = ChecklistItem.objects.filter(case=case).aggregate(n=Max("order"))["n"] or 0
    item = ChecklistItem.objects.create(case=case, label_en=label_en.strip(), label_es=label_es.strip() or label_en,
                                        order=last + 10)
    log_action(action="document.checklist.add", actor=by, obj=case, extra={"item": item.pk, "label": item.label_en})
    return item


# --- Letters ------------------------------------------------------------------------------------

@transaction.atomic
def generate_letter(*, by: Any, case: Case, kind: str, appointment: Any = None,
                    language: str | None = None) -> Document:
    """Render a letter to the case's client in the client's language (or ``language``), save the
    PDF as a new correspondence document of the case, and record which template version made it."""
    from amparo.core.i18n import language as in_language

    from . import letters
    from .models import Category, GeneratedLetter, LetterKind, LetterTemplate

    template = LetterTemplate.objects.get(kind=kind)
    version = template.current_version
    client = case.client
    if kind == LetterKind.APPOINTMENT and appointment is None:
        raise ValidationError(_("An appointment letter needs the date, time and place."), code="appointment")
    ensure_checklist(case=case, by=by)  # every letter's text may name what is missing or received
    with in_language(language or client.preferred_language) as chosen:
        context = letters.case_context(case=case, by=by, appointment=appointment)
        html = letters.render_html(kind=kind, language=chosen, context=context, version=version)
        title = f"{LetterKind(kind).label} — {timezone.localdate():%Y-%m-%d}"
        slug = {"appointment": _("appointment"), "document_request": _("document-request"),
                "engagement": _("engagement-agreement"), "closing": _("closing-letter"),
                "receipt": _("receipt")}[kind]
    pdf = letters.render_pdf(html)
    filename = f"{slug}-{case.pk}-{timezone.localdate():%Y%m%d}.pdf"
    document = add_generated(by=by, owner=case, content=pdf, filename=filename, title=title,
                             category=Category.CORRESPONDENCE, language=chosen)
    GeneratedLetter.objects.create(document=document, template=template, template_version=version, language=chosen,
                                   recipient=client, generated_by=by)
    log_action(action="document.letter", actor=by, obj=document,
               extra={"kind": kind, "language": chosen, "case": case.pk,
                      "template_version": version.number if version else None})
    return document


@transaction.atomic
def save_letter_template(*, by: Any, template: Any, body_en: str, body_es: str, note: str = "") -> Any:
    """A new version of a letter template (earlier versions are kept, never edited)."""
    from . import letters
    from .models import LetterTemplateVersion

    for body in (body_en, body_es):
        try:
            letters.check_body(body)
        except letters.TemplateSyntaxError as exc:
            raise ValidationError(_("The text has a template error: %(error)s") % {"error": exc}, code="syntax") \
                from exc
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = LetterTemplateVersion.objects.create(template=template, number=number, body_en=body_en,
                                                   body_es=body_es, note=note, created_by=by)
    log_action(action="document.letter_template", actor=by, obj=template,
               extra={"version": number, "note": note})
    return version
