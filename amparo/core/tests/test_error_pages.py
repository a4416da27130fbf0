import pytest
from django.test import Client, override_settings
from django.urls import path

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in


def _boom(request):
    raise RuntimeError("A-123456789 María secret detail")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.parametrize(("lang", "title"), [("en", "We could not find that page"), ("es", "No pudimos encontrar")])
def test_404_is_friendly_in_both_languages_and_does_not_echo_the_address(make_user, lang, title):
    client = sign_in(Client(), make_user(Role.INTAKE, language=lang, full_name="Test User"))
    response = client.get("/tasks/7f3c9e1a-52b4-4d8e-9a61-3c2f0e8b7d45/?q=Quetzaltenango%C3%ADa")
    body = response.content.decode()
    assert response.status_code == 404 and title in body
    assert "7f3c9e1a" not in body and "Quetzaltenango" not in body


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(("lang", "title"), [("en", "Something went wrong"), ("es", "Algo salió mal")])
def test_500_reveals_nothing_in_both_languages(db, lang, title):
    client = Client(raise_request_exception=False, headers={"accept-language": lang})
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500 and title in body
    assert "A-123456789" not in body and "María" not in body and "Traceback" not in body


def test_403_page(make_user, settings):
    from amparo.core.models import AuditEntry

    admin = make_user(Role.ADMINISTRATOR)
    entry = AuditEntry.objects.create(action="x")
    from django.core.exceptions import PermissionDenied

    from amparo.core.permissions import get_visible_or_404

    with pytest.raises(PermissionDenied):
        get_visible_or_404(admin, AuditEntry.objects, action="delete", pk=entry.pk)
    client = sign_in(Client(), make_user(Role.ATTORNEY))
    response = client.post("/accounts/me/tokens/999999/revoke/")
    assert response.status_code == 404  # not theirs: it does not exist for them


def test_the_log_never_carries_search_terms():
    import logging

    from amparo.core.logging import RedactFilter

    record = logging.LogRecord("django.server", logging.INFO, "", 0, '"%s" %s %s',
                               ("GET /search/?q=Mar%C3%ADa+Hern%C3%A1ndez HTTP/1.1", 200, 512), None)
    assert RedactFilter().filter(record)
    assert "Mar" not in record.getMessage() and "/search/?[redacted]" in record.getMessage()
