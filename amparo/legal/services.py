"""Writes of legal cases. Every function: keyword-only arguments, one transaction, one audit entry.

Audit entries are written against the case (``obj=case``), so the case's timeline is its
audit trail read back (``selectors.timeline``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from amparo.accounts.roles import has_capability
from amparo.core.audit import diff, log_action, snapshot
from amparo.core.exceptions import ConcurrentEdit
from amparo.rules import Deadline as ComputedDeadline
from amparo.rules import DeadlineError, compute_deadline

from . import lsc
from .events import DEADLINES, MAY_BE_MAILED, NEEDS_DAYS, VARIANTS, DeadlineKind, EventKind
from .kinds import ADVERSE_ROLES, Kind, PartyRole, Status, default_forum, workflow
from .models import (
    BreakGlassGrant,
    CalendarFeed,
    Case,
    CaseEvent,
    CaseParty,
    ClosingCode,
    Deadline,
    Hearing,
    Note,
    ProblemCode,
    ReceiptNumber,
    Task,
    TimeEntry,
    normalize_receipt,
    validate_receipt,
)

BREAK_GLASS_HOURS = 4
CASE_FIELDS = ("kind", "forum", "status", "office", "team", "responsible", "paralegal", "court", "judge",
               "priority_date", "minor", "unaccompanied", "release_info", "reunification", "reunification_note",
               "problem_code")


def _ruleset() -> Any:
    from amparo.screening.services import current_ruleset  # the packaged rules + dated rules recorded here

    return current_ruleset()


def _age_on(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # born on February 29
        return dt.date(birth.year + years, 3, 1)


# --- Confidentiality ------------------------------------------------------------------------------

def _protect_people(case: Case, people: Iterable[Any], by: Any) -> None:
    """A party to a restricted case follows the case: restricted to the case's unit (and the
    offices already allowed). Adverse parties are not restricted: the case hides the link."""
    from amparo.people.services import set_restriction

    unit = case.unit
    for person in people:
        allowed = list(person.allowed_offices.all())
        if person.restricted and any(o.pk == unit.pk for o in allowed):
            continue
        offices = allowed + [unit] if person.restricted else [unit]
        set_restriction(person=person, restricted=True, offices=offices, by=by)


def _protected_parties(case: Case) -> list[Any]:
    return [p.person for p in case.parties.select_related("person").exclude(role__in=ADVERSE_ROLES)]


def _unit_q(unit_id: int, prefix: str = "") -> Q:
    """Restricted cases whose unit (team, or office when there is no team) is ``unit_id``."""
    return Q(**{f"{prefix}restricted": True}) & (
        Q(**{f"{prefix}team_id": unit_id}) | Q(**{f"{prefix}team__isnull": True, f"{prefix}office_id": unit_id}))


def _move_people(case: Case, old_unit_id: int, by: Any) -> None:
    """A restricted case moved from one unit to another: its people become visible to the new
    unit and stop being visible to the old one — unless another restricted case of theirs
    (as a non-adverse party) still belongs to the old unit."""
    from amparo.people.services import set_restriction

    new_unit = case.unit
    for person in _protected_parties(case):
        allowed = list(person.allowed_offices.all())
        still_needed = CaseParty.objects.filter(_unit_q(old_unit_id, "case__"), person=person).exclude(
            case=case).exclude(role__in=ADVERSE_ROLES).exists()
        offices = [o for o in allowed if o.pk != old_unit_id or still_needed]
        if all(o.pk != new_unit.pk for o in offices):
            offices.append(new_unit)
        if person.restricted and {o.pk for o in offices} == {o.pk for o in allowed}:
            continue
        set_restriction(person=person, restricted=True, offices=offices, by=by)


# --- Opening and changing a case -------------------------------------------------------------------

@transaction.atomic
def open_case(*, by: Any, client: Any, kind: str, office: Any, team: Any = None, responsible: Any = None,
              paralegal: Any = None, forum: str = "", court: str = "", judge: str = "",
              priority_date: dt.date | None = None, minor: bool | None = None, unaccompanied: bool = False,
              intake: Any = None, release_info: str = "", problem_code: Any = None) -> Case:
    """Open a case for ``client`` (from an intake, if given). A minor's case, and every asylum,
    withholding/CAT, VAWA, U, T and SIJS case, is restricted from the start."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of case.")})
    today = timezone.localdate()
    if minor is None:
        age = _age_on(client.birth_date, today)
        minor = age is not None and age < 18
    case = Case(kind=kind, forum=forum or default_forum(kind), status=Status.OPEN, client=client, office=office,
                team=team, responsible=responsible, paralegal=paralegal, court=court.strip(), judge=judge.strip(),
                priority_date=priority_date, minor=bool(minor) or unaccompanied, unaccompanied=unaccompanied,
                intake=intake, opened_by=by, release_info=release_info)
    case.problem_code = problem_code if problem_code is not None else _default_problem_code()
    case.restricted = case.compute_restricted()
    case.save()
    CaseParty.objects.create(case=case, person=client, role=PartyRole.PRINCIPAL)
    if case.restricted:
        _protect_people(case, [client], by)
    sijs = _sijs_age_out(case, by) if kind == Kind.SIJS else None
    if sijs is not None:
        refresh_next_due(case)
    log_action(action="case.open", actor=by, obj=case, changes=diff({}, snapshot(case)),
               extra={"intake": intake.pk if intake else None, "sijs_deadline": sijs.pk if sijs else None})
    return case


