import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from amparo.accounts.models import APIToken
from amparo.accounts.roles import Role
from amparo.core import permissions
from amparo.core.models import AuditEntry, TaskProgress
from amparo.core.permissions import Policy, can, get_visible_or_404, restrict


def test_a_model_without_a_policy_is_refused_to_everyone(admin_client, admin_user):
    from django.contrib.sessions.models import Session

    assert permissions.policy_for(Session).__class__ is Policy
    assert Session.objects.exists()  # the administrator's own session
    assert not can(admin_user, "view", Session.objects.first())
    assert restrict(Session.objects.all(), admin_user).count() == 0


def test_inactive_and_anonymous_users_get_nothing(admin_user):
    from django.contrib.auth.models import AnonymousUser

    task = TaskProgress.objects.create(owner=admin_user, kind="x", label="x")
    admin_user.is_active = False
    assert not can(admin_user, "view", task)
    assert restrict(TaskProgress.objects.all(), admin_user).count() == 0
    assert restrict(TaskProgress.objects.all(), AnonymousUser()).count() == 0


def test_unknown_actions_are_a_programming_error(admin_user):
    with pytest.raises(ValueError):
        can(admin_user, "peek", AuditEntry)


def test_hidden_objects_answer_404_and_visible_but_unchangeable_ones_403(make_user):
    owner, other = make_user(), make_user()
    task = TaskProgress.objects.create(owner=owner, kind="x", label="x")
    with pytest.raises(Http404):
        get_visible_or_404(other, TaskProgress.objects, pk=task.pk)
    assert get_visible_or_404(owner, TaskProgress.objects, pk=task.pk) == task
    admin = make_user(Role.ADMINISTRATOR)
    entry = AuditEntry.objects.create(action="x")
    assert get_visible_or_404(admin, AuditEntry.objects, pk=entry.pk) == entry
    with pytest.raises(PermissionDenied):
        get_visible_or_404(admin, AuditEntry.objects, action="change", pk=entry.pk)


def test_opening_a_restricted_object_is_audited(make_user, monkeypatch):
    class Restricted(permissions.OwnerPolicy):
        def is_restricted(self, obj):
            return True

    monkeypatch.setitem(permissions._policies, TaskProgress, Restricted("owner"))
    owner = make_user()
    task = TaskProgress.objects.create(owner=owner, kind="x", label="Declaración")
    get_visible_or_404(owner, TaskProgress.objects, pk=task.pk)
    entry = AuditEntry.objects.get(action="restricted.view")
    assert entry.actor == owner and entry.object_id == str(task.pk)


@pytest.mark.parametrize("role", list(Role))
def test_api_tokens_belong_to_their_owner_alone(make_user, role):
    from amparo.accounts.services import create_api_token

    owner = make_user(Role.VOLUNTEER)
    token, _ = create_api_token(user=owner, name="script")
    viewer = make_user(role)
    assert restrict(APIToken.objects.all(), viewer).count() == 0
    assert not can(viewer, "change", token)
