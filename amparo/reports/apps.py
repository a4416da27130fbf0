from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, Panel


class ReportsConfig(AmparoAppConfig):
    name = "amparo.reports"
    label = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [Nav(80, "reports:catalogue", _("Reports"), "reports.view")]
    # The director's dashboard: this month against last year, deadlines at risk, caseloads.
    panels = [Panel("dashboard", "reports.director", order=5, capability="reports.dashboard",
                    template="reports/_director_panel.html", context="amparo.reports.dashboard.director_context")]
    audit_actions = {"report.download": _("Report downloaded"), "report.prepare": _("Report prepared as a file")}
