"""Test helpers shared by every app: signing in as a role, checking every channel, and checking
that a list page's query count does not grow with its rows (``assert_queries_do_not_grow``).

``assert_channels`` is how each module proves that a record reaches exactly those who may
see it: list, detail, search, export, API and error pages are fetched as one user, and the
record's marker must appear in all of them or in none.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code an authenticator app would show now (``offset`` steps later)."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{code:0{device.digits}d}"


def fresh_code(device: TOTPDevice) -> str:
    """A code that has not been used yet: waits for the next 30-second step if needed."""
    device.refresh_from_db()
    now_t = int((time.time() - device.t0) // device.step)
    if device.last_t >= now_t:
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.1)
    return current_code(device)


def sign_in(client: Client, user: Any, *, verified: bool = True) -> Client:
    """Sign ``user`` in; ``verified`` also completes two-factor sign-in with a device."""
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@dataclass
class Channels:
    """Where a record can surface. Each entry is optional; give every one the module has."""

    list_url: str | None = None
    detail_url: str | None = None
    search: tuple[str, str] | None = None  # (url, query)
    export: Callable[[Client], bytes] | None = None  # returns the exported content
    api_list_url: str | None = None
    api_detail_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # other pages that list records


def _api(client: Client, url: str, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(url, headers=headers)


def assert_channels(client: Client, user: Any, marker: str, *, visible: bool, channels: Channels,
                    token: str | None = None) -> None:
    """Fetch every channel as ``user``; ``marker`` shows in all of them if ``visible``, else in none.

    A hidden record's detail page and API answer 404 (never 403), and the 404 page does not
    mention it either.
    """
    sign_in(client, user)
    seen: dict[str, bool] = {}

    def page(name: str, url: str) -> None:
        response = client.get(url)
        seen[name] = response.status_code == 200 and marker in response.content.decode()

    if channels.list_url:
        page("list", channels.list_url)
    for name, url in channels.extra.items():
        page(name, url)
    if channels.search:
        url, query = channels.search
        response = client.get(url, {"q": query})
        seen["search"] = marker in response.content.decode()
    if channels.export:
        seen["export"] = marker in channels.export(client).decode("utf-8", "replace")
    if channels.detail_url:
        response = client.get(channels.detail_url)
        body = response.content.decode()
        if visible:
            seen["detail"] = response.status_code == 200 and marker in body
        else:
            assert response.status_code == 404, f"detail answered {response.status_code}, not 404"
            seen["detail"] = marker in body
    for name, url in (("api_list", channels.api_list_url), ("api_detail", channels.api_detail_url)):
        if url:
            response = _api(client, url, token)
            body = response.content.decode()
            if not visible and name == "api_detail":
                assert response.status_code == 404, f"API detail answered {response.status_code}, not 404"
            seen[name] = response.status_code == 200 and marker in body
    wrong = {name: shown for name, shown in seen.items() if shown != visible}
    assert not wrong, f"{user.role}: expected visible={visible}, but these channels disagree: {wrong}"


@dataclass(frozen=True)
class QueryCounts:
    rows: int
    queries: int
    more_rows: int
    more_queries: int


def assert_queries_do_not_grow(client: Client, url: str, add_rows: Callable[[int], Any], *, rows: int = 3,
                               shows: Callable[[str, int], bool] | None = None) -> QueryCounts:
    """A page costs as many queries with ``3 * rows`` rows as with ``rows`` (no query per row).

    ``add_rows(n)`` adds ``n`` more rows the page lists; ``shows(body, total)`` optionally checks
    that the page really lists ``total`` of them (so an empty page cannot pass). The page is
    fetched once before counting, so one-time work (sessions, caches) is not counted.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(total: int) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        if shows is not None:
            assert shows(response.content.decode(), total), f"{url} does not list its {total} rows"
        return len(captured)

    add_rows(rows)
    first = count(rows)
    add_rows(2 * rows)
    second = count(3 * rows)
    assert second == first, (f"{url}: {first} queries with {rows} rows but {second} with {3 * rows}: "
                             "a query per row (use select_related/prefetch_related)")
    return QueryCounts(rows, first, 3 * rows, second)


def require_postgresql(what: str) -> None:
    """For a test that proves something only PostgreSQL can (row locks, real concurrency).

    On SQLite it is skipped with a loud reason: CI runs the whole suite a second time on
    PostgreSQL (.ci/run), and that leg fails if PostgreSQL cannot be reached, so CI never skips
    it. A run that asked for PostgreSQL (DATABASE_URL) but got another engine fails.
    """
    import os

    import pytest
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail(f"DATABASE_URL asks for PostgreSQL but the tests run on {connection.vendor}")
    pytest.skip(f"!!! NOT TESTED HERE: {what} needs PostgreSQL (DATABASE_URL=postgres://...); "
                f"this run uses {connection.vendor}; CI's PostgreSQL leg runs it !!!")
