"""Internal case statuses and hearing kinds in plain words for clients (never the case's kind)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amparo.legal.kinds import Status
from amparo.legal.models import Hearing

STAGES = {
    Status.OPEN: _("We have started working on your case."),
    Status.PREPARING: _("We are preparing your papers."),
    Status.JUVENILE_COURT: _("Your case is in a state court."),
    Status.FILED: _("Your papers were sent. We are waiting for an answer."),
    Status.BIOMETRICS: _("You have an appointment to give fingerprints and a photo."),
    Status.INTERVIEW: _("You have an interview."),
    Status.EVIDENCE: _("The government asked for more papers. We are answering."),
    Status.MASTER: _("Your case is in immigration court."),
    Status.INDIVIDUAL: _("The court set the date of your final hearing."),
    Status.DECIDED: _("A decision arrived. Your team will explain it to you."),
    Status.APPEAL: _("We asked a higher authority to review the decision."),
    Status.WAITING: _("Approved. Now we wait for the next step."),
    Status.REQUESTED: _("We sent a request. We are waiting for the answer."),
    Status.RESPONSE: _("An answer arrived. Your team will explain it to you."),
    Status.ADVISED: _("We gave you advice."),
    Status.CLOSED: _("Our work on this case has ended."),
}

APPOINTMENTS = {
    Hearing.Kind.MASTER: _("Immigration court"),
    Hearing.Kind.INDIVIDUAL: _("Immigration court: final hearing"),
    Hearing.Kind.BOND: _("Immigration court"),
    Hearing.Kind.JUVENILE: _("State court"),
    Hearing.Kind.INTERVIEW: _("Interview at the immigration office"),
    Hearing.Kind.OTHER: _("Appointment"),
}

BRING = {
    Hearing.Kind.INTERVIEW: _("Your identity document, your appointment letter and the papers your team asks for."),
}
BRING_DEFAULT = _("Your identity document and every letter you received. Arrive early.")


def stage(status: str) -> str:
    return str(STAGES.get(status, _("Your team is working on your case.")))


def appointment(kind: str) -> str:
    return str(APPOINTMENTS.get(kind, APPOINTMENTS[Hearing.Kind.OTHER]))


def bring(kind: str) -> str:
    return str(BRING.get(kind, BRING_DEFAULT))


def event_name(event: object) -> str:
    """An event's title if it was on the center's public calendar anyway; a private event (a support
    group, a meeting for one community) is named neutrally on a phone others may see."""
    if getattr(event, "public", False):
        return str(getattr(event, "title", ""))
    return str(_("An activity at the center"))
