"""Pages of documents: a case's or a person's documents, upload, versions, download, checklist
status (htmx), letters; and, for administrators, the letter templates with their preview.

Every record is fetched through the gate (``get_visible_or_404``): a document of a case or
person the user may not see answers 404, like the case or person itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core.permissions import CHANGE, can, get_visible_or_404, require
from amparo.legal.models import Case
from amparo.people.models import Person

from . import downloads, letters, panels, selectors, services
from .forms import (
    ChecklistAddForm,
    ChecklistStatusForm,
    EditForm,
    LetterForm,
    LetterTemplateForm,
    UploadForm,
    VersionForm,
    WithdrawForm,
)
from .models import ChecklistItem, Document, LetterKind, LetterTemplate


def _owner(request: HttpRequest, kind: str, pk: int, action: str = "view") -> Any:
    if kind == "case":
        return get_visible_or_404(request.user, Case.objects.select_related("client"), pk=pk, action=action)
    if kind == "person":
        return get_visible_or_404(request.user, Person.objects.current(), pk=pk, action=action)
    raise Http404


def _owner_url(owner: Any) -> str:
    return f"{owner.get_absolute_url()}#documents"


def _owner_context(request: HttpRequest, owner: Any, **bound: Any) -> dict[str, Any]:
    if isinstance(owner, Case):
        return panels.case_context(request, owner, **bound)
    return panels.person_context(request, owner, **bound)


def owner_documents(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """All documents of a case or a person on one page (also where the panel's forms land with errors)."""
    owner = _owner(request, kind, pk)
    context = _owner_context(request, owner)
    context["withdrawn"] = selectors.documents_of(request.user, owner, withdrawn=True)
    return render(request, "documents/owner.html", context)


def upload(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    owner = _owner(request, kind, pk, action=CHANGE)
    checklist = None
    if isinstance(owner, Case):
        services.ensure_checklist(case=owner, by=request.user)  # the choice offers the case's whole list
        checklist = ChecklistItem.objects.filter(case=owner, status=ChecklistItem.Status.REQUESTED)
    form = UploadForm(request.POST or None, request.FILES or None, checklist=checklist)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.upload_document(
            by=request.user, owner=owner, upload=data["file"], title=data["title"], category=data["category"],
            description=data["description"], language=data["language"])
        messages.success(request, _("“%(title)s” was uploaded.") % {"title": result.document.title})
        for other in result.same_file_in:
            messages.warning(request, _("The same file is already in “%(title)s” (uploaded %(when)s).")
                             % {"title": other.title, "when": other.created_at.strftime("%Y-%m-%d")})
        item = data.get("checklist_item")
        if item is not None:
            services.set_checklist_status(by=request.user, item=item, status=ChecklistItem.Status.RECEIVED,
                                          document=result.document)
        return redirect(_owner_url(owner))
    context = _owner_context(request, owner, upload_form=form)
    return render(request, "documents/upload.html", context, status=400 if request.method == "POST" else 200)


def _document(request: HttpRequest, pk: int, action: str = "view") -> Document:
    return get_visible_or_404(request.user, Document.objects.select_related("case__client", "person"), pk=pk,
                              action=action)


def detail(request: HttpRequest, pk: int, **bound: Any) -> HttpResponse:
    document = _document(request, pk)
    can_change = can(request.user, CHANGE, document)
    versions = document.versions.select_related("uploaded_by").order_by("-number")
    letter = getattr(document, "letter", None)
    return render(request, "documents/detail.html", {
        "document": document, "owner": document.owner, "versions": versions, "can_change": can_change,
        "letter": letter, "items": document.checklist_items.all(),
        "version_form": bound.get("version_form") or (VersionForm() if can_change else None),
        "withdraw_form": bound.get("withdraw_form") or (WithdrawForm() if can_change else None),
        "edit_form": bound.get("edit_form") or (EditForm(initial={
            "title": document.title, "category": document.category, "language": document.language,
            "description": document.description}) if can_change else None),
    }, status=400 if bound else 200)


@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, action=CHANGE)
    form = EditForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, edit_form=form)
    services.update_document(by=request.user, document=document, **form.cleaned_data)
    messages.success(request, _("The document's details were saved."))
    return redirect(document.get_absolute_url())


@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, action=CHANGE)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.add_version(by=request.user, document=document, upload=form.cleaned_data["file"],
                                           note=form.cleaned_data["note"])
        except services.DuplicateVersion as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Version %(number)s was added.") % {"number": version.number})
            return redirect(document.get_absolute_url())
    return detail(request, pk, version_form=form)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, action=CHANGE)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, withdraw_form=form)
    services.withdraw_document(by=request.user, document=document, reason=form.cleaned_data["reason"])
    messages.success(request, _("The document was withdrawn. Its files are kept; it can be restored."))
    return redirect(document.get_absolute_url())


