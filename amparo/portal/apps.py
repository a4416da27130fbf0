from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Panel


class PortalConfig(AmparoAppConfig):
    name = "amparo.portal"
    label = "portal"
    verbose_name = _("Client portal")
    default_auto_field = "django.db.models.BigAutoField"
    policies = "amparo.portal.policies"
    panels = [
        Panel("case", "portal", order=60, capability="portal.manage", template="portal/staff/_case_panel.html",
              context="amparo.portal.panels.case_context"),
    ]
    audit_actions = {
        "portal.access": _("Client portal access changed"),
        "portal.share": _("Sharing in the client portal changed"),
        "portal.code.sent": _("Portal sign-in code sent"),
        "portal.code.in_person": _("Portal sign-in code given in person"),
        "portal.code.failed": _("Portal sign-in code refused"),
        "portal.code.locked": _("Portal sign-in locked after wrong codes"),
        "portal.code.limited": _("Portal sign-in code not sent (limit)"),
        "portal.signin": _("Client signed in to the portal"),
        "portal.signout": _("Client signed out of the portal"),
        "portal.exit": _("Client used the quick exit"),
        "portal.view": _("Client viewed a portal page"),
        "portal.message.in": _("Message from the client (portal)"),
        "portal.message.out": _("Message to the client (portal)"),
        "portal.request": _("Document requested from the client (portal)"),
        "portal.request.cancel": _("Document request withdrawn (portal)"),
        "portal.upload": _("Client sent a document (portal)"),
    }
    demo = "amparo.portal.demo.load"
