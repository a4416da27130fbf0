"""Case events and the deadlines the rules engine computes from them.

Recording an event of a kind listed in ``DEADLINES`` creates one deadline per rule kind
(``amparo.rules.compute_deadline``), with the rule text, source and verification stored
as they were computed, so a later change in the rule data never rewrites history.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    IJ_DECISION = "ij_decision", _("Immigration judge's decision")
    FINAL_ORDER = "final_order", _("Final order of removal")
    IN_ABSENTIA_ORDER = "in_absentia_order", _("Removal order in absentia")
    RFE_RECEIVED = "rfe_received", _("Request for evidence (RFE) received")
    NOID_RECEIVED = "noid_received", _("Notice of intent to deny (NOID) received")
    USCIS_DENIAL = "uscis_denial", _("USCIS denial")
    LAST_ARRIVAL = "last_arrival", _("Last arrival in the U.S.")
    DACA_EXPIRY = "daca_expiry", _("Current DACA expires")
    LPR_GRANTED = "lpr_granted", _("Became a permanent resident")
    SUPPLEMENT_B_SIGNED = "supplement_b_signed", _("Supplement B signed")
    ASYLUM_FILED = "asylum_filed", _("Complete asylum application (I-589) filed")
    RECEIPT = "receipt", _("Receipt notice received")
    BIOMETRICS = "biometrics", _("Biometrics appointment")
    INTERVIEW = "interview", _("Interview")
    APPROVAL = "approval", _("Approval")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class Rule:
    """One deadline an event starts: the rules-engine kind, and a variant if not the default."""

    kind: str
    variant: str | None = None


DEADLINES: dict[str, tuple[Rule, ...]] = {
    EventKind.IJ_DECISION: (Rule("bia_appeal"),),
    EventKind.FINAL_ORDER: (Rule("motion_to_reconsider"), Rule("motion_to_reopen")),
    EventKind.IN_ABSENTIA_ORDER: (Rule("motion_to_reopen", "in_absentia"),),
    EventKind.RFE_RECEIVED: (Rule("rfe"),),
    EventKind.NOID_RECEIVED: (Rule("noid"),),
    EventKind.USCIS_DENIAL: (Rule("i290b"),),
    EventKind.LAST_ARRIVAL: (Rule("asylum_one_year"),),
    EventKind.DACA_EXPIRY: (Rule("daca_renewal_window"),),
    EventKind.LPR_GRANTED: (Rule("naturalization_early_filing"),),
    EventKind.SUPPLEMENT_B_SIGNED: (Rule("u_supplement_b"),),
    EventKind.ASYLUM_FILED: (Rule("asylum_ead"),),
}

# Events whose deadline counts the days stated on the notice, or may add mailing days.
NEEDS_DAYS = frozenset({EventKind.RFE_RECEIVED, EventKind.NOID_RECEIVED})
MAY_BE_MAILED = frozenset({EventKind.RFE_RECEIVED, EventKind.NOID_RECEIVED, EventKind.USCIS_DENIAL})
# Variants the person recording may choose instead of the default (e.g. the 30-day BIA
# appeal of an asylum merits decision).
VARIANTS: dict[str, tuple[tuple[str, object], ...]] = {
    EventKind.IJ_DECISION: (("asylum_merits", _("Asylum merits decision")),),
    EventKind.LPR_GRANTED: (("three_year", _("Three-year path (married to a U.S. citizen)")),),
    EventKind.FINAL_ORDER: (("changed_country_conditions", _("Asylum based on changed country conditions")),),
}


class DeadlineKind(models.TextChoices):
    """What a deadline is for, shown to people; ``manual`` for deadlines entered by hand."""

    BIA_APPEAL = "bia_appeal", _("Appeal to the BIA")
    MOTION_TO_REOPEN = "motion_to_reopen", _("Motion to reopen")
    MOTION_TO_RECONSIDER = "motion_to_reconsider", _("Motion to reconsider")
    RFE = "rfe", _("Response to the request for evidence")
    NOID = "noid", _("Response to the notice of intent to deny")
    I290B = "i290b", _("Appeal or motion on Form I-290B")
    ASYLUM_ONE_YEAR = "asylum_one_year", _("One-year asylum filing deadline")
    DACA_RENEWAL_WINDOW = "daca_renewal_window", _("DACA renewal window")
    NATURALIZATION_EARLY_FILING = "naturalization_early_filing", _("Naturalization: earliest filing")
    U_SUPPLEMENT_B = "u_supplement_b", _("U visa: file before the Supplement B expires")
    ASYLUM_EAD = "asylum_ead", _("Asylum work permit (EAD) clock")
    SIJS_AGE_OUT = "sijs_age_out", _("SIJS: file before the 21st birthday")
    MANUAL = "manual", _("Entered by hand")
