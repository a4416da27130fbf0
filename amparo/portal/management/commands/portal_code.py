"""Print a portal sign-in code for a client (development and the demo; refused in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from amparo.portal import signin


class Command(BaseCommand):
    help = "Print a one-time portal sign-in code for the client with this email or phone (not in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("address", help="the client's email address or phone number")

    def handle(self, *args: Any, address: str, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Codes are given at the desk from the case page in production.")
        person, _contact = signin.find_person(address)
        if person is None:
            raise CommandError(f"No portal client has the address {address!r}.")
        digits = signin.issue_code_in_person(person=person, by=None)
        self.stdout.write(f"{digits}  (valid {settings.AMPARO_PORTAL_CODE_MINUTES} minutes, once)")