def _default_problem_code() -> ProblemCode:
    """81, immigration/naturalization: the reference row, put back if a database lost it (a test
    database emptied between tests, a restore of an older dump)."""
    labels = {code: (en, es) for code, en, es in lsc.CODES}[lsc.DEFAULT]
    code, _created = ProblemCode.objects.get_or_create(code=lsc.DEFAULT,
                                                       defaults={"label_en": labels[0], "label_es": labels[1]})
    return code


def _sijs_age_out(case: Case, by: Any) -> Deadline | None:
    """The day before the 21st birthday: the last day to file the I-360 (INA 101(a)(27)(J))."""
    birth = case.client.birth_date
    if birth is None or case.client.birth_precision != "day":
        return None
    record = _ruleset().at("sijs", timezone.localdate())
    max_age = int(record.num("max_age")) if record else 21
    source = record.source if record else "INA 101(a)(27)(J); 8 CFR 204.11"
    due = _birthday(birth, max_age) - dt.timedelta(days=1)
    from django.utils.translation import override

    texts = {}
    for lang in ("en", "es"):
        with override(lang):
            texts[lang] = _("SIJS: the I-360 must be filed while the child is under %(age)s; the last day is "
                            "the day before turning %(age)s. Not moved for weekends: file early.") % {"age": max_age}
    return Deadline.objects.create(
        case=case, kind=DeadlineKind.SIJS_AGE_OUT, due=due, rule_en=texts["en"], rule_es=texts["es"],
        rule_id=record.id if record else "", source=source, verified=record.verified if record else True,
        rules_version=_ruleset().version, created_by=by,
    )


@transaction.atomic
def update_case(*, case: Case, by: Any, fields: Mapping[str, Any], version: int | None = None) -> Case:
    """Change a case's details (kind, status, team, court...). ``version`` detects concurrent edits."""
    fresh = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and fresh.version != version:
        raise ConcurrentEdit(version)
    before = snapshot(fresh)
    was_restricted = fresh.restricted
    old_unit_id = fresh.team_id or fresh.office_id
    for name in CASE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(fresh, name, value.strip() if isinstance(value, str) else value)
    if fresh.unaccompanied:
        fresh.minor = True
    if "kind" in fields and "forum" not in fields and fresh.kind != case.kind:
        fresh.forum = default_forum(fresh.kind)
    if fresh.status not in workflow(fresh.kind) and fresh.closed_at is None:
        raise ValidationError({"status": _("This status does not apply to this kind of case.")})
    fresh.restricted = fresh.compute_restricted()  # once restricted, always restricted
    fresh.version += 1
    fresh.save()
    if fresh.restricted and not was_restricted:
        _protect_people(fresh, _protected_parties(fresh), by)
    elif fresh.restricted and (fresh.team_id or fresh.office_id) != old_unit_id:
        _move_people(fresh, old_unit_id, by)
    log_action(action="case.update", actor=by, obj=fresh, changes=diff(before, snapshot(fresh)))
    return fresh


