"""Send today's deadline reminders (run daily, e.g. from cron or a scheduled task)."""

from typing import Any

from django.core.management.base import BaseCommand

from amparo.legal.notifications import send_deadline_reminders


class Command(BaseCommand):
    help = "E-mail the team of each case about deadlines due at the configured intervals."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_deadline_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
