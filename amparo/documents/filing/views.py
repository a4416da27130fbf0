"""Pages of filing: form templates (administrators), filling a form and building a packet for a case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core.permissions import CHANGE, CREATE, can, get_visible_or_404, require, restrict
from amparo.legal.models import Case

from ..pdf import FormValueError, PdfProblem
from . import services
from .forms import FillForm, MappingForm, PacketForm, TemplateUploadForm
from .models import FilingPacket, FilledForm, FormTemplate, FormTemplateVersion

ADMIN = "admin.site"


def templates(request: HttpRequest) -> HttpResponse:
    require(request.user, ADMIN)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.upload_form_template(by=request.user, upload=data["file"], name=data["name"],
                                                    form_number=data["form_number"],
                                                    edition_date=data["edition_date"], note=data["note"])
        except PdfProblem as problem:
            form.add_error("file", str(problem))
        except ValidationError as error:  # another upload of the same form at the same moment
            form.add_error("file", error.messages[0])
        else:
            messages.success(request, _("Version %(number)s of %(form)s is saved with %(count)d fields. Map its "
                                        "fields to case data below.") % {
                "number": version.number, "form": version.template.form_number, "count": len(version.fields)})
            return redirect("documents:filing:template", pk=version.template_id)
    listed = FormTemplate.objects.prefetch_related("versions").order_by("form_number")
    return render(request, "documents/filing/templates.html", {"form": form, "templates": listed})


def _version(template: FormTemplate, number: Any) -> FormTemplateVersion:
    versions = template.versions.all()
    if number:
        return get_object_or_404(versions, number=number)
    version = versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


def template(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ADMIN)
    form_template = get_object_or_404(FormTemplate, pk=pk)
    version = _version(form_template, request.GET.get("version") or request.POST.get("version"))
    form = MappingForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mappings(by=request.user, version=version, rows=form.mapping_rows())
        except ValidationError as exc:
            form.attach_errors(exc.message_dict)
        else:
            messages.success(request, _("The mapping is saved."))
            return redirect(f"{form_template.get_absolute_url()}?version={version.number}#preview")
    rows = form.bound_rows()
    mappings = {m.field_name: m for m in version.mappings.all()}
    for row in rows:
        mapping = mappings.get(row["info"]["name"])
        row["check"] = (services.check_mapping(row["info"], source=mapping.source, transform=mapping.transform,
                                               constant=mapping.constant) if mapping and row["fillable"] else None)
    preview_problems: list[str] = []
    if mappings:
        try:
            services.preview_fill(version=version)
        except FormValueError as exc:
            preview_problems = [p.message for p in exc.problems]
        except PdfProblem as problem:
            preview_problems = [str(problem)]
    context = {"template": form_template, "version": version, "versions": form_template.versions.order_by("-number"),
               "form": form, "rows": rows, "mapped": len(mappings), "preview_problems": preview_problems,
               "is_latest": version.number == form_template.versions.order_by("-number").first().number}
    return render(request, "documents/filing/template.html", context)


@require_POST
def template_active(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, ADMIN)
    form_template = get_object_or_404(FormTemplate, pk=pk)
    services.set_template_active(by=request.user, template=form_template, active=request.POST.get("active") == "1")
    return redirect(form_template)


def template_preview(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The form filled with sample data, shown in the browser (nothing saved)."""
    require(request.user, ADMIN)
    version = get_object_or_404(FormTemplateVersion, template_id=pk, number=number)
    try:
        content = services.preview_fill(version=version)
    except PdfProblem:
        messages.error(request, _("The preview cannot be made; the problems are listed below."))
        return redirect(f"{version.template.get_absolute_url()}?version={number}#preview")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{version.template.form_number}-preview.pdf"'
    return response


def template_file(request: HttpRequest, pk: int, number: int) -> FileResponse:
    require(request.user, ADMIN)
    version = get_object_or_404(FormTemplateVersion, template_id=pk, number=number)
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.original_name,
                        content_type="application/pdf")


# -- a case's forms and packets ---------------------------------------------------------------------


def _case_to_change(request: HttpRequest, pk: int) -> Case:
    return get_visible_or_404(request.user, Case.objects.select_related("client"), action=CHANGE, pk=pk)


def fill(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_change(request, pk)
    form = FillForm(request.POST or None)
    problems: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            filled = services.fill_for_case(by=request.user, case=case, version=version,
                                            flatten=form.cleaned_data["flatten"])
        except FormValueError as exc:
            labels = {f["name"]: f.get("label") or "" for f in version.fields}
            problems = [{"field": p.field, "label": labels.get(p.field, ""), "message": p.message}
                        for p in exc.problems]
        except PdfProblem as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("“%(title)s” is saved in the documents of the case.")
                             % {"title": filled.document.title})
            return redirect(f"{case.get_absolute_url()}#filing")
    return render(request, "documents/filing/fill.html", {"case": case, "form": form, "problems": problems})


def packet_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_change(request, pk)
    documents = services.packet_documents(case)
    filled = set(FilledForm.objects.filter(case=case).values_list("document_id", flat=True))
    for document in documents:
        document.is_filled_form = document.pk in filled  # type: ignore[attr-defined]
    initial = {"title": _("Filing packet — %(case)s") % {"case": case}}
    form = PacketForm(request.POST or None, documents=documents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            packet = services.start_packet(by=request.user, case=case, title=form.cleaned_data["title"],
                                           language=form.cleaned_data["language"], choices=form.choices())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect(packet)
    return render(request, "documents/filing/packet_new.html", {"case": case, "form": form})


def packet(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(request.user, FilingPacket.objects.select_related("case", "progress", "document"),
                              pk=pk)
    template = "documents/filing/packet.html#status" if request.htmx else "documents/filing/packet.html"  # type: ignore[attr-defined]
    response = render(request, template, {"packet": item, "case": item.case})
    if request.htmx and item.finished:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


def case_panel_context(request: Any, case: Case) -> dict[str, Any] | None:
    """The Forms and packets panel of a case's page (core.panels)."""
    user = request.user
    return {
        "case": case,
        "can_change": can(user, CHANGE, case),
        "can_manage_forms": can(user, CREATE, FormTemplate),
        "filled_forms": restrict(FilledForm.objects.filter(case=case), user).select_related(
            "document", "template_version__template", "filled_by")[:20],
        "packets": restrict(FilingPacket.objects.filter(case=case), user).select_related("document")[:10],
    }
