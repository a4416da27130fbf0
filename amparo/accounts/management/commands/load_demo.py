import logging

from django.core.management.base import BaseCommand

from amparo.accounts.demo import DEMO_PASSWORD, load_demo_accounts
from amparo.accounts.demo_center import load_demo_center
from amparo.core.plugins import demo_loaders


class Command(BaseCommand):
    help = ("Load the demo center (offices, teams, one user in every role, people, cases with deadlines, "
            "documents, an archive sample). Safe to run again: nothing is created twice.")

    def handle(self, *args: object, **options: object) -> None:
        accounts = load_demo_accounts()
        created = sum(1 for _, new in accounts if new)
        self.stdout.write(f"Demo center ready ({created} new accounts, {len(accounts) - created} already there).")
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        for user, _ in accounts:
            self.stdout.write(f"  {user.email:32} {user.get_role_display()}")
        logging.getLogger("weasyprint").setLevel(logging.WARNING)  # one line per PDF step otherwise
        self.stdout.write(load_demo_center().line())
        # Then each program app's own demo records (AmparoAppConfig.demo), in INSTALLED_APPS order.
        for _label, load in demo_loaders():
            self.stdout.write(load())
