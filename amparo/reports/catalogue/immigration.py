"""California immigration services (IS-NAT / IS-DACA style): applications filed and services given
in a quarter, each applicant counted once, and the applicants' demographics."""

from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.legal.kinds import RESTRICTED_KINDS, Kind
from amparo.legal.models import Case, ReceiptNumber

from ..base import Column, Params, Report, Row, Table, register, step
from ..funding import legal_q
from .demographics import count_people, demographic_tables, latest_screenings

# Forms as the legal app records them on a receipt notice (``ReceiptNumber.form``), with what
# each is. Only forms whose name says what they are; any other form is shown as recorded.
FORMS = {
    "N-400": _("Naturalization application (N-400)"),
    "N-600": _("Certificate of citizenship (N-600)"),
    "N-336": _("Appeal of a naturalization denial (N-336)"),
    "I-912": _("Fee waiver request (I-912)"),
    "I-821": _("TPS application (I-821)"),
    "I-765": _("Work permit application (I-765)"),
    "I-90": _("Green card renewal or replacement (I-90)"),
    "I-131": _("Travel document application (I-131)"),
    "I-130": _("Family petition (I-130)"),
    "I-485": _("Adjustment of status (I-485)"),
    "I-290B": _("Appeal or motion to USCIS (I-290B)"),
}
DACA = {Kind.DACA_INITIAL: _("DACA, first request (I-821D)"), Kind.DACA_RENEWAL: _("DACA renewal (I-821D)")}
KIND_LABELS = dict(Kind.choices)
CONFIDENTIAL = "confidential"
NOT_RECORDED = "none"


def normal_form(text: str) -> str:
    """"n 400", "N400", "n-400 " → "N-400"; blank stays blank."""
    compact = re.sub(r"[\s\-_.]+", "", text or "").upper()
    found = re.fullmatch(r"([A-Z]+)(\d+)([A-Z]*)", compact)
    return f"{found[1]}-{found[2]}{found[3]}" if found else compact


@register
class CaliforniaImmigrationServices(Report):
    key = "ca_immigration"
    title = _("California immigration services (quarterly)")
    default_period = "quarter"
    filters = frozenset({"office", "funder"})
    definition = _(
        "For the quarterly reports of California's immigration services funding (IS-NAT and IS-DACA "
        "style). The funder's own forms and categories were not compared with this report: check "
        "the rows and the demographic categories against the current instructions before sending.\n\n"
        "Applications filed: the receipt notices recorded on legal cases with a received date in the "
        "period, by the form recorded on the receipt (N-400 naturalization, I-912 fee waiver, I-821D "
        "DACA, split into first requests and renewals by the kind of case, I-290B and N-336 appeals, "
        "and the rest as recorded). A filing without a receipt notice recorded is not counted: "
        "appeals to the Board of Immigration Appeals get none and are not in this table.\n\n"
        "Services: legal cases opened in the period, by kind of case (a brief consultation is a "
        "service).\n\n"
        "Each applicant counted once: the “People” column counts the principal clients, each once "
        "per row, and the total counts each person once however many rows they are in, so it is "
        "less than the sum of the rows.\n\n"
        "Confidential cases (asylum, withholding, VAWA, T and U visas, SIJS) are counted in one row "
        "each table, never broken down by form or kind, and never named.\n\n"
        "Demographics: the people in either table (each once), by the categories Amparo records: "
        "country of birth, language, age, sex, household size and income against the poverty "
        "guidelines, as in the demographics report.\n\n"
        "Filters: an office keeps its cases; a funder, the filings and cases of the days and offices "
        "its grants pay for legal services. The program filter does not apply: legal services only.")

    def steps(self, params: Params) -> int:
        return 3

    def compute(self, params: Params) -> list[Table]:
        people_filed, filed_rows = self._filed(params)
        step()
        people_served, served_rows = self._served(params)
        step()
        everyone = people_filed | people_served
        demographics = demographic_tables(*count_people(everyone, params.end),
                                          latest_screenings(everyone, params.end), params.end, prefix="people_")
        step()
        return [filed_rows, served_rows, *demographics]

    def _filed(self, params: Params) -> tuple[set[int], Table]:
        receipts = ReceiptNumber.objects.filter(received_on__gte=params.start, received_on__lte=params.end)
        if params.office_id:
            receipts = receipts.filter(case__office_id=params.office_id)
        receipts = receipts.filter(legal_q(params, day="received_on", office="case__office_id"))
        counts: Counter = Counter()
        people: dict[str, set[int]] = {}
        labels: dict[str, object] = {}
        for form, kind, restricted, client in receipts.values_list("form", "case__kind", "case__restricted",
                                                                    "case__client_id"):
            form = normal_form(form)
            if restricted or kind in RESTRICTED_KINDS:
                key, label = CONFIDENTIAL, _("Filings in confidential cases (all forms together)")
            elif form == "I-821D" and kind in DACA:
                key, label = f"{form}:{kind}", DACA[kind]
            elif not form:
                key, label = NOT_RECORDED, _("Form not recorded on the receipt")
            else:
                key, label = form, FORMS.get(form, form)
            counts[key] += 1
            people.setdefault(key, set()).add(client)
            labels[key] = label
        order = [*FORMS, *[f"I-821D:{k}" for k in DACA]]
        keys = sorted(counts, key=lambda k: (k in (CONFIDENTIAL, NOT_RECORDED), order.index(k) if k in order
                                             else len(order), k))
        rows = [Row(k, labels[k], {"filed": counts[k], "people": len(people[k])}) for k in keys]
        everyone = set().union(*people.values()) if people else set()
        table = Table("filed", _("Applications filed, by form"), [
            Column("filed", _("Applications filed")),
            Column("people", pgettext_lazy("report column: applicants, each counted once", "People"))],
            rows, total_label=_("Total (each person once)"), total_column="filed",
            note=_("A person with several filings counts once in the total of people."))
        table.totals = {"filed": sum(counts.values()), "people": len(everyone)}
        return everyone, table

    def _served(self, params: Params) -> tuple[set[int], Table]:
        cases = Case.objects.filter(opened_at__gte=params.since, opened_at__lt=params.until)
        if params.office_id:
            cases = cases.filter(office_id=params.office_id)
        cases = cases.filter(legal_q(params, moment="opened_at"))
        counts: Counter = Counter()
        people: dict[str, set[int]] = {}
        for kind, restricted, client in cases.values_list("kind", "restricted", "client_id"):
            key = CONFIDENTIAL if restricted or kind in RESTRICTED_KINDS else kind
            counts[key] += 1
            people.setdefault(key, set()).add(client)
        order = [k for k, _label in Kind.choices]
        keys = sorted(counts, key=lambda k: (k == CONFIDENTIAL, order.index(k) if k in order else len(order)))
        rows = [Row(k, _("Confidential cases (all kinds together)") if k == CONFIDENTIAL else KIND_LABELS.get(k, k),
                    {"cases": counts[k], "people": len(people[k])}) for k in keys]
        everyone = set().union(*people.values()) if people else set()
        table = Table("services", _("Services: legal cases opened, by kind"), [
            Column("cases", _("Cases opened")),
            Column("people", pgettext_lazy("report column: applicants, each counted once", "People"))],
            rows, total_label=_("Total (each person once)"), total_column="cases",
            note=_("A person with several cases counts once in the total of people."))
        table.totals = {"cases": sum(counts.values()), "people": len(everyone)}
        return everyone, table

