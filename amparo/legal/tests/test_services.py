import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.models import AuditEntry
from amparo.legal import services
from amparo.legal.models import BreakGlassGrant, Deadline
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


def test_opening_an_asylum_case_restricts_the_case_and_its_client():
    team = OfficeFactory(name="Equipo de asilo")
    client = PersonFactory()
    case = make_case(kind="asylum_defensive", client=client, team=team)
    client.refresh_from_db()
    assert case.restricted and case.forum == "immigration_court"
    assert client.restricted and list(client.allowed_offices.all()) == [team]
    assert case.parties.get().role == "principal"
    assert AuditEntry.objects.filter(action="case.open", object_id=str(case.pk)).count() == 1


def test_a_minor_s_case_is_restricted_whatever_its_kind():
    child = PersonFactory(birth_date=timezone.localdate() - dt.timedelta(days=365 * 10))
    case = make_case(kind="family_petition", client=child)
    assert case.minor and case.restricted


def test_an_ordinary_case_is_not_restricted_and_leaves_the_person_alone():
    adult = PersonFactory(birth_date=dt.date(1980, 1, 1))
    case = make_case(kind="naturalization", client=adult)
    adult.refresh_from_db()
    assert not case.restricted and not adult.restricted


def test_restriction_is_sticky_and_reaches_parties_added_later():
    adult = PersonFactory(birth_date=dt.date(1980, 1, 1))
    case = make_case(kind="removal_defense", client=adult)
    spouse, abuser = PersonFactory(birth_date=dt.date(1981, 1, 1)), PersonFactory(birth_date=dt.date(1970, 1, 1))
    case = services.update_case(case=case, by=case.opened_by, fields={"kind": "asylum_defensive"})
    services.add_party(case=case, person=spouse, role="spouse", by=case.opened_by)
    services.add_party(case=case, person=abuser, role="adverse", by=case.opened_by)
    spouse.refresh_from_db()
    abuser.refresh_from_db()
    adult.refresh_from_db()
    assert case.restricted and adult.restricted and spouse.restricted
    assert not abuser.restricted  # the case hides the link; the adverse party's own record stays as it was
    case = services.update_case(case=case, by=case.opened_by, fields={"kind": "removal_defense"})
    assert case.restricted


def test_recording_an_ij_decision_creates_the_bia_deadline_with_rule_and_source():
    case = make_case(kind="removal_defense")
    event, deadlines = services.record_event(case=case, kind="ij_decision", date=dt.date(2026, 6, 4),
                                             by=case.opened_by)
    (deadline,) = deadlines
    assert deadline.kind == "bia_appeal" and deadline.due == dt.date(2026, 6, 15)
    assert deadline.rolled_from == dt.date(2026, 6, 14)
    assert "10" in deadline.rule_en and "BIA" in deadline.rule_es
    assert deadline.source and deadline.rules_version and deadline.rule_id
    assert deadline.verified is False  # the 10-day rule is under litigation: shown, flagged
    assert any(w["code"] == "warning.unverified" for w in deadline.warnings)
    entry = AuditEntry.objects.get(action="case.event", object_id=str(case.pk))
    assert entry.extra["deadlines"][0]["due"] == "2026-06-15"


def test_a_final_order_starts_both_motions_and_rfe_needs_its_days():
    case = make_case(kind="removal_defense")
    _event, deadlines = services.record_event(case=case, kind="final_order", date=dt.date(2025, 3, 3),
                                              by=case.opened_by)
    assert sorted(d.kind for d in deadlines) == ["motion_to_reconsider", "motion_to_reopen"]
    with pytest.raises(ValidationError):
        services.record_event(case=case, kind="rfe_received", date=dt.date(2025, 3, 3), by=case.opened_by)
    _event, (rfe,) = services.record_event(case=case, kind="rfe_received", date=dt.date(2025, 3, 3), days=84,
                                           mailed=True, by=case.opened_by)
    assert rfe.due == dt.date(2025, 3, 3) + dt.timedelta(days=87)


def test_a_variant_chooses_the_thirty_day_asylum_appeal():
    case = make_case(kind="asylum_defensive")
    _e, (deadline,) = services.record_event(case=case, kind="ij_decision", date=dt.date(2026, 6, 4),
                                            variant="asylum_merits", by=case.opened_by)
    assert deadline.due >= dt.date(2026, 7, 4)


def test_sijs_case_gets_the_age_out_deadline():
    child = PersonFactory(birth_date=dt.date(2010, 5, 20))
    case = make_case(kind="sijs", client=child)
    deadline = case.deadlines.get(kind="sijs_age_out")
    assert deadline.due == dt.date(2031, 5, 19)
    assert "21" in deadline.rule_en and "21" in deadline.rule_es


