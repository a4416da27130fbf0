"""The one export helper: formulas never reach a spreadsheet, the gate always applies, tasks are tracked."""

import csv
import io

import pytest
from django.test import Client, TestCase
from django.utils import translation
from openpyxl import load_workbook

from amparo.accounts.roles import Role
from amparo.core import exports
from amparo.core.models import TaskProgress
from amparo.core.testing import sign_in
from amparo.core.tracked import Run, tracked
from amparo.people.tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://x","click")', "@SUM(A1:A9)", "+1+1", "-2+3", "\t=1", "\r=1", "  =1+1", " \t@SUM(1)",
])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert exports.neutralize(text) == "'" + text
    assert exports.restore(exports.neutralize(text)) == text


@pytest.mark.parametrize("value", ["Pérez", "a=b", "", "O'Brien", 42, -3, 1.5, None])
def test_ordinary_values_pass_unchanged(value):
    assert exports.neutralize(value) == value
    if isinstance(value, str):
        assert exports.restore(value) == value


def test_csv_lines_neutralize_every_cell_including_the_header():
    text = "".join(exports.csv_lines(["=h"], [["=1+1", "@x", "ok", 7]]))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["'=h"], ["'=1+1", "'@x", "ok", "7"]]


def _download(client, progress):
    return b"".join(client.get(f"/tasks/{progress.pk}/download/").streaming_content)


@pytest.fixture
def hostile_person(db):
    return PersonFactory(given_names='=HYPERLINK("http://evil.example","x")', first_surname="@SUM(1+1)*cmd",
                         second_surname=" -2+3")


@pytest.mark.django_db
def test_the_people_export_neutralizes_formulas(hostile_person, make_user):
    client = sign_in(Client(), make_user(Role.ADMINISTRATOR))
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/people/export/")
    progress = TaskProgress.objects.get(kind="people.export")
    rows = list(csv.reader(io.StringIO(_download(client, progress).decode("utf-8-sig"))))
    person = next(r for r in rows[1:] if r[0] == str(hostile_person.pk))
    assert person[1:4] == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(1+1)*cmd", "' -2+3"]
    assert rows[0][:2] == ["Number", "Given names"]  # headed in the reader's language


@pytest.mark.django_db
def test_an_xlsx_export_holds_text_not_formulas(hostile_person, make_user, settings):
    user = make_user(Role.ADMINISTRATOR, language="es")
    progress = TaskProgress.objects.create(owner=user, kind="people.export", label="people.xlsx")
    from amparo.people.tasks import export_people_csv

    export_people_csv.call(str(progress.pk), "", "xlsx")
    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.SUCCEEDED and progress.result_name.endswith(".xlsx")
    sheet = load_workbook(settings.MEDIA_ROOT / progress.result_file).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][1] == "Nombres"
    person = next(r for r in rows[1:] if r[0] == hostile_person.pk)
    assert person[1].startswith("'=HYPERLINK") and person[2] == "'@SUM(1+1)*cmd"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.django_db
def test_an_exporter_goes_through_the_gate_even_if_its_source_does_not(make_user):
    from amparo.people.models import Person

    PersonFactory(given_names="Visible")
    exporter = exports.Exporter(name="test.people", title="people", source=lambda user, params: Person.objects.all(),
                                columns=[exports.Column("given_names", "Given names")])
    assert [r[0] for r in exporter.rows(exporter.queryset(make_user(Role.ADMINISTRATOR)))] == ["Visible"]
    assert list(exporter.rows(exporter.queryset(make_user(Role.VOLUNTEER)))) == []


def test_the_apps_exporters_are_found_in_the_registry(db):
    names = {e.name for e in exports.exporters()}
    assert {"people", "cases", "audit", "archive.sources", "archive.careers"} <= names


# --- Tracked tasks ---------------------------------------------------------------------------

calls = []


@tracked("Test counting")
def _count(run: Run, n: int):
    calls.append(n)
    run.start(total=n)
    for _ in range(n):
        yield 1
    return run.finish(message=f"{n} counted")


@tracked("Test failing")
def _fail(run: Run):
    run.start(total=3)
    run.advance()
    raise RuntimeError("disk full")


def test_a_tracked_body_yields_steps_and_runs_once(db, admin_user):
    calls.clear()
    progress = TaskProgress.objects.create(owner=admin_user, kind="test", label="count")
    _count(str(progress.pk), 1201)
    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.SUCCEEDED and progress.done == progress.total == 1201
    assert progress.message == "1201 counted" and progress.finished_at
    _count(str(progress.pk), 1201)  # queued twice: the second run does nothing
    assert calls == [1201]


def test_a_failing_tracked_task_is_marked_failed_logged_and_raised(db, admin_user, caplog):
    progress = TaskProgress.objects.create(owner=admin_user, kind="test", label="fail")
    with pytest.raises(RuntimeError):
        _fail(str(progress.pk))
    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.FAILED and progress.message == "RuntimeError"
    assert "Test failing" in caplog.text and str(progress.pk) in caplog.text
