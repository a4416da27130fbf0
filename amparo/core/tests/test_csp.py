"""Every response carries a Content-Security-Policy: own files only, inline code only with the
request's nonce, never framed."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from amparo.core.csp import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def _policy(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/cases/", "/api/v1/me", "/api/v1/openapi.json",
                                 "/api/v1/docs", "/no-such-page/", "/public/archive/"])
def test_every_response_has_a_policy(admin_client, url):
    response = admin_client.get(url)
    policy = _policy(response)
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert policy["object-src"] == "'none'"


def test_the_nonce_is_fresh_each_time_and_reaches_htmx(admin_client):
    pages = [admin_client.get("/cases/") for _ in range(2)]
    nonces = [re.search(r"'nonce-([^']+)'", p["Content-Security-Policy"]).group(1) for p in pages]
    assert nonces[0] != nonces[1]
    for page, nonce in zip(pages, nonces, strict=True):
        assert f'"inlineStyleNonce": "{nonce}"' in page.content.decode()
        assert f"'nonce-{nonce}'" in _policy(page)["style-src"]


def test_a_page_has_no_inline_script_without_the_nonce(admin_client):
    for url in ("/", "/cases/", "/people/", "/archive/", "/audit/", "/accounts/me/"):
        body = admin_client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert "src=" in tag or 'type="application/json"' in tag or "nonce=" in tag, (url, tag)
        assert " style=" not in body and "<style" not in body, url


def test_report_only_mode_sends_the_policy_without_enforcing_it(settings):
    settings.AMPARO_CSP_REPORT_ONLY = True
    response = Client().get("/accounts/login/")
    assert "Content-Security-Policy-Report-Only" in response and "Content-Security-Policy" not in response


def test_a_policy_a_view_sets_itself_is_kept():
    def letter_preview(request):
        response = HttpResponse("<style>p{}</style>")
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response

    response = ContentSecurityPolicyMiddleware(letter_preview)(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
