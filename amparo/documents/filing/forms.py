"""Forms of filing: uploading a form template, mapping its fields, filling it, choosing a packet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from amparo.core.uploads import checked_file

from ..pdf import PdfProblem, inspect_form, transform_choices
from . import sources
from .models import FormTemplate, FormTemplateVersion
from .services import PacketChoice


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("Fillable PDF"), validators=[checked_file(("pdf",))],
                           help_text=_("A PDF with fillable fields (AcroForm), such as a form from uscis.gov."))
    form_number = forms.CharField(label=_("Form number"), max_length=40,
                                  help_text=_("As printed on the form, e.g. I-589. Uploading a form number that "
                                              "exists already adds a new version; old versions are kept."))
    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("e.g. Application for Asylum and for Withholding of Removal"))
    edition_date = forms.DateField(label=_("Edition date"), widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("The edition printed at the foot of the form."))
    note = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            upload.seek(0)
            self.inspected = inspect_form(upload.read())
        except PdfProblem as problem:
            raise forms.ValidationError(str(problem)) from problem
        finally:
            upload.seek(0)
        return upload


KIND_LABELS = {
    "text": _("text, one line"), "multiline_text": _("text, several lines"), "checkbox": _("checkbox"),
    "radio": _("radio buttons (one choice)"), "combo": _("dropdown"), "list": _("list box"),
    "button": _("button"), "signature": _("signature"),
}


def _transform_choices() -> list[tuple[str, str]]:
    return [("", _("As it is")), *transform_choices()]


class MappingForm(forms.Form):
    """One row per fillable field of a version: case data, transform and fixed value."""

    def __init__(self, *args: Any, version: FormTemplateVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        current = {m.field_name: m for m in version.mappings.all()}
        self.rows: list[dict[str, Any]] = []
        choices = [("", _("— not filled —")), *sources.source_choices()]
        for index, info in enumerate(version.fields):
            kind = KIND_LABELS.get(info["kind"], info["kind"])
            if not info.get("fillable", True):
                self.rows.append({"info": info, "fillable": False, "kind": kind})
                continue
            mapping = current.get(info["name"])
            self.fields[f"source_{index}"] = forms.ChoiceField(
                label=_("Case data"), choices=choices, required=False,
                initial=mapping.source if mapping else "")
            self.fields[f"transform_{index}"] = forms.ChoiceField(
                label=_("Transform"), choices=_transform_choices(), required=False,
                initial=mapping.transform if mapping else "")
            self.fields[f"constant_{index}"] = forms.CharField(
                label=_("Fixed value"), required=False, max_length=500,
                initial=mapping.constant if mapping else "")
            self.rows.append({"info": info, "fillable": True, "mapping": mapping, "index": index, "kind": kind})

    def bound_rows(self) -> list[dict[str, Any]]:
        rows = []
        for row in self.rows:
            if row["fillable"]:
                index = row["index"]
                row = {**row, "source": self[f"source_{index}"], "transform": self[f"transform_{index}"],
                       "constant": self[f"constant_{index}"]}
            rows.append(row)
        return rows

    def mapping_rows(self) -> list[dict[str, str]]:
        return [{"field_name": row["info"]["name"],
                 "source": self.cleaned_data.get(f"source_{row['index']}", ""),
                 "transform": self.cleaned_data.get(f"transform_{row['index']}", ""),
                 "constant": self.cleaned_data.get(f"constant_{row['index']}", "")}
                for row in self.rows if row["fillable"]]

    def attach_errors(self, errors: dict[str, list[str]]) -> None:
        by_name = {row["info"]["name"]: row for row in self.rows if row["fillable"]}
        for name, messages in errors.items():
            row = by_name.get(name)
            for message in messages:
                self.add_error(f"source_{row['index']}" if row else None, message)


class FillForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Form"), queryset=FormTemplateVersion.objects.none(),
                                     empty_label=_("Choose a form"))
    flatten = forms.BooleanField(label=_("Flatten (the values become part of the page and cannot be edited)"),
                                 required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = []
        for template in FormTemplate.objects.filter(is_active=True).prefetch_related("versions"):
            version = max(template.versions.all(), key=lambda v: v.number, default=None)
            if version is not None and version.mappings.exists():
                latest.append(version.pk)
        field = self.fields["version"]
        field.queryset = FormTemplateVersion.objects.filter(pk__in=latest).select_related("template").order_by(
            "template__form_number")  # type: ignore[attr-defined]
        field.label_from_instance = lambda v: (  # type: ignore[attr-defined]
            f"{v.template.form_number} — {v.template.name} ({v.edition_date:%m/%d/%Y})")


ROLES = [("", _("Leave out")), ("cover", _("Cover letter")), ("form", _("Form")), ("exhibit", _("Exhibit"))]


class PacketForm(forms.Form):
    title = forms.CharField(label=_("Title of the packet"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the index, separators and page numbers"),
                                 choices=[("en", _("English")), ("es", _("Spanish"))], initial="en")

    def __init__(self, *args: Any, documents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents
        for position, document in enumerate(documents, start=1):
            filled = getattr(document, "is_filled_form", False)
            self.fields[f"role_{document.pk}"] = forms.ChoiceField(
                label=_("Use as"), choices=ROLES, required=False, initial="form" if filled else "")
            self.fields[f"order_{document.pk}"] = forms.IntegerField(
                label=_("Order"), min_value=1, max_value=999, initial=position, required=False)
            self.fields[f"title_{document.pk}"] = forms.CharField(
                label=_("Title in the packet"), max_length=200, required=False, initial=document.title,
                help_text=_("Shown in the bookmarks, and for exhibits in the index and on the separator page."))

    def rows(self) -> list[dict[str, Any]]:
        return [{"document": d, "role": self[f"role_{d.pk}"], "order": self[f"order_{d.pk}"],
                 "title": self[f"title_{d.pk}"]} for d in self.documents]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [d for d in self.documents if data.get(f"role_{d.pk}")]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one document for the packet."))
        if sum(1 for d in chosen if data.get(f"role_{d.pk}") == "cover") > 1:
            raise forms.ValidationError(_("A packet has one cover letter at most."))
        return data

    def choices(self) -> list[PacketChoice]:
        data = self.cleaned_data
        return [PacketChoice(document=d, role=data[f"role_{d.pk}"], order=data.get(f"order_{d.pk}") or 999,
                             title=data.get(f"title_{d.pk}") or d.title)
                for d in self.documents if data.get(f"role_{d.pk}")]
