"""A Content-Security-Policy on every response.

The policy comes from ``settings.AMPARO_CONTENT_SECURITY_POLICY`` (directive → sources); the
token ``'nonce'`` in a directive is replaced by this request's nonce, which templates put on
an inline ``<script>`` or ``<style>`` they need: ``<script nonce="{{ request.csp_nonce }}">``.
A view that sets its own header (a letter preview, for instance) keeps it. With
``AMPARO_CSP_REPORT_ONLY`` the policy is sent as ``Content-Security-Policy-Report-Only``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def build_policy(directives: Mapping[str, Sequence[str]], nonce: str) -> str:
    parts = []
    for name, sources in directives.items():
        values = [f"'nonce-{nonce}'" if s == "'nonce'" else s for s in sources]
        parts.append(" ".join([name, *values]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        header = HEADER + ("-Report-Only" if getattr(settings, "AMPARO_CSP_REPORT_ONLY", False) else "")
        if HEADER not in response and f"{HEADER}-Report-Only" not in response:
            response[header] = build_policy(settings.AMPARO_CONTENT_SECURITY_POLICY, nonce)
        return response
