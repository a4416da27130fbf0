"""Forms of the documents pages: upload, new version, withdraw, checklist status, letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .filetypes import allowed_names, validate_document_file
from .models import Category, ChecklistItem, Language, LetterKind


def _file_field(required: bool = True) -> forms.FileField:
    return forms.FileField(
        label=_("File"), required=required, validators=[validate_document_file],
        help_text=format_lazy(_("Accepted: {types}. Checked by what the file contains, not by its name."),
                              types=allowed_names()),
        error_messages={"required": _("Choose a file to upload."),
                        "empty": _("This file is empty. Choose the file again, or another one.")})


class _Prefixed(forms.Form):
    """Field ids of their own: these forms sit on pages (a case's) that have other forms."""

    id_prefix = "doc"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class UploadForm(_Prefixed):
    id_prefix = "upload"
    file = _file_field()
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.EVIDENCE)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty: the file's name."))
    language = forms.ChoiceField(label=_("Language of the document"), choices=Language.choices, required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    checklist_item = forms.ModelChoiceField(label=_("This satisfies the checklist item"), required=False,
                                            queryset=ChecklistItem.objects.none(),
                                            help_text=_("Marks the item received and links this document."))

    def __init__(self, *args: Any, checklist: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if checklist is None:
            del self.fields["checklist_item"]
        else:
            field = self.fields["checklist_item"]
            field.queryset = checklist  # type: ignore[attr-defined]
            field.label_from_instance = str  # type: ignore[attr-defined]  (the label in the current language)


class VersionForm(_Prefixed):
    id_prefix = "version"
    file = _file_field()
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class EditForm(_Prefixed):
    id_prefix = "edit"
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    language = forms.ChoiceField(label=_("Language of the document"), choices=Language.choices, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistAddForm(_Prefixed):
    id_prefix = "checkadd"
    label_en = forms.CharField(label=_("What is needed (English)"), max_length=200)
    label_es = forms.CharField(label=_("What is needed (Spanish)"), max_length=200)


class WithdrawForm(_Prefixed):
    id_prefix = "withdraw"
    reason = forms.CharField(label=_("Why withdraw this document?"), max_length=300,
                             help_text=_("It leaves the lists; its files are kept and it can be restored."))


class ChecklistStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ChecklistItem.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))


class LetterForm(_Prefixed):
    id_prefix = "letter"
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    appointment_date = forms.DateField(label=_("Appointment date"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    appointment_time = forms.TimeField(label=_("Appointment time"), required=False,
                                       widget=forms.TimeInput(attrs={"type": "time"}))
    appointment_place = forms.CharField(label=_("Appointment place"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == LetterKind.APPOINTMENT:
            for name in ("appointment_date", "appointment_time", "appointment_place"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("An appointment letter needs this."))
        return data

    def appointment(self) -> Any:
        from .letters import Appointment

        data = self.cleaned_data
        if data.get("kind") != LetterKind.APPOINTMENT:
            return None
        when = timezone.make_aware(dt.datetime.combine(data["appointment_date"], data["appointment_time"]))
        return Appointment(when=when, place=data["appointment_place"])


class LetterTemplateForm(forms.Form):
    body_en = forms.CharField(label=_("Text in English"), widget=forms.Textarea(attrs={"rows": 16}))
    body_es = forms.CharField(label=_("Text in Spanish"), widget=forms.Textarea(attrs={"rows": 16}))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        from .letters import TemplateSyntaxError, check_body

        data = super().clean()
        for name in ("body_en", "body_es"):
            if data.get(name):
                try:
                    check_body(data[name])
                except TemplateSyntaxError as exc:
                    self.add_error(name, _("The text has a template error: %(error)s") % {"error": exc})
        return data
