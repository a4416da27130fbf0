from django.conf import settings
from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import (
    AmparoAppConfig,
    MergeHook,
    Nav,
    Panel,
    PeriodicJob,
    PersonGrant,
    SearchSource,
    ServedSource,
)


class LegalConfig(AmparoAppConfig):
    name = "amparo.legal"
    label = "legal"
    verbose_name = _("Legal cases")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [Nav(30, "legal:list", _("Cases"), "cases.view"), Nav(31, "legal:due", _("Deadlines"), "cases.view")]
    policies = "amparo.legal.policies"
    panels = [
        Panel("dashboard", "legal.due_soon", order=10, capability="cases.view",
              template="legal/_due_soon_widget.html", context="amparo.legal.panels.due_soon_context"),
        Panel("person", "legal.cases", order=20, capability="cases.view",
              template="legal/_person_cases.html", context="amparo.legal.panels.person_cases_context"),
    ]
    search_sources = [SearchSource("cases", _("Cases"), "amparo.legal.search.cases_provider")]
    # The attorney, paralegal and emergency-grant holders of a case open its people's pages.
    person_grants = [PersonGrant("legal.cases", person_ids="amparo.legal.people_grants.person_ids",
                                 allows="amparo.legal.people_grants.allows")]
    # Merging two people who are parties to the same case combines their party rows.
    merge_hooks = [MergeHook("legal.parties", "amparo.legal.party_merge.PartyMergeHook")]
    # Whom the legal program served in a period, for the reports' unduplicated counts.
    served_sources = [ServedSource("legal", _("Legal services"), "amparo.legal.served.people",
                                    "amparo.legal.served.queryset")]
    # Once a day; after downtime, once for the current day (reminders are sent at most once).
    periodic_jobs = [PeriodicJob("legal.deadline_reminders", "amparo.legal.jobs.deadline_reminders",
                                 daily_at=settings.AMPARO_DEADLINE_REMINDER_TIME,
                                 label=_("E-mail deadline reminders to the teams of cases"))]
    audit_actions = {
        "case.open": _("Case opened"),
        "case.update": _("Case details changed"),
        "case.party.add": _("Party added"),
        "case.party.merge": _("Two records of one party merged"),
        "case.party.merge.undo": _("Merge of a party undone"),
        "case.receipt.add": _("Receipt number added"),
        "case.event": _("Event recorded"),
        "case.deadline.add": _("Deadline added by hand"),
        "case.deadline.done": _("Deadline done"),
        "case.deadline.cancel": _("Deadline cancelled"),
        "case.hearing.add": _("Hearing added"),
        "case.hearing.cancel": _("Hearing cancelled"),
        "case.hearing.restore": _("Hearing restored"),
        "case.note.add": _("Note added"),
        "case.task.add": _("Task added"),
        "case.task.done": _("Task done"),
        "case.time.add": _("Time recorded"),
        "case.close": _("Case closed"),
        "case.reopen": _("Case reopened"),
        "case.break_glass": _("Emergency access"),
        "case.export": _("Cases exported"),
        "calendar.create": _("Calendar feed created"),
        "calendar.revoke": _("Calendar feed revoked"),
    }
