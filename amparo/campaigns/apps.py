from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav


class CampaignsConfig(AmparoAppConfig):
    name = "amparo.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [Nav(62, "campaigns:list", _("Campaigns"), "campaigns.view")]
    policies = "amparo.campaigns.policies"
    demo = "amparo.campaigns.demo.load"
    audit_actions = {
        "campaign.create": _("Campaign created"),
        "campaign.update": _("Campaign changed"),
        "campaign.action": _("Campaign action recorded"),
        "campaign.estimate": _("Turnout estimate recorded"),
        "campaign.material": _("Campaign material added"),
        "campaign.partner": _("Partner's role in a campaign recorded"),
        "petition.save": _("Petition saved"),
        "petition.sign": _("Petition signed"),
        "petition.sign_again": _("Petition signed again by the same person"),
        "petition.export": _("Petition signatures exported"),
        "organization.save": _("Partner organization saved"),
        "organization.contact": _("Partner contact saved"),
        "target.save": _("Advocacy target saved"),
        "target.meeting": _("Meeting with an advocacy target recorded"),
    }
