"""Print a repayment schedule with exactly the numbers the application uses (loans.schedule)."""

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.loans import schedule


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise CommandError(f"Not a number: {text}") from error


class Command(BaseCommand):
    help = "Print the repayment schedule of a loan (number, due date, principal, interest, fees, total, balance)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--principal", required=True, type=_decimal)
        parser.add_argument("--annual-rate", required=True, type=_decimal, help="percent a year, e.g. 24")
        parser.add_argument("--term", required=True, type=int, help="number of installments")
        parser.add_argument("--frequency", default=schedule.MONTHLY, choices=list(schedule.PERIODS_PER_YEAR))
        parser.add_argument("--method", default=schedule.DECLINING, choices=[schedule.DECLINING, schedule.FLAT])
        parser.add_argument("--start", required=True, type=dt.date.fromisoformat, help="disbursement date YYYY-MM-DD")
        parser.add_argument("--grace", type=int, default=0, help="installments of grace on principal")
        parser.add_argument("--grace-interest", type=int, default=0, help="installments of grace on interest")
        parser.add_argument("--fee", type=_decimal, default=Decimal("0"))
        parser.add_argument("--fee-kind", default=schedule.FEE_FLAT, choices=[schedule.FEE_FLAT, schedule.FEE_PERCENT])
        parser.add_argument("--fee-timing", default=schedule.AT_DISBURSEMENT,
                            choices=[schedule.AT_DISBURSEMENT, schedule.PER_INSTALLMENT])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        terms = schedule.Terms(principal=o["principal"], annual_rate=o["annual_rate"], term=o["term"],
                               start=o["start"], frequency=o["frequency"], method=o["method"],
                               grace_principal=o["grace"], grace_interest=o["grace_interest"],
                               fee_amount=o["fee"], fee_kind=o["fee_kind"], fee_timing=o["fee_timing"])
        try:
            result = schedule.build(terms)
        except schedule.ScheduleError as error:
            raise CommandError(str(error)) from error
        if o["json"]:
            self.stdout.write(json.dumps(result.as_json(), indent=2))
            return
        self.stdout.write(f"{'No.':>4} {'Due':>10} {'Principal':>12} {'Interest':>10} {'Fees':>8} "
                          f"{'Total':>12} {'Balance':>12}")
        for i in result.installments:
            self.stdout.write(f"{i.number:>4} {i.due.isoformat():>10} {i.principal:>12} {i.interest:>10} "
                              f"{i.fee:>8} {i.total:>12} {i.balance:>12}")
        self.stdout.write(f"{'':>4} {'Total':>10} {result.total_principal:>12} {result.total_interest:>10} "
                          f"{result.total_fees - result.disbursement_fee:>8} {result.total_repaid:>12}")
        self.stdout.write(f"Fee at disbursement: {result.disbursement_fee}")
        self.stdout.write(f"Total cost of credit: {result.total_cost_of_credit}")
        self.stdout.write(f"Annual percentage rate: {result.apr} %")
