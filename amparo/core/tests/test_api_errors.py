"""Refusals in the API: JSON in the client's language, and no crash for a user signed in by token."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation

from amparo.accounts.models import User
from amparo.accounts.roles import Role
from amparo.api import api
from amparo.core.views import error_403

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "detail"), [("en", "You do not have permission to do this."),
                                                  ("es", "No tiene permiso para hacer esto.")])
def test_the_api_answers_a_refusal_with_json(language, detail):
    request = RequestFactory().get("/api/v1/cases/1")
    with translation.override(language):
        response = api.on_exception(request, PermissionDenied())
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": detail, "errors": {}}


def test_the_403_page_renders_for_a_user_that_came_by_token(make_user):
    # TokenAuth puts the plain account on the request: no two-factor wrapper, no is_verified().
    user = User.objects.get(pk=make_user(Role.INTAKE).pk)
    assert not hasattr(user, "is_verified")
    request = RequestFactory().get("/api/v1/people/1")
    request.user = user
    response = error_403(request, PermissionDenied())
    assert response.status_code == 403
    assert b"Your role does not allow this action" in response.content


def test_every_operation_that_reads_a_body_documents_the_400_for_an_unreadable_one(admin_client):
    """A client sending a body that is not JSON gets 400 with a message; the schema must say so for
    every operation that takes a body (the fuzzer once found one that did not)."""
    schema = admin_client.get("/api/v1/openapi.json").json()
    missing = [f"{method.upper()} {path}" for path, operations in schema["paths"].items()
               for method, operation in operations.items()
               if "requestBody" in operation and "400" not in operation["responses"]]
    assert schema["paths"] and not missing, missing
