"""What kinds of case the center handles, where each is decided, and how each moves along.

Plain data, no database: models, forms, services and the API all read it from here.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASYLUM_AFFIRMATIVE = "asylum_affirmative", _("Asylum (affirmative)")
    ASYLUM_DEFENSIVE = "asylum_defensive", _("Asylum (defensive)")
    WITHHOLDING_CAT = "withholding_cat", _("Withholding of removal / CAT")
    TPS_INITIAL = "tps_initial", _("TPS (initial)")
    TPS_REREGISTRATION = "tps_reregistration", _("TPS (re-registration)")
    DACA_INITIAL = "daca_initial", _("DACA (initial)")
    DACA_RENEWAL = "daca_renewal", _("DACA (renewal)")
    VAWA = "vawa", _("VAWA self-petition")
    U_VISA = "u_visa", _("U visa")
    T_VISA = "t_visa", _("T visa")
    SIJS = "sijs", _("Special Immigrant Juvenile Status (SIJS)")
    NATURALIZATION = "naturalization", _("Naturalization")
    FAMILY_PETITION = "family_petition", _("Family petition")
    ADJUSTMENT = "adjustment", _("Adjustment of status")
    ABC_NACARA = "abc_nacara", _("ABC / NACARA")
    REMOVAL_DEFENSE = "removal_defense", _("Removal defense")
    FOIA = "foia", _("FOIA request")
    CONSULTATION = "consultation", _("Brief advice / consultation")


# 8 CFR 208.6 (asylum, withholding, CAT), 8 U.S.C. 1367 (VAWA, T, U), children (SIJS).
RESTRICTED_KINDS = frozenset({
    Kind.ASYLUM_AFFIRMATIVE, Kind.ASYLUM_DEFENSIVE, Kind.WITHHOLDING_CAT, Kind.VAWA, Kind.U_VISA,
    Kind.T_VISA, Kind.SIJS,
})


class Forum(models.TextChoices):
    USCIS = "uscis", _("USCIS")
    IMMIGRATION_COURT = "immigration_court", _("Immigration court")
    BIA = "bia", _("Board of Immigration Appeals")
    FEDERAL_COURT = "federal_court", _("Federal court")
    STATE_JUVENILE_COURT = "state_juvenile_court", _("State juvenile court")
    OTHER_AGENCY = "other_agency", _("Other agency (CBP, ICE, State Department)")
    NONE = "none", _("No forum (advice only)")


DEFAULT_FORUM: dict[str, str] = {
    Kind.ASYLUM_AFFIRMATIVE: Forum.USCIS,
    Kind.ASYLUM_DEFENSIVE: Forum.IMMIGRATION_COURT,
    Kind.WITHHOLDING_CAT: Forum.IMMIGRATION_COURT,
    Kind.SIJS: Forum.STATE_JUVENILE_COURT,
    Kind.REMOVAL_DEFENSE: Forum.IMMIGRATION_COURT,
    Kind.FOIA: Forum.OTHER_AGENCY,
    Kind.CONSULTATION: Forum.NONE,
}


def default_forum(kind: str) -> str:
    return DEFAULT_FORUM.get(kind, Forum.USCIS)


class Status(models.TextChoices):
    OPEN = "open", _("Opened")
    PREPARING = "preparing", _("Preparing")
    JUVENILE_COURT = "juvenile_court", _("In state juvenile court")
    FILED = "filed", _("Filed")
    BIOMETRICS = "biometrics", _("Biometrics")
    INTERVIEW = "interview", _("Interview scheduled")
    EVIDENCE = "evidence", _("Answering a request for evidence or NOID")
    MASTER = "master", _("Master calendar hearings")
    INDIVIDUAL = "individual", _("Individual hearing set")
    DECIDED = "decided", _("Decision received")
    APPEAL = "appeal", _("On appeal")
    WAITING = "waiting", _("Approved, waiting for a visa")
    REQUESTED = "requested", _("Request sent")
    RESPONSE = "response", _("Response received")
    ADVISED = "advised", _("Advice given")
    CLOSED = "closed", _("Closed")


_USCIS = [Status.OPEN, Status.PREPARING, Status.FILED, Status.BIOMETRICS, Status.INTERVIEW, Status.EVIDENCE,
          Status.DECIDED, Status.APPEAL]
_COURT = [Status.OPEN, Status.PREPARING, Status.MASTER, Status.INDIVIDUAL, Status.DECIDED, Status.APPEAL]

WORKFLOWS: dict[str, list[str]] = {
    Kind.ASYLUM_AFFIRMATIVE: _USCIS,
    Kind.ASYLUM_DEFENSIVE: _COURT,
    Kind.WITHHOLDING_CAT: _COURT,
    Kind.TPS_INITIAL: _USCIS,
    Kind.TPS_REREGISTRATION: _USCIS,
    Kind.DACA_INITIAL: _USCIS,
    Kind.DACA_RENEWAL: _USCIS,
    Kind.VAWA: _USCIS,
    Kind.U_VISA: [*_USCIS[:-1], Status.WAITING, Status.APPEAL],
    Kind.T_VISA: _USCIS,
    Kind.SIJS: [Status.OPEN, Status.JUVENILE_COURT, Status.PREPARING, Status.FILED, Status.EVIDENCE,
                Status.DECIDED, Status.WAITING, Status.APPEAL],
    Kind.NATURALIZATION: _USCIS,
    Kind.FAMILY_PETITION: [*_USCIS[:-1], Status.WAITING, Status.APPEAL],
    Kind.ADJUSTMENT: _USCIS,
    Kind.ABC_NACARA: _USCIS,
    Kind.REMOVAL_DEFENSE: _COURT,
    Kind.FOIA: [Status.OPEN, Status.REQUESTED, Status.RESPONSE],
    Kind.CONSULTATION: [Status.OPEN, Status.ADVISED],
}


def workflow(kind: str) -> list[str]:
    """The statuses a case of ``kind`` moves through, in order (closing is separate)."""
    return list(WORKFLOWS.get(kind, [Status.OPEN]))


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISMISSED = "dismissed", _("Dismissed or terminated")
    ADMIN_CLOSED = "admin_closed", _("Administratively closed")
    REMANDED = "remanded", _("Remanded")
    REFERRED = "referred", _("Referred elsewhere")
    ADVICE_GIVEN = "advice_given", _("Advice given")
    LOST_CONTACT = "lost_contact", _("Client lost contact")
    OTHER = "other", _("Other")


class PartyRole(models.TextChoices):
    PRINCIPAL = "principal", _("Principal client")
    SPOUSE = "spouse", _("Derivative spouse")
    CHILD = "child", _("Derivative child")
    BENEFICIARY = "beneficiary", _("Beneficiary")
    PETITIONER = "petitioner", _("Petitioner")
    SPONSOR = "sponsor", _("Sponsor")
    GUARDIAN = "guardian", _("Guardian")
    ADVERSE = "adverse", _("Adverse party")
    OTHER = "other", _("Other")


ADVERSE_ROLES = frozenset({PartyRole.ADVERSE})


@lru_cache(maxsize=64)
def _labels(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    return {str(value): str(text) for value, text in choices.choices}


def label(choices: type[models.TextChoices], value: str) -> str:
    """The label of ``value`` in the active language, from a per-language table built once.
    (Django's ``get_FOO_display`` translates every choice on each call: 0.3 ms, or a quarter of
    a second for a page of 200 deadlines.)"""
    return _labels(choices, get_language() or "en").get(value, value)
