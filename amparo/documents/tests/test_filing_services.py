"""Form templates, mappings and filling a form for a case (services)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from amparo.core.models import AuditEntry
from amparo.documents.filing import services
from amparo.documents.filing.models import FieldMapping, FilledForm, FormTemplate
from amparo.documents.models import Category, Document
from amparo.documents.pdf import FormValueError, NoFormFields, XfaOnlyForm

from .filing_factories import admin, client_case, form_version, pdf_upload
from .pdf_fixtures import pdftotext, plain_pdf, xfa_only_form

pytestmark = pytest.mark.django_db


def _values(document: Document) -> dict[str, object]:
    version = document.versions.get()
    with version.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return {name: field.get("/V") for name, field in reader.get_fields().items()}


def test_an_upload_lists_the_fields_and_a_second_upload_is_a_new_version_keeping_the_mapping():
    by = admin()
    first = form_version(by=by)
    assert first.number == 1
    kinds = {f["name"]: f["kind"] for f in first.fields}
    assert kinds["gender"] == "radio" and kinds["agree"] == "checkbox" and kinds["country"] == "combo"
    assert kinds["applicant.given_name"] == "text" and kinds["address"] == "multiline_text"
    assert next(f for f in first.fields if f["name"] == "a_number")["max_length"] == 9
    second = services.upload_form_template(by=by, upload=pdf_upload(), name="Application for Testing",
                                           form_number="i-test", edition_date=dt.date(2026, 4, 1), note="new edition")
    assert second.template_id == first.template_id and second.number == 2
    assert FormTemplate.objects.count() == 1 and first.template.versions.count() == 2
    assert set(second.mappings.values_list("field_name", flat=True)) == set(
        first.mappings.values_list("field_name", flat=True))
    assert AuditEntry.objects.filter(action="filing.template_upload").count() == 2


@pytest.mark.parametrize(("data", "problem"), [(xfa_only_form(), XfaOnlyForm),
                                               (plain_pdf(["no fields"]), NoFormFields)])
def test_unfillable_pdfs_are_refused_and_nothing_is_saved(data, problem):
    with pytest.raises(problem):
        services.upload_form_template(by=admin(), upload=pdf_upload(data), name="X", form_number="X-1",
                                      edition_date=dt.date(2025, 1, 1))
    assert FormTemplate.objects.count() == 0


@pytest.mark.parametrize(("field", "row", "fragment"), [
    ("agree", {"source": "client.given_names"}, "needs the transform"),
    ("agree", {"source": "constant", "constant": "maybe"}, "takes yes or no"),
    ("gender", {"source": "constant", "constant": "Female"}, "not one of the choices"),
    ("family_name", {"source": "client.family_name", "transform": "yes_no"}, "not a checkbox"),
    ("a_number", {"source": "constant", "constant": "A-0123456789012"}, "at most 9"),
    ("family_name", {"source": "client.address.lines"}, "several lines"),
    ("family_name", {"source": "constant", "constant": ""}, "Type the fixed value"),
    ("signature_date", {"source": "constant", "constant": "March 1981", "transform": "date_us"}, "not a full date"),
])
def test_mappings_that_do_not_fit_the_field_are_refused_field_by_field(field, row, fragment):
    version = form_version(mapped=False)
    with pytest.raises(ValidationError) as refused:
        services.save_mappings(by=admin(), version=version, rows=[
            {"field_name": "applicant.given_name", "source": "client.given_names"},
            {"field_name": field, "transform": "", "constant": "", **row}])
    assert list(refused.value.message_dict) == [field]
    assert fragment in " ".join(refused.value.message_dict[field])
    assert not FieldMapping.objects.filter(version=version).exists()  # the good row is not saved either


def test_a_radio_takes_one_of_its_export_values_and_a_source_on_a_dropdown_is_a_warning():
    version = form_version(mapped=False)
    info = version.field("country")
    assert services.check_mapping(version.field("gender"), source="constant", constant="X").errors == []
    check = services.check_mapping(info, source="client.country_of_birth")
    assert check.errors == [] and "SV" in check.warnings[0]


def test_the_preview_fills_the_form_with_the_sample_data():
    version = form_version()
    reader = PdfReader(io.BytesIO(services.preview_fill(version=version)))
    fields = {name: f.get("/V") for name, f in reader.get_fields().items()}
    assert fields["family_name"] == "NÚÑEZ DE LA PEÑA"
    assert fields["a_number"] == "012345678"
    assert fields["agree"] == "/Yes" and fields["gender"] == "/F"


def test_filling_for_a_case_saves_a_document_of_the_case_with_the_case_values():
    version = form_version()
    case = client_case()
    user = case.opened_by
    filled = services.fill_for_case(by=user, case=case, version=version)
    document = filled.document
    assert document.case == case and document.category == Category.FORM and document.created_by == user
    assert document.title.startswith("I-TEST — Application for Testing")
    values = _values(document)
    assert values["family_name"] == "NÚÑEZ PEÑA"
    assert values["applicant.given_name"] == "María José"
    assert values["a_number"] == "012345678"
    assert values["address"] == "1200 W 7th St Apt 4\nLos Angeles, CA 90017\nUnited States"
    assert values["agree"] == "/Yes" and values["gender"] == "/F"
    assert values["signature_date"] == timezone.localdate().strftime("%m/%d/%Y")
    entry = AuditEntry.objects.get(action="filing.fill")
    assert entry.actor == user and "012345678" not in str(entry.extra) and "012345678" not in str(entry.changes)


def test_a_flattened_fill_has_no_fields_left_and_shows_the_values_as_text():
    version = form_version()
    filled = services.fill_for_case(by=admin(), case=client_case(), version=version, flatten=True)
    assert filled.flattened
    with filled.document.versions.get().file.open("rb") as handle:
        data = handle.read()
    assert not PdfReader(io.BytesIO(data)).get_fields()
    text = pdftotext(data)
    assert "NÚÑEZ PEÑA" in text and "012345678" in text


def test_values_that_do_not_fit_are_reported_field_by_field_and_nothing_is_saved():
    version = form_version()
    FieldMapping.objects.create(version=version, field_name="country", source="client.country_of_birth")
    FieldMapping.objects.create(version=version, field_name="interpreter", source="client.preferred_language",
                                transform="yes_no")
    case = client_case()
    person = case.client
    person.birth_precision = "month"
    person.country_of_birth = "Nicaragua"
    person.save()
    FieldMapping.objects.create(version=version, field_name="case_number",
                                source="client.birth_date", transform="date_us")
    with pytest.raises(FormValueError) as refused:
        services.fill_for_case(by=admin(), case=case, version=version)
    by_field = {p.field: p.message for p in refused.value.problems}
    assert set(by_field) == {"country", "interpreter", "case_number"}
    assert "Nicaragua" in by_field["country"] and "SV" in by_field["country"]
    assert "“es” is not a yes or no answer" in by_field["interpreter"]
    assert "1984-07" in by_field["case_number"] and "full date" in by_field["case_number"]
    assert not Document.objects.exists() and not FilledForm.objects.exists()
    assert not AuditEntry.objects.filter(action="filing.fill").exists()


def test_a_value_too_long_for_its_field_is_reported():
    version = form_version()
    case = client_case()
    case.client.first_surname = "Z" * 45
    case.client.save()
    with pytest.raises(FormValueError) as refused:
        services.fill_for_case(by=admin(), case=case, version=version)
    [problem] = refused.value.problems
    assert problem.field == "family_name" and problem.code == "too_long"
    assert "at most 40" in problem.message and "has 50 characters" in problem.message


def test_case_data_goes_into_the_form_in_english_whatever_the_language_of_the_staff_member():
    from django.utils import translation

    version = form_version(mapped=False)
    services.save_mappings(by=admin(), version=version,
                           rows=[{"field_name": "case_number", "source": "case.kind", "transform": ""}])
    with translation.override("es"):
        filled = services.fill_for_case(by=admin(), case=client_case(), version=version)
        assert filled.document.title.startswith("I-TEST — Application for Testing, llenado el ")
    assert _values(filled.document)["case_number"] == "Removal defense"
