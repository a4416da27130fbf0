"""Every role against the records core keeps, through every channel they could surface in."""

import pytest
from django.test import Client, TestCase

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.core.audit import log_action
from amparo.core.models import TaskProgress
from amparo.core.testing import Channels, assert_channels

MARKER = "Expediente confidencial 7731"


def _export_audit(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/audit/export/")
    if response.status_code != 302:
        return b""
    progress = TaskProgress.objects.filter(kind="audit.export").latest("created_at")
    download = client.get(f"/tasks/{progress.pk}/download/")
    return b"".join(download.streaming_content) if download.status_code == 200 else b""


@pytest.mark.parametrize("role", list(Role))
def test_audit_entries_reach_administrators_only(make_user, role):
    entry = log_action(action="case.update", object_label=MARKER)
    user = make_user(role)
    _, token = create_api_token(user=user, name="test")
    assert_channels(
        Client(), user, MARKER, visible=role == Role.ADMINISTRATOR, token=token,
        channels=Channels(
            list_url="/audit/",
            extra={"filtered": f"/audit/?action=case.update&object_id={entry.object_id}"},
            export=_export_audit,
            api_list_url="/api/v1/audit",
        ),
    )


@pytest.mark.parametrize("role", list(Role))
def test_a_background_task_is_seen_only_by_whoever_started_it(make_user, role, tmp_path, settings):
    owner = make_user(Role.ADMINISTRATOR)
    task = TaskProgress.objects.create(owner=owner, kind="report", label=MARKER, status="succeeded",
                                       result_file="r.csv", result_name="r.csv")
    (settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "r.csv").write_text(MARKER)
    for user, visible in ((make_user(role), False), (owner, True)):
        _, token = create_api_token(user=user, name="test")
        assert_channels(
            Client(), user, MARKER, visible=visible, token=token,
            channels=Channels(
                list_url="/",
                detail_url=f"/tasks/{task.pk}/",
                export=lambda c: (lambda r: b"".join(r.streaming_content) if r.status_code == 200 else b"")(
                    c.get(f"/tasks/{task.pk}/download/")),
                api_detail_url=f"/api/v1/tasks/{task.pk}",
            ),
        )