@transaction.atomic
def add_party(*, case: Case, person: Any, role: str, by: Any, note: str = "") -> CaseParty:
    if role not in PartyRole.values or role == PartyRole.PRINCIPAL:
        raise ValidationError({"role": _("Choose the person's role in the case.")})
    if CaseParty.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError(_("This person already has this role in the case."))
    party = CaseParty.objects.create(case=case, person=person, role=role, note=note.strip())
    if case.restricted and role not in ADVERSE_ROLES:
        _protect_people(case, [person], by)
    log_action(action="case.party.add", actor=by, obj=case, extra={"person": person.pk, "role": role})
    return party


@transaction.atomic
def add_receipt(*, case: Case, number: str, by: Any, form: str = "", received_on: dt.date | None = None
                ) -> ReceiptNumber:
    number = normalize_receipt(number)
    validate_receipt(number)
    if case.receipts.filter(number=number).exists():
        raise ValidationError({"number": _("This receipt number is already on the case.")})
    receipt = ReceiptNumber.objects.create(case=case, number=number, form=form.strip(), received_on=received_on)
    log_action(action="case.receipt.add", actor=by, obj=case, extra={"receipt": number, "form": receipt.form})
    return receipt


# --- Events and deadlines --------------------------------------------------------------------------

def refresh_next_due(case: Case) -> None:
    """Keep ``Case.next_due`` (the earliest open deadline) true; called inside the transaction of
    every service that adds, completes or cancels a deadline."""
    nearest = (Deadline.objects.filter(case=case, state=Deadline.State.OPEN, due__isnull=False)
               .order_by("due").values_list("due", flat=True).first())
    Case.objects.filter(pk=case.pk).update(next_due=nearest)
    case.next_due = nearest


@dataclass(frozen=True)
class Preview:
    """What recording an event would create, before it is saved (for the form)."""

    computed: tuple[ComputedDeadline, ...]
    kinds: tuple[str, ...]


def compute_event_deadlines(*, kind: str, date: dt.date, mailed: bool = False, days: int | None = None,
                            variant: str = "") -> list[ComputedDeadline]:
    """The deadlines the rules engine computes for an event (nothing saved). Raises
    ``ValidationError`` with a message for the form when the event's details do not fit."""
    if kind not in EventKind.values:
        raise ValidationError({"kind": _("Choose what happened.")})
    rules = DEADLINES.get(kind, ())
    if kind in NEEDS_DAYS and not days:
        raise ValidationError({"days": _("Enter the number of days the notice gives to answer.")})
    if kind not in NEEDS_DAYS and days:
        raise ValidationError({"days": _("Only a request for evidence or a notice of intent to deny gives a "
                                         "number of days.")})
    if mailed and kind not in MAY_BE_MAILED:
        raise ValidationError({"mailed": _("Mailing days do not apply to this kind of event.")})
    allowed_variants = {v for v, _label in VARIANTS.get(kind, ())}
    if variant and variant not in allowed_variants:
        raise ValidationError({"variant": _("This variant does not apply to this kind of event.")})
    out = []
    ruleset = _ruleset()
    for rule in rules:
        chosen = variant if variant and variant in _variants_of(rule.kind, ruleset) else rule.variant
        try:
            out.append(compute_deadline(rule.kind, date, mailed=mailed, days=days if kind in NEEDS_DAYS else None,
                                        variant=chosen, ruleset=ruleset))
        except DeadlineError as exc:
            raise ValidationError(_("The deadline could not be computed: %(problem)s") % {"problem": exc}) from exc
    return out


def _variants_of(kind: str, ruleset: Any) -> tuple[str, ...]:
    from amparo.rules import list_variants

    return list_variants(kind, ruleset)


