import datetime as dt

from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, PeriodicJob, SearchSource


class GivingConfig(AmparoAppConfig):
    name = "amparo.giving"
    label = "giving"
    verbose_name = _("Giving")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [Nav(70, "giving:donors", _("Giving"), "giving.view"),
           Nav(71, "giving:drives", _("Material aid"), "aid.view")]
    policies = "amparo.giving.policies"
    search_sources = [SearchSource("giving.donors", _("Donors"), "amparo.giving.search.donors_provider")]
    periodic_jobs = [
        PeriodicJob("giving.pledge_reminders", "amparo.giving.jobs.pledge_reminders", daily_at=dt.time(8, 0),
                    label=_("E-mail pledge installment reminders to donors")),
        PeriodicJob("giving.report_reminders", "amparo.giving.jobs.report_reminders", daily_at=dt.time(8, 5),
                    label=_("E-mail grant report reminders")),
    ]
    demo = "amparo.giving.demo.load"
    audit_actions = {
        "giving.donor.create": _("Donor added"),
        "giving.donation.record": _("Donation recorded"),
        "giving.donation.adjustment": _("Donation adjusted"),
        "giving.donation.refund": _("Donation refunded"),
        "giving.donation.void": _("Donation voided"),
        "giving.receipt.issue": _("Receipt issued"),
        "giving.receipt.correct": _("Corrected receipt issued"),
        "giving.receipt.print": _("Receipt printed"),
        "giving.receipt.email": _("Receipt e-mailed"),
        "giving.statement.issue": _("Year-end statement issued"),
        "giving.statement.run": _("Year-end statements started"),
        "giving.batch.create": _("Batch of gifts opened"),
        "giving.batch.entry": _("Gift entered in a batch"),
        "giving.batch.entry_remove": _("Gift removed from a batch"),
        "giving.batch.control": _("Control totals of a batch changed"),
        "giving.batch.post": _("Batch of gifts posted"),
        "giving.pledge.create": _("Pledge recorded"),
        "giving.pledge.remind": _("Pledge reminder sent"),
        "giving.pledge.payment": _("Pledge installment paid"),
        "giving.recurring.create": _("Recurring gift recorded"),
        "giving.recurring.payment": _("Recurring gift payment recorded"),
        "giving.recurring.stop": _("Recurring gift stopped"),
        "giving.recurring.change": _("Recurring gift amount changed"),
        "giving.tribute.notify": _("Family told of a gift in honor or memory"),
        "giving.export": _("Giving exported"),
        "giving.grant.create": _("Grant added"),
        "giving.grant.edit": _("Grant changed"),
        "giving.grant.stage": _("Grant stage changed"),
        "giving.grant.payment": _("Grant payment recorded"),
        "giving.grant.deliverable": _("Grant deliverable added"),
        "giving.grant.deliverable_edit": _("Grant deliverable changed"),
        "giving.grant.remind": _("Grant report reminder sent"),
        "giving.aid.drive": _("Aid drive added"),
        "giving.aid.point": _("Collection point added"),
        "giving.aid.receive": _("Goods received"),
        "giving.aid.shipment": _("Shipment opened"),
        "giving.aid.box": _("Box packed"),
        "giving.aid.pack": _("Shipment packed"),
        "giving.aid.ship": _("Shipment sent"),
        "giving.aid.receive_confirm": _("Shipment received"),
    }