@require_POST
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, action=CHANGE)
    services.restore_document(by=request.user, document=document)
    messages.success(request, _("The document was restored."))
    return redirect(document.get_absolute_url())


def download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """The file of one version, as an attachment, for those who may see the document."""
    document = _document(request, pk)
    version = get_object_or_404(document.versions, number=number)
    return downloads.serve(user=request.user, document=document, version=version, channel="web")


@require_POST
def checklist_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(request.user, ChecklistItem.objects.select_related("case"), pk=pk, action=CHANGE)
    form = ChecklistStatusForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.set_checklist_status(by=request.user, item=item, status=data["status"],
                                                 notes=data["notes"] if "notes" in request.POST else None,
                                                 version=data.get("version"))
        except ValidationError as exc:
            error = " ".join(exc.messages)
            item.refresh_from_db()
    else:
        error = _("Choose a status.")
    if request.htmx:  # type: ignore[attr-defined]
        missing = ChecklistItem.objects.filter(case=item.case_id, status=ChecklistItem.Status.REQUESTED).count()
        return render(request, "documents/_checklist_row.html",
                      {"item": item, "can_change": True, "error": error, "oob": True, "missing_count": missing})
        # 200 even with an error: htmx swaps only successful answers, and the row carries the message.
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("“%(label)s”: %(status)s.") % {"label": item.label_in(None),
                                                                   "status": item.get_status_display()})
    return redirect(f"{item.case.get_absolute_url()}#checklist")


@require_POST
def add_checklist_item(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owner(request, "case", pk, action=CHANGE)
    form = ChecklistAddForm(request.POST)
    if not form.is_valid():
        context = _owner_context(request, case, checklist_add_form=form)
        context["withdrawn"] = []
        return render(request, "documents/owner.html", context, status=400)
    services.add_checklist_item(by=request.user, case=case, **form.cleaned_data)
    messages.success(request, _("The item was added to the checklist."))
    return redirect(f"{case.get_absolute_url()}#checklist")


@require_POST
def generate_letter(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owner(request, "case", pk, action=CHANGE)
    form = LetterForm(request.POST)
    if form.is_valid():
        try:
            document = services.generate_letter(by=request.user, case=case, kind=form.cleaned_data["kind"],
                                                appointment=form.appointment())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The letter was made and saved with the case's documents."))
            return redirect(document.get_absolute_url())
    context = _owner_context(request, case, letter_form=form)
    context["withdrawn"] = []
    return render(request, "documents/owner.html", context, status=400)


# --- Letter templates (administrators) ---------------------------------------------------------

def letter_templates(request: HttpRequest) -> HttpResponse:
    require(request.user, "admin.site")
    templates = LetterTemplate.objects.prefetch_related("versions").order_by("kind")
    return render(request, "documents/letter_templates.html", {"templates": templates})


def letter_template(request: HttpRequest, kind: str) -> HttpResponse:
    require(request.user, "admin.site")
    template = get_object_or_404(LetterTemplate, kind=kind)
    current = template.current_version
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            try:
                version = services.save_letter_template(by=request.user, template=template, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Version %(number)s of the letter was saved.") % {"number": version.number})
                return redirect("documents:letter_template", kind=kind)
    else:
        form = LetterTemplateForm(initial={
            "body_en": current.body_en if current else letters.default_body_source(kind, "en"),
            "body_es": current.body_es if current else letters.default_body_source(kind, "es")})
    return render(request, "documents/letter_template.html", {
        "template": template, "current": current, "form": form,
        "versions": template.versions.select_related("created_by").order_by("-number")},
        status=400 if request.method == "POST" else 200)


def letter_preview(request: HttpRequest, kind: str) -> HttpResponse:
    """The letter with invented data, as HTML or PDF, in a language, for a saved version or the shipped text."""
    require(request.user, "admin.site")
    if kind not in LetterKind.values:
        raise Http404
    template = get_object_or_404(LetterTemplate, kind=kind)
    number = request.GET.get("version", "")
    version = get_object_or_404(template.versions, number=number) if number.isdigit() else None
    language = "es" if request.GET.get("lang") == "es" else "en"
    from amparo.core.i18n import language as in_language

    with in_language(language):
        html = letters.render_html(kind=kind, language=language, context=letters.sample_context(), version=version)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(letters.render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="preview-{kind}-{language}.pdf"'
        return response
    response = HttpResponse(html)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def owner_url(owner: Any) -> str:
    return reverse("documents:case" if isinstance(owner, Case) else "documents:person", args=[owner.pk])
