import datetime as dt

from django.test import Client
from django.utils import timezone

from amparo.accounts.models import APIToken
from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_openapi_schema_is_published(db):
    response = Client().get("/api/v1/openapi.json")
    schema = response.json()
    assert response.status_code == 200 and schema["info"]["title"] == "Amparo API"
    assert {"/api/v1/me", "/api/v1/audit", "/api/v1/tasks/{task_id}", "/api/v1/tokens"} <= set(schema["paths"])


def test_the_docs_page_uses_no_outside_servers(db):
    body = Client().get("/api/v1/docs").content.decode()
    assert "cdn." not in body and "/static/" in body


def test_a_token_works_until_revoked_and_is_stored_only_hashed(make_user):
    user = make_user(Role.INTAKE, full_name="José Antonio Rivas")
    token, raw = create_api_token(user=user, name="kiosk")
    assert raw not in str(APIToken.objects.filter(pk=token.pk).values().get())
    client = Client()
    me = client.get("/api/v1/me", headers=bearer(raw))
    assert me.status_code == 200 and me.json()["full_name"] == "José Antonio Rivas"
    assert client.get("/api/v1/me", headers=bearer(raw[:-1] + "x")).status_code == 401
    assert client.get("/api/v1/me").status_code == 401
    assert client.delete(f"/api/v1/tokens/{token.pk}", headers=bearer(raw)).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=user).exists()


def test_expired_tokens_and_deactivated_users_are_refused(make_user):
    user = make_user()
    token, raw = create_api_token(user=user, name="old")
    APIToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    _, fresh = create_api_token(user=user, name="new")
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/me", headers=bearer(fresh)).status_code == 401


def test_the_api_answers_through_the_same_gate(make_user):
    _, raw = create_api_token(user=make_user(Role.ATTORNEY), name="x")
    assert Client().get("/api/v1/audit", headers=bearer(raw)).status_code == 404
    _, admin_raw = create_api_token(user=make_user(Role.ADMINISTRATOR), name="x")
    assert Client().get("/api/v1/audit", headers=bearer(admin_raw)).status_code == 200


def test_a_browser_session_works_once_past_two_factor(make_user):
    attorney = make_user(Role.ATTORNEY)
    half = Client()
    half.force_login(attorney)
    assert half.get("/api/v1/me").status_code == 401
    assert sign_in(Client(), attorney).get("/api/v1/me").status_code == 200


def test_tokens_are_created_and_revoked_on_the_account_page(make_user):
    user = make_user(Role.VOLUNTEER)
    client = sign_in(Client(), user)
    page = client.post("/accounts/me/tokens/", {"name": "Hoja de cálculo", "days": 30}).content.decode()
    token = APIToken.objects.get(user=user)
    assert "Copy the token" in page and f"amp_{token.prefix}_" in page
    account = client.get("/accounts/me/").content.decode()
    assert "Hoja de cálculo" in account and f"<code>amp_{token.prefix}</code>" in account
    assert f"amp_{token.prefix}_" not in account  # the secret part is never shown again
    client.post(f"/accounts/me/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    after = client.get("/accounts/me/").content.decode()
    assert "no longer works" in after and f"<code>amp_{token.prefix}</code>" not in after
