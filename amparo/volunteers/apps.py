from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, Panel


class VolunteersConfig(AmparoAppConfig):
    name = "amparo.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        Nav(62, "volunteers:list", _("Volunteers"), "volunteers.view"),
        Nav(62, "volunteers:me", _("My shifts and hours"), "volunteers.self"),
    ]
    panels = [Panel("event", "volunteers.event", template="volunteers/_shifts_panel.html",
                    context="amparo.volunteers.panels.event_context", order=50, capability="volunteers.view"),
              Panel("drive", "volunteers.drive", template="volunteers/_shifts_panel.html",
                    context="amparo.volunteers.panels.drive_context", order=50, capability="volunteers.view")]
    policies = "amparo.volunteers.policies"
    demo = "amparo.volunteers.demo.load"
    audit_actions = {
        "volunteers.create": _("Volunteer added"),
        "volunteers.change": _("Volunteer changed"),
        "volunteers.shift_create": _("Volunteer shift created"),
        "volunteers.signup": _("Signed up for a volunteer shift"),
        "volunteers.signup_cancel": _("Volunteer shift sign-up cancelled"),
        "volunteers.hours_log": _("Volunteer hours logged"),
        "volunteers.hours_correct": _("Correction of approved volunteer hours logged"),
        "volunteers.hours_approve": _("Volunteer hours approved"),
        "volunteers.hours_reject": _("Volunteer hours not approved"),
    }
