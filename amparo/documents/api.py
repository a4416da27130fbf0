"""Documents in the API: a case's or a person's documents, one document, download, upload.

Mounted at /api/v1/documents. Everything goes through the permission gate: a document (or a
case, or a person) the caller may not see answers 404 whatever the endpoint. Uploads are
checked exactly like the pages' (content, size, type) by the same services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status

from amparo.core.api_errors import invalid_from, one_of, responses
from amparo.core.permissions import CHANGE, get_visible_or_404
from amparo.legal.models import Case
from amparo.people.models import Person

from . import downloads, selectors, services
from .filetypes import validate_document_file
from .models import Category, Document, DocumentVersion, Language

router = Router(tags=["documents"])
CategoryIn = one_of(Category)
LanguageIn = one_of(Language)


class VersionOut(Schema):
    number: int
    original_name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    note: str
    uploaded_at: dt.datetime
    uploaded_by_id: int | None
    download_url: str

    @staticmethod
    def resolve_download_url(obj: DocumentVersion) -> str:
        return f"/api/v1/documents/{obj.document_id}/versions/{obj.number}/download"


class DocumentOut(Schema):
    id: int
    case_id: int | None
    person_id: int | None
    category: CategoryIn  # type: ignore[valid-type]
    title: str
    description: str
    language: LanguageIn  # type: ignore[valid-type]
    created_at: dt.datetime
    created_by_id: int | None
    withdrawn: bool
    versions: list[VersionOut]

    @staticmethod
    def resolve_withdrawn(obj: Document) -> bool:
        return obj.deleted_at is not None

    @staticmethod
    def resolve_versions(obj: Document) -> list[DocumentVersion]:
        return list(obj.versions.all())


class UploadOut(Schema):
    document: DocumentOut
    same_file_in: list[int]


def _visible(request: HttpRequest, queryset: Any, pk: int, action: str = "view") -> Any:
    """Through the gate: 404 if hidden, 403 (as JSON) if visible but not to be changed by the caller."""
    try:
        return get_visible_or_404(request.user, queryset, pk=pk, action=action)
    except PermissionDenied:
        raise HttpError(403, "You may see this record but not change it.") from None


def _case(request: HttpRequest, case_id: int, action: str = "view") -> Case:
    return _visible(request, Case.objects.select_related("client"), case_id, action)


def _person(request: HttpRequest, person_id: int, action: str = "view") -> Person:
    return _visible(request, Person.objects.current(), person_id, action)


def _upload(request: HttpRequest, owner: Any, file: Any, title: str, category: str, description: str,
            language: str) -> Any:
    try:
        validate_document_file(file)
        result = services.upload_document(by=request.user, owner=owner, upload=file, title=title,
                                          category=category, description=description, language=language)
    except ValidationError as exc:
        raise invalid_from(exc) from None
    return Status(201, {"document": result.document, "same_file_in": [d.pk for d in result.same_file_in]})


@router.get("/cases/{case_id}", response=responses({200: list[DocumentOut]}, 404, 422),
            summary="The documents of a case you may see")
def case_documents(request: HttpRequest, case_id: int) -> Any:
    return list(selectors.documents_of(request.user, _case(request, case_id)))


@router.get("/people/{person_id}", response=responses({200: list[DocumentOut]}, 404, 422),
            summary="The documents of a person you may see")
def person_documents(request: HttpRequest, person_id: int) -> Any:
    return list(selectors.documents_of(request.user, _person(request, person_id)))


@router.post("/cases/{case_id}", response=responses({201: UploadOut}, 400, 403, 404, 422),
             summary="Upload a document to a case (multipart)")
def upload_to_case(request: HttpRequest, case_id: int, file: File[UploadedFile], title: Form[str] = "",
                   category: Form[CategoryIn] = Category.EVIDENCE.value,  # type: ignore[valid-type]
                   description: Form[str] = "", language: Form[LanguageIn] = "") -> Any:  # type: ignore[valid-type]
    case = _case(request, case_id, CHANGE)
    return _upload(request, case, file, title, category, description, language)


@router.post("/people/{person_id}", response=responses({201: UploadOut}, 400, 403, 404, 422),
             summary="Upload a document to a person (multipart)")
def upload_to_person(request: HttpRequest, person_id: int, file: File[UploadedFile], title: Form[str] = "",
                     category: Form[CategoryIn] = Category.EVIDENCE.value,  # type: ignore[valid-type]
                     description: Form[str] = "", language: Form[LanguageIn] = "") -> Any:  # type: ignore[valid-type]
    person = _person(request, person_id, CHANGE)
    return _upload(request, person, file, title, category, description, language)


@router.get("/{document_id}", response=responses({200: DocumentOut}, 404, 422),
            summary="One document with its versions")
def document(request: HttpRequest, document_id: int) -> Any:
    return _visible(request, Document.objects.all(), document_id)


@router.post("/{document_id}/versions", response=responses({201: VersionOut}, 400, 403, 404, 422),
             summary="Upload a new version (multipart)")
def new_version(request: HttpRequest, document_id: int, file: File[UploadedFile], note: Form[str] = "") -> Any:
    doc = _visible(request, Document.objects.all(), document_id, CHANGE)
    try:
        validate_document_file(file)
        version = services.add_version(by=request.user, document=doc, upload=file, note=note)
    except ValidationError as exc:
        raise invalid_from(exc) from None
    return Status(201, version)


@router.get("/{document_id}/versions/{number}/download", summary="The file of one version",
            response=responses({200: None}, 404, 422))
def download(request: HttpRequest, document_id: int, number: int) -> Any:
    doc = _visible(request, Document.objects.select_related("case", "person"), document_id)
    version = doc.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return downloads.serve(user=request.user, document=doc, version=version, channel="api")
