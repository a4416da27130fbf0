from django.core.management.base import BaseCommand

from amparo.accounts.demo import demo_codes


class Command(BaseCommand):
    help = "Print the current two-factor code of each demo account (demo data only, never production)."

    def handle(self, *args: object, **options: object) -> None:
        for email, code in demo_codes():
            self.stdout.write(f"{email:32} {code}")
        self.stdout.write("Codes change every 30 seconds, and each works once.")
