import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client

from amparo.accounts import demo_center
from amparo.accounts.models import Office, User
from amparo.archive.models import Source
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.documents.models import ChecklistItem, Document
from amparo.legal.kinds import Kind
from amparo.legal.models import Case, Deadline, Hearing, Note, Task
from amparo.people.models import DuplicateCandidate, HouseholdMember, Person


def counts() -> dict[str, int]:
    # The legal core's demo people carry the marker; the program apps' demos add their own people.
    return {"people": Person.objects.filter(notes__startswith=demo_center.MARKER).count(),
            "everyone": Person.objects.count(), "cases": Case.objects.count(), "deadlines": Deadline.objects.count(),
            "hearings": Hearing.objects.count(), "notes": Note.objects.count(), "tasks": Task.objects.count(),
            "documents": Document.objects.count(), "households": HouseholdMember.objects.count(),
            "duplicates": DuplicateCandidate.objects.count(), "sources": Source.objects.count(),
            "received": ChecklistItem.objects.filter(status=ChecklistItem.Status.RECEIVED).count()}


@pytest.fixture
def loaded(db, capsys):
    call_command("load_demo")
    first = counts()
    output = capsys.readouterr().out
    return first, output


def test_load_demo_twice_creates_everything_once(loaded, capsys):
    first, output = loaded
    call_command("load_demo")
    assert counts() == first
    assert first["people"] == 40 and first["cases"] == 10
    assert first["hearings"] >= 2 and first["notes"] >= 1 and first["tasks"] >= 1
    assert first["households"] == 3 and first["duplicates"] >= 1 and first["received"] == 2
    assert first["documents"] == 4  # two missing-documents letters, two received birth certificates
    assert "Demo data: 40 people, 10 cases" in output
    assert "Demo data: 40 people, 10 cases" in capsys.readouterr().out


def test_demo_records_went_through_the_services_with_their_audit_trail(loaded):
    case = Case.objects.get(kind=Kind.ASYLUM_DEFENSIVE)
    actions = set(AuditEntry.objects.filter(object_type="legal.case", object_id=str(case.pk))
                  .values_list("action", flat=True))
    assert {"case.open", "case.event", "case.note.add", "case.task.add"} <= actions
    center = [str(pk) for pk in Person.objects.filter(notes__startswith=demo_center.MARKER).values_list("pk",
                                                                                                    flat=True)]
    assert AuditEntry.objects.filter(action="person.create", object_id__in=center).count() == 40
    assert AuditEntry.objects.filter(action="document.letter").count() == 2


def test_the_demo_attorney_sees_the_demo_deadlines_on_the_dashboard(loaded):
    attorney = User.objects.get(email="abogado@amparo.example")
    bia = Deadline.objects.get(case__kind=Kind.ASYLUM_DEFENSIVE, kind="bia_appeal")
    page = sign_in(Client(), attorney).get("/").content.decode()
    assert f"#deadline-{bia.pk}" in page  # the 30-day BIA appeal of an asylum denial, due in ten days
    assert "Preparar los alegatos para la audiencia preliminar" in page  # his own task, in his language, due in a week
    rfe = Deadline.objects.get(case__kind=Kind.FAMILY_PETITION, kind="rfe")
    assert f"#deadline-{rfe.pk}" not in page  # due in three weeks: not yet "due soon"


def test_restricted_demo_cases_are_not_visible_to_the_volunteer(loaded):
    volunteer = User.objects.get(email="volunteer@amparo.example")
    client = sign_in(Client(), volunteer)
    sijs = Case.objects.get(kind=Kind.SIJS)
    assert sijs.restricted and sijs.minor
    response = client.get(f"/cases/{sijs.pk}/")
    assert response.status_code == 404
    assert sijs.number not in client.get("/cases/").content.decode()
    assert sijs.client.first_surname not in client.get("/").content.decode()


def test_archive_sample_is_optional(db, settings, tmp_path, capsys):
    settings.BASE_DIR = tmp_path / "repo"
    call_command("load_demo")
    assert Source.objects.count() == 0
    assert "no archive sample" in capsys.readouterr().out
    assert Person.objects.filter(notes__startswith=demo_center.MARKER).count() == 40


def test_no_demo_records_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        demo_center.load_demo_center()
    assert not Person.objects.exists()


def test_the_likely_duplicate_pair_is_on_the_duplicates_page(loaded):
    admin = User.objects.get(email="admin@amparo.example")
    pair = DuplicateCandidate.objects.get()
    ids = {pair.first.notes.split()[2], pair.second.notes.split()[2]}
    assert "P9000001" in ids and len(ids) == 2  # the second intake with typos, and its original
    page = sign_in(Client(), admin).get("/people/duplicates/").content.decode()
    assert f"/people/{pair.first.pk}/" in page and f"/people/{pair.second.pk}/" in page


def test_demo_text_is_written_in_the_language_of_whoever_reads_it(loaded):
    """Tasks are in their assignee's language, case notes in their writer's; team names carry both."""
    abogado = User.objects.get(email="abogado@amparo.example")
    paralegal = User.objects.get(email="paralegal@amparo.example")
    assert abogado.language == "es" and paralegal.language == "en"
    assert Task.objects.filter(assignee=abogado, title="Llamar al cliente sobre la tarifa de reinscripción").exists()
    assert Task.objects.filter(assignee=paralegal, title="Order the hearing transcript").exists()
    assert not Task.objects.filter(assignee=abogado, title__startswith="Call the client").exists()
    assert Note.objects.filter(body__contains="La Solicitud de Evidencia (RFE) pide prueba del matrimonio.").exists()
    teams = set(Office.objects.filter(kind=Office.Kind.TEAM).values_list("name", flat=True))
    assert teams == {"Asilo y defensa contra la deportación (Asylum and removal defense)",
                     "Niñez y familias (Children and families)"}
