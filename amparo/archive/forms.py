from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Actor, ActType, Event, Place, SourceType
from .search import Filters

LANGUAGES = [("", _("Any language")), ("en", _("English")), ("es", _("Spanish"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words to look for"), required=False, max_length=300,
                        help_text=_("English or Spanish; accents and endings do not matter. "
                                    "Use “quotes” for a phrase."))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.select_related("parent").order_by(
        "kind", "name"), required=False, empty_label=_("Anywhere"))
    act_type = forms.ModelChoiceField(label=_("Act type"), queryset=ActType.objects.filter(active=True),
                                      required=False, empty_label=_("Any act"), to_field_name="code")
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Actor.objects.filter(kind=Actor.Kind.UNIT),
                                  required=False, empty_label=_("Any unit"))
    source_type = forms.ModelChoiceField(label=_("Source type"), queryset=SourceType.objects.filter(active=True),
                                         required=False, empty_label=_("Any source type"), to_field_name="code")
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:  # type: ignore[operator]
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            place=data["place"].pk if data.get("place") else None,
            act_type=data["act_type"].code if data.get("act_type") else "",
            unit=data["unit"].pk if data.get("unit") else None,
            source_type=data["source_type"].code if data.get("source_type") else "",
            language=data.get("language") or "",
        )


class ChronologyForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.filter(kind__in=["country", "department"]),
                                   required=False, empty_label=_("Anywhere"))
    act_type = forms.ModelChoiceField(label=_("Act type"), queryset=ActType.objects.filter(active=True),
                                      required=False, empty_label=_("Any act"), to_field_name="code")
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Event.Category.choices])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:  # type: ignore[operator]
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class VocabularyForm(forms.Form):
    vocabulary = forms.ChoiceField(label=_("List"), choices=[("act_type", _("Act types")),
                                                             ("source_type", _("Source types"))])
    code = forms.SlugField(label=_("Code"), max_length=50, help_text=_("Short, lower case, no spaces: forced-labor."))
    name_en = forms.CharField(label=_("Name in English"), max_length=120)
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=120)


class CsvImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=[
        ("actors", _("Actors")), ("events", _("Events")), ("acts", _("Acts")), ("careers", _("Careers"))])
    file = forms.FileField(label=_("CSV file (UTF-8)"))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = upload.read(4096)
        upload.seek(0)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if len(head) < 4096:
                raise forms.ValidationError(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from exc
        if b"\x00" in head:
            raise forms.ValidationError(_("The file is not a CSV text file."))
        return upload


class OcrCorrectionForm(forms.Form):
    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 18}), required=False,
                           max_length=200_000)
