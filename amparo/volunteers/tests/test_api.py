"""/api/v1/volunteers: coordinators list volunteers and hours, sign people up (never past the
slots) and approve; a volunteer logs only their own hours; nobody else sees anything."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.volunteers.models import HoursEntry

from . import factories as f

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: f.TODAY)
    return f.TODAY


def test_coordinators_list_volunteers_and_others_get_nothing(make_user):
    by = make_user(Role.ORGANIZER)
    f.volunteer(by, "Rosa Elena Guardado", skills=("interpreter",))
    f.volunteer(by, "Marcos Tzul", active=False)
    api = sign_in(Client(), by)
    rows = api.get("/api/v1/volunteers", {"q": "guardado"}).json()
    assert [(r["name"], r["skills"]) for r in rows] == [("Rosa Elena Guardado", ["interpreter"])]
    assert [r["name"] for r in api.get("/api/v1/volunteers", {"active": "false"}).json()] == ["Marcos Tzul"]
    for role in (Role.INTAKE, Role.ATTORNEY, Role.VOLUNTEER):
        assert sign_in(Client(), make_user(role)).get("/api/v1/volunteers").status_code == 404


def test_sign_ups_through_the_api_stop_at_the_slots(make_user):
    by = make_user(Role.ORGANIZER)
    shift = f.shift(by, slots=1)
    ana, beto = f.volunteer(by, "Ana"), f.volunteer(by, "Beto")
    api = sign_in(Client(), by)
    first = _post(api, f"/api/v1/volunteers/shifts/{shift.pk}/signups", {"volunteer": ana.pk})
    assert first.status_code == 201 and first.json()["volunteer_id"] == ana.pk
    full = _post(api, f"/api/v1/volunteers/shifts/{shift.pk}/signups", {"volunteer": beto.pk})
    assert full.status_code == 422
    assert full.json()["errors"] == {"__all__": ["This shift is full: all 1 places are taken."]}
    assert api.get("/api/v1/volunteers/shifts", {"event": shift.event_id}).json()[0]["taken"] == 1
    broken = api.post(f"/api/v1/volunteers/shifts/{shift.pk}/signups", "{not json", content_type="application/json")
    assert broken.status_code == 400


def test_hours_logged_and_approved_through_the_api(make_user, today):
    by, director = make_user(Role.ORGANIZER), make_user(Role.DIRECTOR)
    rosa = f.volunteer(by)
    api = sign_in(Client(), by)
    logged = _post(api, "/api/v1/volunteers/hours", {"volunteer": rosa.pk, "date": "2026-03-10", "hours": "2.5",
                                                     "activity": "interpreting", "program": "legal"})
    assert logged.status_code == 201 and logged.json()["status"] == "pending"
    assert logged.json()["hours"] in ("2.50", 2.5)
    wrong = _post(api, "/api/v1/volunteers/hours", {"volunteer": rosa.pk, "date": "2026-04-10", "hours": "30",
                                                    "activity": "interpreting", "program": "legal"})
    assert wrong.status_code == 422 and set(wrong.json()["errors"]) == {"hours", "date"}
    entry_id = logged.json()["id"]
    director_api = sign_in(Client(), director)
    no_reason = _post(director_api, f"/api/v1/volunteers/hours/{entry_id}/decision", {"approve": False})
    assert no_reason.status_code == 422 and "note" in no_reason.json()["errors"]
    approved = _post(director_api, f"/api/v1/volunteers/hours/{entry_id}/decision", {"approve": True})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert [h["id"] for h in api.get("/api/v1/volunteers/hours", {"status": "approved"}).json()] == [entry_id]


def test_a_volunteer_logs_their_own_hours_only_and_cannot_approve_them(make_user, today):
    by = make_user(Role.ORGANIZER)
    account = make_user(Role.VOLUNTEER)
    emily = f.volunteer(by, "Emily Carter", user=account)
    rosa = f.volunteer(by, "Rosa")
    api = sign_in(Client(), account)
    own = _post(api, "/api/v1/volunteers/hours", {"volunteer": emily.pk, "date": dt.date(2026, 3, 14).isoformat(),
                                                  "hours": 3, "activity": "welcome", "program": "events"})
    assert own.status_code == 201
    other = _post(api, "/api/v1/volunteers/hours", {"volunteer": rosa.pk, "date": "2026-03-14", "hours": 3,
                                                    "activity": "welcome", "program": "events"})
    assert other.status_code == 404
    assert _post(api, f"/api/v1/volunteers/hours/{own.json()['id']}/decision", {"approve": True}).status_code == 403
    assert [h["volunteer_id"] for h in api.get("/api/v1/volunteers/hours").json()] == [emily.pk]
    assert HoursEntry.objects.get().status == HoursEntry.Status.PENDING
