"""Roles and what each may do. The permission gate (core.permissions) asks ``has_capability``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    ATTORNEY = "attorney", _("Attorney or accredited representative")
    PARALEGAL = "paralegal", _("Paralegal")
    CASE_MANAGER = "case_manager", _("Case manager")
    INTAKE = "intake", pgettext_lazy("staff role", "Intake")
    VOLUNTEER = "volunteer", _("Volunteer")
    ARCHIVIST = "archivist", _("Archivist")
    DEVELOPMENT = "development", _("Development")
    CLINICIAN = "clinician", _("Clinician")
    HOUSING = "housing", _("Housing and social services")
    TEACHER = "teacher", _("Teacher")
    LOAN_OFFICER = "loan_officer", _("Loan officer")
    FINANCE = "finance", _("Finance")
    ORGANIZER = "organizer", _("Organizer")
    DIRECTOR = "director", _("Director")


ALL_ROLES = frozenset(Role)
LEGAL_TEAM = frozenset({Role.ATTORNEY, Role.PARALEGAL, Role.CASE_MANAGER})

# What each role may do. Modules add their capabilities here, next to the others, so one
# table answers "who can do what". Object-level rules (team membership, restricted
# records) live in each model's policy and build on these.
CAPABILITIES: dict[str, frozenset[Role]] = {
    # Administration
    "admin.site": frozenset({Role.ADMINISTRATOR}),
    "audit.view": frozenset({Role.ADMINISTRATOR}),
    "audit.export": frozenset({Role.ADMINISTRATOR}),
    "users.manage": frozenset({Role.ADMINISTRATOR}),
    "jobs.view": frozenset({Role.ADMINISTRATOR}),  # periodic jobs and worker health
    # Every role may use the API with its own tokens, within its own permissions.
    "api.use": ALL_ROLES,
    # People and intake. Restricted people (asylum, VAWA/T/U clients, minors) are further
    # limited by their policy to their team and supervisors.
    "people.view": frozenset({Role.ADMINISTRATOR, Role.INTAKE, Role.VOLUNTEER} | LEGAL_TEAM),
    "people.create": frozenset({Role.ADMINISTRATOR, Role.INTAKE} | LEGAL_TEAM),
    "people.change": frozenset({Role.ADMINISTRATOR, Role.INTAKE} | LEGAL_TEAM),
    "people.merge": frozenset({Role.ADMINISTRATOR, Role.ATTORNEY, Role.PARALEGAL, Role.CASE_MANAGER}),
    "people.export": frozenset({Role.ADMINISTRATOR} | LEGAL_TEAM),
    "conflicts.waive": frozenset({Role.ADMINISTRATOR, Role.ATTORNEY}),
    # Legal cases. Restricted cases (asylum, withholding/CAT, VAWA, U, T, SIJS, every minor's
    # case) are further limited by their policy to their team and supervisors.
    "cases.view": frozenset({Role.ADMINISTRATOR, Role.INTAKE} | LEGAL_TEAM),
    "cases.create": frozenset({Role.ADMINISTRATOR, Role.INTAKE} | LEGAL_TEAM),
    "cases.change": frozenset({Role.ADMINISTRATOR} | LEGAL_TEAM),
    "cases.export": frozenset({Role.ADMINISTRATOR} | LEGAL_TEAM),
    "cases.break_glass": frozenset({Role.ADMINISTRATOR, Role.ATTORNEY}),
    # Screening for eligibility (clinic days too) and the dated rules behind it.
    "screening.use": frozenset({Role.ADMINISTRATOR, Role.INTAKE, Role.VOLUNTEER} | LEGAL_TEAM),
    "rules.manage": frozenset({Role.ADMINISTRATOR}),
    # The human-rights archive. Published records are public; staff records need archive.view;
    # restricted items (testimonies naming victims) need archive.restricted.
    "archive.view": ALL_ROLES,
    "archive.manage": frozenset({Role.ADMINISTRATOR, Role.ARCHIVIST}),
    "archive.restricted": frozenset({Role.ADMINISTRATOR, Role.ARCHIVIST}),
    "archive.publish": frozenset({Role.ADMINISTRATOR, Role.ARCHIVIST}),
    # Restricted records (asylum, VAWA/T/U, children's cases, restricted testimonies) can be
    # opened only by these roles, and then only when the record's own policy allows it.
    "restricted.open": frozenset({Role.ADMINISTRATOR, Role.ARCHIVIST} | LEGAL_TEAM),

    # Programs: clinic, mental health, transitional housing, basic needs (amparo.programs).
    # Appointments are seen by clinic staff and the front desk; clinical records (notes,
    # assessments, alerts) only by clinicians, and then only those of the record's program.
    "clinic.view": frozenset({Role.ADMINISTRATOR, Role.CLINICIAN, Role.INTAKE, Role.DIRECTOR}),
    "clinic.book": frozenset({Role.ADMINISTRATOR, Role.CLINICIAN, Role.INTAKE}),
    "clinic.notes": frozenset({Role.CLINICIAN}),
    "clinic.manage": frozenset({Role.ADMINISTRATOR}),
    "referrals.view": frozenset({Role.ADMINISTRATOR, Role.CLINICIAN, Role.HOUSING, Role.CASE_MANAGER}),
    "referrals.change": frozenset({Role.ADMINISTRATOR, Role.CLINICIAN, Role.HOUSING, Role.CASE_MANAGER}),
    "housing.view": frozenset({Role.ADMINISTRATOR, Role.HOUSING, Role.DIRECTOR}),
    "housing.change": frozenset({Role.ADMINISTRATOR, Role.HOUSING}),
    "housing.export": frozenset({Role.ADMINISTRATOR, Role.HOUSING}),
    # Shelter incidents: housing staff only (not the director's view of the beds).
    "housing.incidents": frozenset({Role.ADMINISTRATOR, Role.HOUSING}),
    # Legal staff read (never write) visit notes a client consented to share with their legal team.
    "clinic.shared_notes": LEGAL_TEAM,
    "needs.view": frozenset({Role.ADMINISTRATOR, Role.HOUSING, Role.CASE_MANAGER, Role.DIRECTOR, Role.FINANCE}),
    "needs.change": frozenset({Role.ADMINISTRATOR, Role.HOUSING, Role.CASE_MANAGER}),
    "assistance.approve": frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.HOUSING}),
    "disaster.register": frozenset({Role.ADMINISTRATOR, Role.HOUSING, Role.CASE_MANAGER, Role.INTAKE,
                                    Role.VOLUNTEER}),

    # Classes and citizenship preparation (amparo.classes).
    "classes.view": frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.TEACHER, Role.INTAKE}),
    "classes.manage": frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.INTAKE}),  # courses, enrolment
    "classes.teach": frozenset({Role.ADMINISTRATOR, Role.TEACHER}),  # attendance, practice (own sections)
    "classes.export": frozenset({Role.ADMINISTRATOR, Role.DIRECTOR}),

    # Small loans and the general ledger (amparo.loans).
    "loans.view": frozenset({Role.ADMINISTRATOR, Role.LOAN_OFFICER, Role.FINANCE, Role.DIRECTOR}),
    "loans.prepare": frozenset({Role.ADMINISTRATOR, Role.LOAN_OFFICER}),
    # Approval is also refused to whoever prepared the loan (maker/checker, loans.services).
    "loans.approve": frozenset({Role.ADMINISTRATOR, Role.LOAN_OFFICER, Role.FINANCE, Role.DIRECTOR}),
    "loans.transact": frozenset({Role.ADMINISTRATOR, Role.LOAN_OFFICER, Role.FINANCE}),
    "loans.write_off": frozenset({Role.ADMINISTRATOR, Role.FINANCE, Role.DIRECTOR}),
    "loans.products": frozenset({Role.ADMINISTRATOR, Role.FINANCE}),
    "ledger.view": frozenset({Role.ADMINISTRATOR, Role.FINANCE, Role.DIRECTOR}),
    "ledger.export": frozenset({Role.ADMINISTRATOR, Role.FINANCE}),

    # Outreach: events, check-in, drives, campaigns, volunteers (amparo.outreach).
    "outreach.view": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER, Role.DIRECTOR, Role.INTAKE, Role.VOLUNTEER}),
    "outreach.manage": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER}),
    "outreach.checkin": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER, Role.INTAKE, Role.VOLUNTEER}),
    "drives.view": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER, Role.DIRECTOR, Role.INTAKE}),
    "drives.manage": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER}),
    # Campaigns, petitions, coalitions and advocacy (amparo.campaigns). Signatures carry people's
    # contacts: reading them one by one and exporting them is campaigns.export.
    "campaigns.view": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER, Role.DIRECTOR}),
    "campaigns.manage": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER}),
    "campaigns.export": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER}),

    # Volunteers: profiles, shifts, hours (amparo.volunteers). Coordinators (organizers) keep the
    # profiles and shifts and approve hours; a volunteer with an account signs up and logs their own.
    "volunteers.view": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER, Role.DIRECTOR}),
    "volunteers.manage": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER}),
    "volunteers.approve": frozenset({Role.ADMINISTRATOR, Role.ORGANIZER, Role.DIRECTOR}),
    "volunteers.self": frozenset({Role.VOLUNTEER}),

    # Giving: donors, donations, receipts, grants, material aid (amparo.giving).
    "giving.view": frozenset({Role.ADMINISTRATOR, Role.DEVELOPMENT, Role.FINANCE, Role.DIRECTOR}),
    "giving.manage": frozenset({Role.ADMINISTRATOR, Role.DEVELOPMENT, Role.FINANCE}),
    "giving.receipts": frozenset({Role.ADMINISTRATOR, Role.DEVELOPMENT, Role.FINANCE}),
    "giving.export": frozenset({Role.ADMINISTRATOR, Role.DEVELOPMENT, Role.FINANCE, Role.DIRECTOR}),
    "aid.view": frozenset({Role.ADMINISTRATOR, Role.DEVELOPMENT, Role.ORGANIZER, Role.DIRECTOR}),
    "aid.manage": frozenset({Role.ADMINISTRATOR, Role.DEVELOPMENT, Role.ORGANIZER}),

    # The client portal's staff side (amparo.portal).
    # Sharing cases with their clients, portal messages and document requests, codes at the desk.
    "portal.manage": frozenset({Role.ADMINISTRATOR} | LEGAL_TEAM),

    # Reports and dashboards (amparo.reports): counts only, never names; confidential cases are
    # counted like the rest.
    "reports.view": frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.ATTORNEY, Role.DEVELOPMENT}),
    "reports.dashboard": frozenset({Role.ADMINISTRATOR, Role.DIRECTOR}),

}


def has_capability(user: Any, capability: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = CAPABILITIES.get(capability)
    if roles is None:
        raise KeyError(f"Unknown capability {capability!r}")
    return user.role in roles


def requires_two_factor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in set(
        settings.AMPARO_TWO_FACTOR_ROLES
    )
