import datetime as dt

from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, Panel, PeriodicJob, ServedSource


class LoansConfig(AmparoAppConfig):
    name = "amparo.loans"
    label = "loans"
    verbose_name = _("Loans")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [Nav(60, "loans:list", _("Loans"), "loans.view"),
           Nav(61, "loans:trial_balance", _("Ledger"), "ledger.view")]
    policies = "amparo.loans.policies"
    # Whom the loan fund served in a period (the reports' people served, each counted once).
    served_sources = [ServedSource("loans", _("Small loans"), "amparo.loans.served.people",
                                    "amparo.loans.served.queryset")]
    panels = [Panel("person", "loans.person", template="loans/_person_panel.html",
                    context="amparo.loans.panels.person_context", order=60, capability="loans.view")]
    periodic_jobs = [PeriodicJob("loans.close_of_business", "amparo.loans.jobs.close_of_business",
                                 daily_at=dt.time(20, 0), label=_("Loans: close of business"))]
    audit_actions = {
        "loan.product_create": _("Loan product created"),
        "loan.product_change": _("Loan product changed"),
        "loan.prepare": _("Loan application prepared"),
        "loan.group_create": _("Group loan prepared"),
        "loan.approve": _("Loan approved"),
        "loan.reject": _("Loan rejected"),
        "loan.literacy": _("Financial-literacy course recorded"),
        "loan.disburse": _("Loan disbursed"),
        "loan.repay": _("Repayment recorded"),
        "loan.prepay": _("Loan paid off early"),
        "loan.penalty": _("Late penalty charged"),
        "loan.write_off": _("Loan written off"),
        "loan.reverse": _("Loan transaction reversed"),
        "loan.reschedule": _("Loan rescheduled"),
        "loan.reminder": _("Loan reminder sent"),
        "enterprise.create": _("Enterprise recorded"),
        "enterprise.sales": _("Enterprise sales recorded"),
        "enterprise.visit": _("Enterprise visit recorded"),
    }
    demo = "amparo.loans.demo.load"
