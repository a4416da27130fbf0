from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, Panel


class ScreeningConfig(AmparoAppConfig):
    name = "amparo.screening"
    label = "screening"
    verbose_name = _("Screening")
    nav = [Nav(20, "screening:list", _("Screening"), "screening.use")]
    policies = "amparo.screening.policies"
    panels = [Panel("person", "screening.person", order=30, capability="screening.use",
                    template="screening/_person_panel.html", context="amparo.screening.panels.person_context")]
    audit_actions = {
        "screening.create": _("Screening saved"),
        "rule.create": _("Dated rule recorded"),
        "rule.withdraw": _("Dated rule withdrawn"),
    }
