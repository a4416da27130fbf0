import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.audit import diff, log_action, snapshot
from amparo.core.models import AppendOnlyError, AuditEntry, TaskProgress
from amparo.core.testing import sign_in


@pytest.fixture
def entry(admin_user):
    return log_action(action="office.update", actor=admin_user, obj=admin_user,
                      changes={"name": ["Old", "New"]}, extra={"why": "renamed"})


def test_entry_records_who_what_when_and_from_where(admin_user, rf):
    request = rf.get("/", HTTP_USER_AGENT="Firefox/128", REMOTE_ADDR="203.0.113.9")
    request.user = admin_user
    request.request_id = "abc123"
    entry = log_action(action="user.update", obj=admin_user, changes={"role": ["intake", "paralegal"]},
                       request=request)
    entry.refresh_from_db()
    assert entry.actor == admin_user and entry.actor_label == admin_user.email
    assert entry.object_type == "accounts.user" and entry.object_id == str(admin_user.pk)
    assert entry.changes == {"role": ["intake", "paralegal"]}
    assert entry.ip_address == "203.0.113.9"
    assert entry.user_agent == "Firefox/128"
    assert entry.request_id == "abc123"
    assert entry.at is not None


def test_an_entry_cannot_be_changed_or_deleted_through_the_application(entry):
    entry.action = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "office.update"


def test_the_database_refuses_to_change_an_entry(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "office.update"


def test_the_database_refuses_to_delete_an_entry_on_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no DELETE trigger (see core migration 0002); the application refuses it")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_offers_no_way_to_add_change_or_delete(admin_client, entry):
    assert admin_client.get("/admin/core/auditentry/").status_code == 200
    change_page = admin_client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert change_page.status_code == 200
    assert b'name="_save"' not in change_page.content
    assert admin_client.get("/admin/core/auditentry/add/").status_code == 403
    assert admin_client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    admin_client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "forged"})
    assert AuditEntry.objects.get(pk=entry.pk).action == "office.update"


def test_masked_fields_are_recorded_as_changed_without_their_value(admin_user):
    admin_user.AUDIT_MASKED_FIELDS = ("full_name",)
    before = snapshot(admin_user, ["full_name", "role"])
    admin_user.full_name = "Secreto Nuevo"
    admin_user.role = Role.ATTORNEY
    changes = diff(before, snapshot(admin_user, ["full_name", "role"]))
    assert changes["full_name"] == ["•••", "•••"]
    assert changes["role"] == [Role.ADMINISTRATOR, Role.ATTORNEY]
    assert "Secreto" not in str(changes)


def test_administrator_filters_the_audit_view_by_user_object_and_date(admin_client, admin_user, make_user):
    other = make_user(Role.INTAKE, email="otra@amparo.test")
    log_action(action="office.update", actor=admin_user, obj=admin_user, object_label="Entry by admin")
    log_action(action="office.update", actor=other, obj=other, object_label="Entry by intake")
    response = admin_client.get("/audit/", {"actor": other.pk})
    body = response.content.decode()
    assert "Entry by intake" in body and "Entry by admin" not in body
    body = admin_client.get("/audit/", {"object_type": "accounts.user", "object_id": admin_user.pk}).content.decode()
    assert "Entry by admin" in body and "Entry by intake" not in body
    body = admin_client.get("/audit/", {"date_from": "2001-01-01", "date_to": "2001-12-31"}).content.decode()
    assert "No entries match these filters." in body
    body = admin_client.get("/audit/", {"date_from": "2030-01-02", "date_to": "2030-01-01"}).content.decode()
    assert "The end date is before the start date." in body


def test_htmx_filtering_returns_only_the_results(admin_client, admin_user):
    log_action(action="office.update", actor=admin_user, object_label="Partial entry")
    response = admin_client.get("/audit/", {"action": "office.update"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Partial entry" in body and "<html" not in body and 'id="results"' in body


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_other_roles_cannot_find_the_audit_view(make_user, role):
    client = sign_in(Client(), make_user(role))
    assert client.get("/audit/").status_code == 404
    assert client.post("/audit/export/").status_code == 404


def test_export_runs_as_a_task_with_progress_and_only_its_owner_downloads(
    admin_client, admin_user, make_user, django_capture_on_commit_callbacks
):
    for n in range(3):
        log_action(action="office.update", actor=admin_user, object_label=f"Exported entry {n}")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/audit/export/", {"action": "office.update"})
    progress = TaskProgress.objects.get()
    assert response.status_code == 302 and response.url == f"/tasks/{progress.pk}/"
    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.SUCCEEDED and progress.done == progress.total == 3
    page = admin_client.get(f"/tasks/{progress.pk}/").content.decode()
    assert "Download the result" in page
    download = admin_client.get(f"/tasks/{progress.pk}/download/")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert sorted(r["object"] for r in rows) == ["Exported entry 0", "Exported entry 1", "Exported entry 2"]
    assert AuditEntry.objects.filter(action="audit.export").exists()
    assert AuditEntry.objects.filter(action="task.download").exists()
    another_admin = sign_in(Client(), make_user(Role.ADMINISTRATOR))
    assert another_admin.get(f"/tasks/{progress.pk}/").status_code == 404
    assert another_admin.get(f"/tasks/{progress.pk}/download/").status_code == 404


def test_recorded_values_read_naturally_in_spanish(admin_user, make_user):
    from amparo.core.testing import sign_in

    log_action(action="user.update", obj=admin_user, changes={"is_supervisor": [False, True], "email": [None, "a@b.c"]})
    spanish = sign_in(Client(), make_user(Role.ADMINISTRATOR, language="es"))
    body = spanish.get("/audit/", {"action": "user.update"}).content.decode()
    assert "no → sí" in body and "— → a@b.c" in body and "Amparo (automático)" in body