def _deadline_from(case: Case, event: CaseEvent | None, computed: ComputedDeadline, by: Any) -> Deadline:
    return Deadline.objects.create(
        case=case, event=event, kind=computed.kind, due=computed.due, opens=computed.opens,
        rolled_from=computed.rolled_from, rule_en=computed.rule.render("en"), rule_es=computed.rule.render("es"),
        rule_id=computed.rule_id, source=computed.source, verified=computed.verified,
        warnings=[{"code": w.code, "en": w.render("en"), "es": w.render("es")} for w in computed.warnings],
        rules_version=computed.rules_version, created_by=by,
    )


@transaction.atomic
def record_event(*, case: Case, kind: str, date: dt.date, by: Any, mailed: bool = False, days: int | None = None,
                 variant: str = "", note: str = "") -> tuple[CaseEvent, list[Deadline]]:
    """Record what happened on a case; create the deadline(s) the rules compute from it,
    each with its rule, source and whether the rule is verified."""
    computed = compute_event_deadlines(kind=kind, date=date, mailed=mailed, days=days, variant=variant)
    event = CaseEvent.objects.create(case=case, kind=kind, date=date, mailed=mailed, days=days or None,
                                     variant=variant, note=note.strip(), recorded_by=by)
    deadlines = [_deadline_from(case, event, c, by) for c in computed]
    refresh_next_due(case)
    log_action(action="case.event", actor=by, obj=case,
               extra={"event": event.pk, "kind": kind, "date": date.isoformat(), "mailed": mailed, "days": days,
                      "deadlines": [{"id": d.pk, "kind": d.kind, "due": d.due.isoformat() if d.due else None,
                                     "rule_id": d.rule_id, "verified": d.verified} for d in deadlines]})
    return event, deadlines


@transaction.atomic
def add_manual_deadline(*, case: Case, title: str, due: dt.date, by: Any, source: str = "") -> Deadline:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Say what is due.")})
    deadline = Deadline.objects.create(case=case, kind=DeadlineKind.MANUAL, title=title, due=due,
                                       source=source.strip(), verified=True, created_by=by)
    refresh_next_due(case)
    log_action(action="case.deadline.add", actor=by, obj=case,
               extra={"deadline": deadline.pk, "title": title, "due": due.isoformat()})
    return deadline


def _close_deadline(deadline: Deadline, state: str, by: Any, note: str, action: str) -> Deadline:
    if deadline.state != Deadline.State.OPEN:
        raise ValidationError(_("This deadline is already done or cancelled."))
    deadline.state = state
    deadline.closed_at = timezone.now()
    deadline.closed_by = by
    deadline.closed_note = note.strip()
    deadline.save(update_fields=["state", "closed_at", "closed_by", "closed_note"])
    refresh_next_due(deadline.case)
    log_action(action=action, actor=by, obj=deadline.case,
               extra={"deadline": deadline.pk, "kind": deadline.kind, "due": deadline.due.isoformat()
                      if deadline.due else None, "note": deadline.closed_note})
    return deadline


@transaction.atomic
def complete_deadline(*, deadline: Deadline, by: Any, note: str = "") -> Deadline:
    return _close_deadline(deadline, Deadline.State.DONE, by, note, "case.deadline.done")


@transaction.atomic
def cancel_deadline(*, deadline: Deadline, by: Any, reason: str) -> Deadline:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the deadline is cancelled; the reason stays in the record.")})
    return _close_deadline(deadline, Deadline.State.CANCELLED, by, reason, "case.deadline.cancel")


# --- Hearings, notes, tasks, time ------------------------------------------------------------------

@transaction.atomic
def add_hearing(*, case: Case, kind: str, starts_at: dt.datetime, by: Any, court: str = "", judge: str = "",
                remote: bool = False, note: str = "") -> Hearing:
    if kind not in Hearing.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of hearing.")})
    hearing = Hearing.objects.create(case=case, kind=kind, starts_at=starts_at, court=court.strip() or case.court,
                                     judge=judge.strip() or case.judge, remote=remote, note=note.strip(),
                                     created_by=by)
    log_action(action="case.hearing.add", actor=by, obj=case,
               extra={"hearing": hearing.pk, "kind": kind, "starts_at": starts_at.isoformat()})
    return hearing


