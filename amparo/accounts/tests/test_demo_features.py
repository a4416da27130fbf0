"""The demo shows every feature working: each case has its deadlines, "Fill a form" fills a
real form for any demo case, the archive's accountability report and chronology have actors
and acts drawn from the MUC-3 reports, and letters carry the office's telephone."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from amparo.accounts.models import User
from amparo.archive.models import Act, Actor, Career, Event
from amparo.core.testing import sign_in
from amparo.documents.filing.models import FilledForm, FormTemplate
from amparo.documents.models import GeneratedLetter
from amparo.legal.kinds import Kind
from amparo.legal.models import Case, Deadline


@pytest.fixture
def loaded(db, capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_every_demo_case_has_an_open_deadline_and_the_form_fills_for_each(loaded):
    assert "10 cases (10 with open deadlines)" in loaded and "1 fillable form" in loaded
    for case in Case.objects.all():
        assert Deadline.objects.filter(case=case, state=Deadline.State.OPEN).exists(), case.kind

    template = FormTemplate.objects.get(form_number="AMP-1")
    version = template.versions.get()
    kinds = {f["kind"] for f in version.fields}
    assert {"text", "multiline_text", "checkbox", "radio", "combo", "list"} <= kinds
    assert version.mappings.count() >= 10

    attorney = User.objects.get(email="abogado@amparo.example")
    browser = sign_in(Client(), attorney)
    for case in Case.objects.exclude(kind=Kind.SIJS):  # the child's case is its own team's
        response = browser.post(f"/documents/filing/case/{case.pk}/fill/", {"version": version.pk})
        assert response.status_code == 302, (case.kind, response.content.decode()[:2000])
    filled = FilledForm.objects.select_related("document", "case__client").first()
    with filled.document.versions.get().file.open("rb") as handle:
        values = PdfReader(io.BytesIO(handle.read())).get_fields()
    client = filled.case.client
    assert values["family_name"]["/V"] == f"{client.first_surname} {client.second_surname}".strip().upper()
    assert values["given_names"]["/V"] == client.given_names
    assert values["country_of_birth"]["/V"] == client.country_of_birth
    assert values["sex"]["/V"] == f"/{client.sex}"
    assert values["interpreter"]["/V"] == "/Yes"
    assert values["case_number"]["/V"] == filled.case.number


def test_accountability_report_chronology_and_letters_have_the_demo_facts(loaded):
    atlacatl = Actor.objects.get(name="Atlacatl Battalion")
    assert atlacatl.source.identifier == "DEV-MUC3-1060"
    assert Act.objects.filter(involvements__perpetrator=atlacatl).count() == 9
    assert Career.objects.filter(unit=atlacatl).count() == 3
    assert Event.objects.filter(acts__isnull=False).distinct().count() == 4

    archivist = User.objects.get(email="archivo@amparo.example")
    browser = sign_in(Client(), archivist)
    report = browser.get(f"/archive/actors/{atlacatl.pk}/accountability/").content.decode()
    assert "Killing of six Jesuit priests and two women at the UCA" in report
    assert "Ignacio Ellacuría" in report and "Guevara Cerritos" in report
    benavides = Actor.objects.get(name="Guillermo Benavides")
    report = browser.get(f"/archive/actors/{benavides.pk}/accountability/").content.decode()
    assert "Military School" in report and "Celina Maricet Ramos" in report

    # The public chronology (published records) draws the events on its chart.
    chronology = Client().get("/public/archive/chronology/").content.decode()
    assert "Strafing of the Guancorita refugee camp" in chronology and "<svg" in chronology

    letter = GeneratedLetter.objects.select_related("document").first()
    with letter.document.versions.get().file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "(213) 555-0142" in " ".join(text.split())
    # A new appointment letter starts at the case's office.
    attorney = sign_in(Client(), User.objects.get(email="abogado@amparo.example"))
    case = Case.objects.get(kind=Kind.REMOVAL_DEFENSE)
    page = attorney.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="appointment_place"' in page and 'value="1450 W Pico Blvd, Los Angeles, CA 90015"' in page
