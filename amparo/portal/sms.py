"""Text messages: a small backend interface, chosen by ``settings.AMPARO_SMS_BACKEND``.

A backend is a class with ``send(to, text)``. ``ConsoleBackend`` prints (development),
``LocmemBackend`` keeps messages in ``outbox`` (tests). A real gateway (Twilio, an SMPP bridge...)
is one more class with the same method, configured by dotted path.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


class BaseBackend:
    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {to}] {text}\n")
        sys.stdout.flush()


outbox: list[dict[str, str]] = []


class LocmemBackend(BaseBackend):
    def send(self, to: str, text: str) -> None:
        outbox.append({"to": to, "text": text})


def get_backend() -> Any:
    return import_string(settings.AMPARO_SMS_BACKEND)()


def send_sms(to: str, text: str) -> None:
    get_backend().send(to, text)