@transaction.atomic
def cancel_hearing(*, hearing: Hearing, by: Any, reason: str = "") -> Hearing:
    hearing.cancelled = True
    hearing.save(update_fields=["cancelled"])
    log_action(action="case.hearing.cancel", actor=by, obj=hearing.case,
               extra={"hearing": hearing.pk, "reason": reason.strip()})
    return hearing


@transaction.atomic
def restore_hearing(*, hearing: Hearing, by: Any) -> Hearing:
    """Undo a cancellation (a hearing cancelled by mistake, or put back on the court's calendar)."""
    if not hearing.cancelled:
        raise ValidationError(_("This hearing is not cancelled."))
    if hearing.case.closed_at is not None:
        raise ValidationError(_("Reopen the case before restoring one of its hearings."))
    hearing.cancelled = False
    hearing.save(update_fields=["cancelled"])
    log_action(action="case.hearing.restore", actor=by, obj=hearing.case, extra={"hearing": hearing.pk})
    return hearing


NOTE_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "a", "h3", "h4", "code"}


def clean_html(text: str) -> str:
    """Notes are rich text: a small set of tags survives, everything else (scripts, styles,
    event handlers, images that call home) is removed. Plain text keeps its paragraphs."""
    text = (text or "").strip()
    if "<" not in text:
        return linebreaks(escape(text))
    return nh3.clean(text, tags=NOTE_TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


@transaction.atomic
def add_note(*, case: Case, body: str, by: Any) -> Note:
    cleaned = clean_html(body)
    if not nh3.clean(cleaned, tags=set()).strip():
        raise ValidationError({"body": _("Write the note.")})
    note = Note.objects.create(case=case, body=cleaned, author=by)
    log_action(action="case.note.add", actor=by, obj=case, extra={"note": note.pk})
    return note


@transaction.atomic
def add_task(*, case: Case, title: str, by: Any, assignee: Any = None, due: dt.date | None = None) -> Task:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Say what needs doing.")})
    task = Task.objects.create(case=case, title=title, assignee=assignee, due=due, created_by=by)
    log_action(action="case.task.add", actor=by, obj=case,
               extra={"task": task.pk, "assignee": assignee.pk if assignee else None,
                      "due": due.isoformat() if due else None})
    return task


@transaction.atomic
def complete_task(*, task: Task, by: Any) -> Task:
    if task.done_at is not None:
        raise ValidationError(_("This task is already done."))
    task.done_at = timezone.now()
    task.done_by = by
    task.save(update_fields=["done_at", "done_by"])
    log_action(action="case.task.done", actor=by, obj=task.case, extra={"task": task.pk})
    return task


@transaction.atomic
def add_time(*, case: Case, by: Any, date: dt.date, minutes: int, activity: str = TimeEntry.Activity.PREPARATION,
             note: str = "") -> TimeEntry:
    if minutes < 1 or minutes > 24 * 60:
        raise ValidationError({"minutes": _("Enter between 1 and 1440 minutes.")})
    entry = TimeEntry.objects.create(case=case, user=by, date=date, minutes=minutes, activity=activity,
                                     note=note.strip())
    log_action(action="case.time.add", actor=by, obj=case, extra={"entry": entry.pk, "minutes": minutes})
    return entry


# --- Closing ---------------------------------------------------------------------------------------

@transaction.atomic
def close_case(*, case: Case, by: Any, outcome: str, closing_code: ClosingCode | None = None, note: str = ""
               ) -> Case:
    """Close with an outcome. Refused while a deadline that is still ahead is open: each must
    be marked done or cancelled (with a reason) first, so closing never hides a deadline."""
    from .kinds import Outcome

    if case.closed_at is not None:
        raise ValidationError(_("This case is already closed."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    pending = case.deadlines.filter(state=Deadline.State.OPEN, due__gte=timezone.localdate()).count()
    if pending:
        raise ValidationError(_("This case still has %(count)s open deadline(s) ahead. Mark each done or cancel "
                                "it with a reason before closing.") % {"count": pending})
    before = snapshot(case)
    case.closed_at = timezone.now()
    case.closed_by = by
    case.outcome = outcome
    case.closing_code = closing_code
    case.closing_note = note.strip()
    case.status = Status.CLOSED
    case.version += 1
    case.save(update_fields=["closed_at", "closed_by", "outcome", "closing_code", "closing_note", "status",
                             "version"])
    log_action(action="case.close", actor=by, obj=case, changes=diff(before, snapshot(case)))
    return case


@transaction.atomic
def reopen_case(*, case: Case, by: Any, reason: str) -> Case:
    if case.closed_at is None:
        raise ValidationError(_("This case is open."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    before = snapshot(case)
    case.closed_at = None
    case.closed_by = None
    case.status = workflow(case.kind)[0]
    case.version += 1
    case.save(update_fields=["closed_at", "closed_by", "status", "version"])
    log_action(action="case.reopen", actor=by, obj=case, changes=diff(before, snapshot(case)),
               extra={"reason": reason.strip()})
    return case


# --- Emergency access ------------------------------------------------------------------------------

@transaction.atomic
def break_glass(*, user: Any, case: Case, reason: str, hours: int = BREAK_GLASS_HOURS) -> BreakGlassGrant:
    """Emergency access to a restricted case for ``hours``: needs ``cases.break_glass`` and a
    reason; audited, and shown on the case page to its team (who are also e-mailed)."""
    if not has_capability(user, "cases.break_glass"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Explain the emergency in a sentence; the team will read it.")})
    if not case.restricted:
        raise ValidationError(_("This case is not restricted: no emergency access is needed."))
    hours = max(1, min(int(hours), 24))
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(case=case, user=user, reason=reason, granted_at=now,
                                           expires_at=now + dt.timedelta(hours=hours))
    log_action(action="case.break_glass", actor=user, obj=case,
               extra={"grant": grant.pk, "reason": reason, "expires_at": grant.expires_at.isoformat()})
    transaction.on_commit(lambda: _tell_team_about_break_glass(grant.pk))
    return grant


def _tell_team_about_break_glass(grant_id: int) -> None:
    from .notifications import break_glass_notice

    break_glass_notice(grant_id)


# --- Calendar feeds --------------------------------------------------------------------------------

def feed_token_hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"calendar:{token}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def create_calendar_feed(*, user: Any) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for ``user`` (earlier ones are revoked). The token is
    returned once and only its keyed hash is kept."""
    now = timezone.now()
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=feed_token_hash(token), prefix=token[:6])
    log_action(action="calendar.create", actor=user, obj=feed, object_label=f"{feed.prefix}…")
    return feed, token


@transaction.atomic
def revoke_calendar_feed(*, feed: CalendarFeed, by: Any) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    log_action(action="calendar.revoke", actor=by, obj=feed, object_label=f"{feed.prefix}…")
    return feed


def feed_for_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=feed_token_hash(token),
                                                              revoked_at__isnull=True).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def touch_feed(feed: CalendarFeed) -> None:
    """Note when the feed was last read (no audit entry per poll: calendars poll every few minutes)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > dt.timedelta(minutes=10):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)


# --- Export ----------------------------------------------------------------------------------------

@transaction.atomic
def start_export(*, by: Any, filters: Mapping[str, Any], fmt: str = "csv") -> Any:
    """Queue an export of the case list as filtered (CSV or Excel); the file is for ``by`` alone
    and is read with their permissions. Audited with the restricted cases it will contain."""
    from amparo.core.models import TaskProgress

    from .selectors import cases
    from .tasks import export_cases

    if fmt not in ("csv", "xlsx"):
        raise ValidationError(_("Choose CSV or Excel."))
    payload = {k: v for k, v in filters.items() if v not in (None, "")}
    progress = TaskProgress.objects.create(owner=by, kind="cases.export", label=f"cases.{fmt}")
    hidden = cases(by, payload, action="export").filter(restricted=True)  # type: ignore[arg-type]
    restricted = list(hidden.values_list("pk", flat=True)[:1000])
    log_action(action="case.export", actor=by, obj=progress, object_label=f"cases.{fmt}",
               extra={"filters": payload, "format": fmt, "restricted_cases": restricted})
    transaction.on_commit(lambda: export_cases.enqueue(str(progress.pk), payload, fmt))
    return progress
