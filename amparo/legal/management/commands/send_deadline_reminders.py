"""Send today's deadline reminders now.

The worker already does this every day (the periodic job ``legal.deadline_reminders``, at
``AMPARO_DEADLINE_REMINDER_TIME``); this command is for a run by hand or from cron where no
worker runs. Each reminder goes out once, however often either runs.
"""

from typing import Any

from django.core.management.base import BaseCommand

from amparo.legal.notifications import send_deadline_reminders


class Command(BaseCommand):
    help = "E-mail the team of each case about deadlines due at the configured intervals."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_deadline_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
