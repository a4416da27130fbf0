import datetime as dt

from django.utils.translation import gettext_lazy as _

from .plugins import AmparoAppConfig, Nav, PeriodicJob


class CoreConfig(AmparoAppConfig):
    name = "amparo.core"
    label = "core"
    verbose_name = _("Core")
    nav = [
        Nav(0, "core:dashboard", _("Dashboard")),
        Nav(90, "core:audit", _("Audit trail"), "audit.view"),
        Nav(91, "core:jobs", _("Periodic jobs"), "jobs.view"),
        Nav(99, "admin:index", _("Reference data"), "admin.site"),
    ]
    policies = "amparo.core.policies"
    periodic_jobs = [
        PeriodicJob("core.expire_result_files", "amparo.core.jobs.expire_result_files_job",
                    every=dt.timedelta(minutes=15),
                    label=_("Delete the result files of exports past their retention period")),
        PeriodicJob("core.prune_job_history", "amparo.core.jobs.prune_history_job", daily_at=dt.time(3, 30),
                    label=_("Forget old runs of periodic jobs and workers long gone")),
    ]
    audit_actions = {
        "restricted.view": _("Confidential record opened"),
        "audit.export": _("Audit trail exported"),
        "task.download": _("Result of a background task downloaded"),
        "task.result_expired": _("Result of a background task deleted after its retention period"),
    }

    def ready(self) -> None:
        from . import plugins

        plugins.load()  # every app's declarations (all app configs and models exist by now)
