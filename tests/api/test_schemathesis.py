"""The whole API fuzzed from its own OpenAPI schema, in-process (the WSGI app, no server), as
five roles: no answer may be a server error, and every answer's status code and body must
be the ones the schema declares. Derandomized with a bounded number of examples per operation,
so a run is deterministic and takes about a minute on one core.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.archive.tests.factories import EventFactory, SourceFactory
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
EXAMPLES = 10


@pytest.fixture
def keep_connection() -> Any:
    """The app is called directly (as a server would), inside the test's transaction: keep the
    connection open at the end of each request, as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _load(*, coverage: bool) -> Any:
    from django.core.wsgi import get_wsgi_application

    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": coverage}}})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=config)


@pytest.fixture
def api_schema(db: Any, keep_connection: Any) -> Any:
    """Every operation with the boundary values of each parameter (the coverage phase: negative,
    huge, empty, wrong type...) and then random ones."""
    return _load(coverage=True)


@pytest.fixture
def api_schema_fuzzing(db: Any, keep_connection: Any) -> Any:
    """Random values only: the boundaries are the same for every role."""
    return _load(coverage=False)


SCHEMAS = {"full": schemathesis.pytest.from_fixture("api_schema"),
           "fuzzing": schemathesis.pytest.from_fixture("api_schema_fuzzing")}


@pytest.fixture
def center(db: Any) -> dict[str, Any]:
    """Records for the generated ids to find: a few people, cases, archive sources and events."""
    office = OfficeFactory(name="Oficina Central")
    attorney = UserFactory(role=Role.ATTORNEY, offices=[office])
    people = [PersonFactory() for _ in range(3)]
    for person in people[:2]:
        make_case(client=person, office=office, responsible=attorney, by=attorney)
    for _ in range(2):
        SourceFactory(access="staff")
        EventFactory(access="public")
    return {"office": office}


def _fuzzed_as(role: str, schema: str = "fuzzing") -> Any:
    @SCHEMAS[schema].parametrize()
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def test(case: Any, make_user: Any, center: dict[str, Any]) -> None:
        caller = center.setdefault(role, make_user(role, offices=[center["office"]]))
        _, token = create_api_token(user=caller, name="fuzz")  # a fresh one: an example may revoke it
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    test.__name__ = f"test_the_api_keeps_its_schema_as_{role}"
    return test


# The administrator reaches every operation (the audit trail too): it gets the boundary values.
test_the_api_keeps_its_schema_as_administrator = _fuzzed_as(Role.ADMINISTRATOR, "full")
test_the_api_keeps_its_schema_as_paralegal = _fuzzed_as(Role.PARALEGAL)
test_the_api_keeps_its_schema_as_attorney = _fuzzed_as(Role.ATTORNEY)
test_the_api_keeps_its_schema_as_intake = _fuzzed_as(Role.INTAKE)
test_the_api_keeps_its_schema_as_volunteer = _fuzzed_as(Role.VOLUNTEER)
