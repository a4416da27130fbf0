from django.utils.translation import gettext_lazy as _

from .plugins import AmparoAppConfig, Nav


class CoreConfig(AmparoAppConfig):
    name = "amparo.core"
    label = "core"
    verbose_name = _("Core")
    nav = [
        Nav(0, "core:dashboard", _("Dashboard")),
        Nav(90, "core:audit", _("Audit trail"), "audit.view"),
        Nav(99, "admin:index", _("Reference data"), "admin.site"),
    ]
    policies = "amparo.core.policies"
    audit_actions = {
        "restricted.view": _("Confidential record opened"),
        "audit.export": _("Audit trail exported"),
        "task.download": _("Result of a background task downloaded"),
    }

    def ready(self) -> None:
        from . import plugins

        plugins.load()  # every app's declarations (all app configs and models exist by now)
