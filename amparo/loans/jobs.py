"""Close of business, run nightly by the worker (core.scheduler)."""

from django.utils.translation import gettext_noop

from amparo.core.scheduler import JobContext, Outcome


def close_of_business(run: JobContext) -> Outcome:
    from .cob import close_day

    result = close_day(day=run.local_date)
    return Outcome(gettext_noop("%(loans)s loan(s) closed, %(penalties)s penalty(ies), %(reminders)s reminder(s)"),
                   {"loans": result.loans, "penalties": result.penalties, "reminders": result.reminders})