def test_closing_is_refused_while_a_deadline_ahead_is_open():
    case = make_case(kind="removal_defense")
    deadline = services.add_manual_deadline(case=case, title="File brief", due=timezone.localdate() + dt.timedelta(5),
                                            by=case.opened_by)
    with pytest.raises(ValidationError):
        services.close_case(case=case, by=case.opened_by, outcome="granted")
    with pytest.raises(ValidationError):
        services.cancel_deadline(deadline=deadline, by=case.opened_by, reason="  ")
    services.complete_deadline(deadline=deadline, by=case.opened_by)
    case = services.close_case(case=case, by=case.opened_by, outcome="granted")
    assert case.status == "closed" and case.closed_at
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.DONE and deadline.closed_by == case.opened_by


def test_notes_are_sanitized():
    case = make_case()
    note = services.add_note(case=case, body='<p onclick="x()">Hola <script>alert(1)</script><b>ya</b></p>'
                             '<a href="javascript:alert(1)">l</a>', by=case.opened_by)
    assert "<script" not in note.body and "onclick" not in note.body and "javascript:" not in note.body
    assert "<b>ya</b>" in note.body
    plain = services.add_note(case=case, body="línea 1\n\nlínea <2>", by=case.opened_by)
    assert "&lt;2&gt;" in plain.body or "<2>" not in plain.body


def test_receipt_numbers_are_validated():
    case = make_case()
    assert services.add_receipt(case=case, number="ioe 0912345678", by=case.opened_by).number == "IOE0912345678"
    for bad in ("IOE091234567", "12A0912345678", "QQQ0912345678"):
        with pytest.raises(ValidationError):
            services.add_receipt(case=case, number=bad, by=case.opened_by)


def test_break_glass_needs_the_capability_and_a_reason_and_tells_the_team():
    team = OfficeFactory(name="Equipo VAWA")
    attorney = UserFactory(role=Role.ATTORNEY, offices=[team], email="abogada@amparo.test")
    case = make_case(kind="vawa", team=team, responsible=attorney)
    outsider = UserFactory(role=Role.ATTORNEY)
    with pytest.raises(ValidationError):
        services.break_glass(user=outsider, case=case, reason="x")
    with pytest.raises(PermissionDenied):
        services.break_glass(user=UserFactory(role=Role.PARALEGAL), case=case, reason="Hearing today at 9")
    with TestCase.captureOnCommitCallbacks(execute=True):
        grant = services.break_glass(user=outsider, case=case, reason="Hearing today at 9, attorney sick")
    assert grant.active and grant.expires_at - grant.granted_at == dt.timedelta(hours=4)
    assert AuditEntry.objects.filter(action="case.break_glass", object_id=str(case.pk)).exists()
    assert [m.to for m in mail.outbox] == [["abogada@amparo.test"]]
    assert "Hearing today" not in mail.outbox[0].body  # the reason stays in Amparo
    assert BreakGlassGrant.objects.count() == 1


def test_concurrent_edits_are_detected():
    case = make_case()
    services.update_case(case=case, by=case.opened_by, fields={"judge": "Hon. A"}, version=case.version)
    with pytest.raises(services.ConcurrentEdit):
        services.update_case(case=case, by=case.opened_by, fields={"judge": "Hon. B"}, version=case.version)


def test_status_must_fit_the_kind():
    case = make_case(kind="foia")
    with pytest.raises(ValidationError):
        services.update_case(case=case, by=case.opened_by, fields={"status": "master"})
    assert services.update_case(case=case, by=case.opened_by, fields={"status": "requested"}).status == "requested"


def test_next_due_follows_every_deadline_change():
    case = make_case(kind="removal_defense")
    today = timezone.localdate()
    assert case.next_due is None
    far = services.add_manual_deadline(case=case, title="Far", due=today + dt.timedelta(days=30), by=case.opened_by)
    case.refresh_from_db()
    assert case.next_due == far.due
    _e, (bia,) = services.record_event(case=case, kind="ij_decision", date=today, by=case.opened_by)
    case.refresh_from_db()
    assert case.next_due == bia.due
    services.complete_deadline(deadline=bia, by=case.opened_by)
    case.refresh_from_db()
    assert case.next_due == far.due
    services.cancel_deadline(deadline=far, by=case.opened_by, reason="Withdrawn by the client")
    case.refresh_from_db()
    assert case.next_due is None
    services.update_case(case=case, by=case.opened_by, fields={"judge": "Hon. Ruiz"})  # does not clobber it
    services.add_manual_deadline(case=case, title="Brief", due=today + dt.timedelta(days=3), by=case.opened_by)
    stale = type(case).objects.get(pk=case.pk)
    stale.next_due = None
    services.update_case(case=stale, by=case.opened_by, fields={"court": "Olive St"})
    case.refresh_from_db()
    assert case.next_due == today + dt.timedelta(days=3)


def test_refresh_next_due_repairs_drift():
    from django.core.management import call_command

    from amparo.legal.models import Case

    case = make_case()
    services.add_manual_deadline(case=case, title="x", due=dt.date(2030, 1, 2), by=case.opened_by)
    Case.objects.filter(pk=case.pk).update(next_due=None)
    call_command("refresh_next_due")
    case.refresh_from_db()
    assert case.next_due == dt.date(2030, 1, 2)
