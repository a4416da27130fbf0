import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.core.plugins import AmparoAppConfig, Nav, PeriodicJob, ServedSource


class OutreachConfig(AmparoAppConfig):
    name = "amparo.outreach"
    label = "outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        Nav(60, "outreach:events", pgettext_lazy("charlas and gatherings", "Events"), "outreach.view"),
        Nav(61, "outreach:drives", _("Registration drives"), "drives.view"),
    ]
    policies = "amparo.outreach.policies"
    # Whom events and drives served in a period (the reports' people served, each counted once).
    served_sources = [ServedSource("events", _("Charlas and events"), "amparo.outreach.served.events",
                                    "amparo.outreach.served.events_queryset"),
                      ServedSource("drives", _("Registration drives"), "amparo.outreach.served.drives",
                                    "amparo.outreach.served.drives_queryset")]
    periodic_jobs = [PeriodicJob("outreach.expire_offers", "amparo.outreach.jobs.expire_offers",
                                 every=dt.timedelta(minutes=5), label=_("Expire waiting-list offers"))]
    demo = "amparo.outreach.demo.load"
    audit_actions = {
        "event.create": _("Event created"),
        "event.series": _("Event series created"),
        "event.register": _("Registered for an event"),
        "event.cancel": _("Event registration cancelled"),
        "event.offer": _("Freed seat offered from the waiting list"),
        "event.offer_expired": _("Offer of a freed seat expired"),
        "event.checkin": _("Checked in at an event"),
        "event.bulk_checkin": _("Bulk check-in from a paper list"),
        "drive.create": _("Registration drive created"),
        "drive.import": _("Drive file import started"),
        "drive.import_batch": _("Drive file rows imported"),
        "drive.import_done": _("Drive file import finished"),
        "drive.register": _("Registrant entered on a drive's site form"),
    }
