from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav


class ReportsConfig(AmparoAppConfig):
    name = "amparo.reports"
    label = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [Nav(80, "reports:catalogue", _("Reports"), "reports.view")]
    audit_actions = {"report.download": _("Report downloaded")}
