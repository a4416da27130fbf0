import datetime as dt

from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, Panel, PeriodicJob, SearchSource, ServedSource


class ProgramsConfig(AmparoAppConfig):
    """One app for the social programs, in three modules: clinic and mental health
    (``clinic``), transitional housing (``housing``), basic needs and disasters (``social``)."""

    name = "amparo.programs"
    label = "programs"
    verbose_name = _("Programs")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        Nav(60, "programs:appointments", _("Clinic"), "clinic.view"),
        Nav(61, "programs:bed_board", _("Shelter beds"), "housing.view"),
        Nav(62, "programs:referrals", _("Referrals"), "referrals.view"),
        Nav(63, "programs:assistance", _("Basic needs"), "needs.view"),
        Nav(64, "programs:disaster", _("Disaster registration"), "disaster.register"),
    ]
    policies = "amparo.programs.policies"
    panels = [
        Panel("person", "programs.involvement", order=40, template="programs/_person_panel.html",
              context="amparo.programs.panels.person_context"),
        Panel("dashboard", "programs.alerts", order=15, capability="clinic.notes",
              template="programs/_alerts_widget.html", context="amparo.programs.panels.alerts_context"),
    ]
    search_sources = [SearchSource("visit_notes", _("Visit notes"), "amparo.programs.search.notes_provider")]
    # Whom each program served in a period (the reports' people served, each counted once).
    served_sources = [
        ServedSource("health", _("Health and counselling"), "amparo.programs.served.clinic",
                      "amparo.programs.served.clinic_queryset"),
        ServedSource("housing", _("Transitional housing"), "amparo.programs.served.housing",
                      "amparo.programs.served.housing_queryset"),
        ServedSource("basic_needs", _("Basic needs"), "amparo.programs.served.basic_needs",
                      "amparo.programs.served.basic_needs_queryset"),
    ]
    periodic_jobs = [
        PeriodicJob("programs.appointment_reminders", "amparo.programs.jobs.appointment_reminders",
                    every=dt.timedelta(hours=1), label=_("E-mail appointment reminders to clients")),
        PeriodicJob("programs.night_count", "amparo.programs.jobs.night_count", daily_at=dt.time(6, 0),
                    label=_("Record last night's shelter occupancy")),
    ]
    audit_actions = {
        "appointment.book": _("Appointment booked"),
        "appointment.series": _("Weekly appointments booked"),
        "appointment.status": _("Appointment status changed"),
        "appointment.reminder": _("Appointment reminder sent"),
        "visit_note.create": _("Visit note written"),
        "assessment.create": _("Assessment recorded"),
        "clinical_alert.raise": _("Clinical alert raised"),
        "clinical_alert.acknowledge": _("Clinical alert acknowledged"),
        "referral.create": _("Referral made"),
        "referral.confirm": _("Referral confirmed by the receiver"),
        "stay.admit": _("Admitted to a bed"),
        "stay.exit": _("Stay ended"),
        "waitlist.add": _("Added to the waiting list"),
        "needs.assess": _("Needs assessed"),
        "assistance.give": _("Emergency assistance given"),
        "assistance.correct": _("Emergency assistance corrected"),
        "disaster.register": _("Affected household registered"),
        "hmis.export": _("HMIS export written"),
        "house_rules.publish": _("House rules published"),
        "house_rules.acknowledge": _("House rules acknowledged"),
        "incident.record": _("Shelter incident recorded"),
        "incident.follow_up": _("Shelter incident followed up"),
        "sharing_consent.record": _("Consent to share notes recorded"),
        "sharing_consent.revoke": _("Consent to share notes revoked"),
        "visit_note.shared_read": _("Shared visit note read"),
    }
    demo = "amparo.programs.demo.load"
