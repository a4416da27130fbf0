from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import paging, panels, services
from . import search as search_registry
from .models import AuditEntry, TaskProgress
from .permissions import get_visible_or_404, require, restrict
from .selectors import AuditFilters, audit_entries


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "panels": panels.render("dashboard", request),
        "tasks": restrict(TaskProgress.objects.all(), user, "view")[:5],
        "last_signins": AuditEntry.objects.filter(
            object_type="accounts.user", object_id=str(user.pk), action="login"
        )[:3],
    }
    return render(request, "core/dashboard.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    groups = search_registry.search(request.user, query) if query else []
    context = {"query": query, "groups": groups, "providers": search_registry.providers()}
    template = "core/search.html#results" if request.htmx else "core/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Who"), queryset=get_user_model().objects.all(), required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        types = AuditEntry.objects.exclude(object_type="").order_by("object_type").values_list(
            "object_type", flat=True
        ).distinct()
        self.fields["action"].choices = [("", _("Any action"))] + [(a, a) for a in actions]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", _("Any type"))] + [(t, t) for t in types]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:  # type: ignore[operator]
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        actor = data.get("actor")
        return {
            "actor": actor.pk if actor else None,
            "action": data.get("action") or "",
            "object_type": data.get("object_type") or "",
            "object_id": (data.get("object_id") or "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


def audit(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view")
    form = AuditFilterForm(request.GET or None)
    filters: AuditFilters = form.filters() if form.is_valid() else {}
    entries = audit_entries(request.user, filters) if not form.errors else AuditEntry.objects.none()
    page = paging.get_page(Paginator(entries, 50), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "core/audit.html#results" if request.htmx else "core/audit.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
def audit_export(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.export")
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        return render(request, "core/audit.html", {"form": form, "page": None, "query": ""}, status=400)
    progress = services.start_audit_export(by=request.user, filters=form.filters())
    return redirect("core:task", pk=progress.pk)


def task(request: HttpRequest, pk: str) -> HttpResponse:
    progress = get_visible_or_404(request.user, TaskProgress.objects, pk=pk)
    template = "core/task.html#progress" if request.htmx else "core/task.html"  # type: ignore[attr-defined]
    response = render(request, template, {"progress": progress})
    if request.htmx and progress.finished:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"  # show the finished page (with its download link) whole
    return response


def task_download(request: HttpRequest, pk: str) -> FileResponse | HttpResponse:
    progress = get_visible_or_404(request.user, TaskProgress.objects, pk=pk)
    if progress.status != TaskProgress.Status.SUCCEEDED or not progress.result_file:
        raise Http404
    if progress.result_expired_at:  # deleted by the periodic job core.expire_result_files
        return render(request, "core/task.html", {"progress": progress}, status=410)  # type: ignore[return-value]
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / progress.result_file).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    from .audit import log_action

    log_action(action="task.download", actor=request.user, obj=progress)
    return FileResponse(path.open("rb"), as_attachment=True, filename=progress.result_name or path.name)


# Error pages echo nothing of the request: not the address, not its query.
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"switch_next": "/"}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"switch_next": "/"}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
