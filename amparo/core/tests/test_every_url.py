"""Every address of the site, opened by someone who should not get in.

Walks every URL pattern (the admin and the API included), filling path parameters with the id
of an existing record where there is one, and opens it with GET:

- signed out, every page sends to the sign-in page, except the public ones listed below, and the
  API, which answers 401 itself;
- signed in with a role that has no capability at all, every page answers 403 or 404 (405 for
  an address that takes only POST), except the pages every signed-in user has (listed below).

No address may answer with a server error either way. A new page that forgets its permission
check fails here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from amparo.accounts import roles
from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.archive.tests.factories import ActFactory, ActorFactory, CareerFactory, EventFactory, SourceFactory
from amparo.core.models import TaskProgress
from amparo.core.testing import sign_in
from amparo.documents.tests.factories import make_document
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

# Open to everyone, signed in or not.
PUBLIC = {
    "accounts:login", "accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_confirm",
    "switch_language", "archive_oai", "legal:calendar_feed",  # the feed's secret address is its credential
    "archive_public:index", "archive_public:source", "archive_public:event", "archive_public:report",
    "archive_public:chronology", "archive_public:facets",
    "classes:verify",  # a certificate's public verification: initials, course, kind and date only
}
# The client portal's pages have their own sign-in (a one-time code), proved in portal/tests/test_isolation.py.
PUBLIC |= {"portal:home", "portal:sign_in", "portal:code", "portal:send", "portal:messages", "portal:letter",
           "portal:sign_out", "portal:exit", "portal:language", "portal:activities", "portal:receipts",
           "portal:receipt"}
# The API's machine-readable description and its browsable page describe endpoints, not records.
API_DESCRIPTION = {"api:openapi-json", "api:openapi-view", "api:api-root"}
# What any signed-in user has, whatever their role: their own account and the page shell.
EVERY_USER = {
    "core:dashboard", "core:search", "accounts:account", "accounts:password_change", "accounts:setup_2fa",
    "accounts:verify", "admin:logout",
}


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else ""
            yield name, pattern


def every_pattern() -> list[tuple[str, URLPattern]]:
    return list(walk(get_resolver().url_patterns))


@pytest.fixture
def world(db: Any, admin_user: Any) -> dict[str, Any]:
    """One record of each main kind, so that an address with an id points at something real."""
    person = PersonFactory(birth_date=dt.date(1980, 1, 2))
    case = make_case(client=person)
    event = EventFactory()
    actor = ActorFactory()
    return {
        "person": person, "case": case, "document": make_document(owner=case, by=admin_user),
        "source": SourceFactory(), "event": event, "actor": actor,
        "act": ActFactory(event=event), "career": CareerFactory(person=actor),
        "task": TaskProgress.objects.create(owner=admin_user, kind="test", label="test"),
        "admin": admin_user,
    }


def kwargs_for(name: str, pattern: URLPattern, world: dict[str, Any]) -> dict[str, Any]:
    namespace, _sep, short = name.rpartition(":")
    model_admin = getattr(pattern.callback, "model_admin", None)
    values: dict[str, Any] = {}
    for param, converter in pattern.pattern.converters.items():
        kind = type(converter).__name__
        if kind == "UUIDConverter" or param == "task_id":
            values[param] = world["task"].pk
        elif param == "object_id" and model_admin is not None:
            first = model_admin.model._default_manager.first()
            values[param] = first.pk if first is not None else 1
        elif param in ("person_id",) or (param == "pk" and namespace == "people") or \
                (param == "pk" and short.startswith("person")):
            values[param] = world["person"].pk
        elif param in ("case_id",) or (param == "pk" and (namespace == "legal" or short.startswith("case")
                                                           or short in ("letter", "checklist_add", "fill",
                                                                        "packet_new"))):
            values[param] = world["case"].pk
        elif param == "document_id" or (param == "pk" and namespace == "documents"):
            values[param] = world["document"].pk
        elif param == "parent_pk":
            values[param] = world["actor"].pk if "career" in short else world["event"].pk
        elif param == "pk" and namespace.startswith("archive") or (namespace == "api" and param == "pk"):
            target = {"event": "event", "events": "event", "actor": "actor", "actors": "actor", "report": "actor",
                      "accountability": "actor"}
            key = next((v for k, v in target.items() if k in str(pattern.pattern) or k == short), "source")
            values[param] = world[key].pk
        elif param == "kind":
            values[param] = "source" if namespace.startswith("archive") else "missing_documents"
        elif param == "number":
            values[param] = 1
        elif param == "fmt":
            values[param] = "csv"
        elif kind == "IntConverter":
            values[param] = 999_999
        else:
            values[param] = "x"
    return values


def addresses(world: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for name, pattern in every_pattern():
        if not name:
            continue
        kwargs = kwargs_for(name, pattern, world)
        try:
            url = reverse(name, kwargs=kwargs)
        except Exception:  # noqa: BLE001 — a pattern whose parameters our values do not fit
            continue
        found.append((name, url))
    return found


def test_the_walk_reaches_every_part_of_the_site(world):
    names = {name for name, _url in addresses(world)}
    for expected in ("people:detail", "legal:detail", "documents:detail", "archive:source", "core:audit",
                     "screening:list", "accounts:account", "api:get_case", "admin:index", "documents:filing:fill"):
        assert expected in names
    assert len(names) > 150


def opened(client: Client, url: str) -> Any:
    """GET ``url``; the admin first sends to its own sign-in page, which answers for it: followed."""
    response = client.get(url)
    admin_login = reverse("admin:login")
    if response.status_code == 302 and response["Location"].startswith(admin_login) and url != admin_login:
        response = client.get(response["Location"])
    return response


def only_other_methods(response: Any) -> bool:
    """405 for an address that takes no GET (a form's POST, the API's DELETE) reveals nothing."""
    return response.status_code == 405 and "GET" not in response.get("Allow", "")


def test_signed_out_every_page_sends_to_sign_in(world, client):
    client.raise_request_exception = False
    sign_in_url = reverse("accounts:login")
    wrong = []
    for name, url in addresses(world):
        response = opened(client, url)
        status = response.status_code
        if status >= 500:
            wrong.append(f"{name} {url}: {status}")
        elif name in PUBLIC or name in API_DESCRIPTION:
            continue
        elif name.startswith("api:"):
            if status != 401 and not only_other_methods(response):
                wrong.append(f"{name} {url}: {status}, the API should answer 401")
        elif status != 302 or not response["Location"].startswith(sign_in_url):
            wrong.append(f"{name} {url}: {status} {response.get('Location', '')}")
    assert not wrong, "\n".join(wrong)


def test_a_role_without_capabilities_is_refused_everywhere(world, monkeypatch):
    for capability, allowed in roles.CAPABILITIES.items():
        monkeypatch.setitem(roles.CAPABILITIES, capability, allowed - {Role.DEVELOPMENT})
    nobody = UserFactory(role=Role.DEVELOPMENT)
    client = sign_in(Client(raise_request_exception=False), nobody)
    wrong = []
    for name, url in addresses(world):
        response = opened(client, url)
        status = response.status_code
        if status >= 500:
            wrong.append(f"{name} {url}: {status}")
        elif name in PUBLIC or name in API_DESCRIPTION or name in EVERY_USER or only_other_methods(response):
            continue
        elif name.startswith("api:"):
            if status != 401:  # a session without the api.use capability is no authentication
                wrong.append(f"{name} {url}: {status}, the API should answer 401")
        elif status not in (403, 404):
            wrong.append(f"{name} {url}: {status} {response.get('Location', '')}")
    assert not wrong, "\n".join(wrong)


def test_the_allow_lists_name_real_pages():
    """A renamed page must not stay public by a stale entry."""
    names = {name for name, _pattern in every_pattern()}
    assert names >= (PUBLIC | API_DESCRIPTION | EVERY_USER)

