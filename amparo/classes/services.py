"""Every write of the classes app: one transaction, one audit entry each.

Dates that decide something (sessions held so far, the day a certificate is issued, the day of
a practice) are passed in as ``today``: nothing here reads the clock for them.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import holidays as holiday_calendars
from dateutil import rrule
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import diff, log_action, snapshot
from amparo.core.exceptions import ConcurrentEdit
from amparo.core.i18n import language
from amparo.people.models import ContactPoint, Person
from amparo.rules.civics import CivicsTest, civics_test

from .models import (
    Attendance,
    Certificate,
    CertificateKind,
    ClassSession,
    Course,
    Enrolment,
    EnrolmentStatus,
    Mark,
    Practice,
    PracticeAnswer,
    PracticeOutcome,
    Question,
    QuestionKind,
    Section,
    Term,
)

WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


# --- Courses, terms, sections, sessions ------------------------------------------------------------

@transaction.atomic
def create_course(*, by: Any, fields: Mapping[str, Any]) -> Course:
    course = Course.objects.create(**fields)
    log_action(action="classes.course_create", actor=by, obj=course, changes=diff({}, snapshot(course)))
    return course


@transaction.atomic
def update_course(*, course: Course, by: Any, fields: Mapping[str, Any]) -> Course:
    before = snapshot(course)
    for name, value in fields.items():
        setattr(course, name, value)
    course.save()
    log_action(action="classes.course_change", actor=by, obj=course, changes=diff(before, snapshot(course)))
    return course


@transaction.atomic
def create_term(*, by: Any, name: str, starts_on: dt.date, ends_on: dt.date) -> Term:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The term ends before it starts.")})
    term = Term.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
    log_action(action="classes.term_create", actor=by, obj=term, changes=diff({}, snapshot(term)))
    return term


@transaction.atomic
def create_section(*, by: Any, course: Course, term: Term, name: str, room: str = "", capacity: int = 20,
                   teachers: Iterable[Any] = ()) -> Section:
    section = Section.objects.create(course=course, term=term, name=name, room=room, capacity=capacity)
    section.teachers.set(list(teachers))
    log_action(action="classes.section_create", actor=by, obj=section,
               changes=diff({}, snapshot(section)), extra={"teachers": [t.pk for t in section.teachers.all()]})
    return section


@transaction.atomic
def update_section(*, section: Section, by: Any, fields: Mapping[str, Any], teachers: Iterable[Any] | None = None,
                   version: int | None = None) -> Section:
    locked = Section.objects.select_for_update().get(pk=section.pk)
    if version is not None and version != locked.version:
        raise ConcurrentEdit(locked)
    before = snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    if teachers is not None:
        locked.teachers.set(list(teachers))
    log_action(action="classes.section_change", actor=by, obj=locked, changes=diff(before, snapshot(locked)))
    _promote(locked, by=by)          # more seats may have opened
    return locked


def session_dates(*, weekdays: Sequence[int], first: dt.date, last: dt.date,
                  skip_holidays: bool = True) -> tuple[list[dt.date], list[dt.date]]:
    """The dates of a weekly rule from ``first`` to ``last`` (inclusive), and the holidays skipped
    (U.S. federal holidays with their observed days)."""
    if last < first:
        raise ValidationError({"last": _("The last day is before the first.")})
    rule = rrule.rrule(rrule.WEEKLY, byweekday=[WEEKDAYS[d] for d in sorted(set(weekdays))],
                       dtstart=dt.datetime.combine(first, dt.time()), until=dt.datetime.combine(last, dt.time()))
    days = [d.date() for d in rule]
    if not skip_holidays:
        return days, []
    closed = holiday_calendars.country_holidays("US", years=range(first.year, last.year + 1))
    return [d for d in days if d not in closed], [d for d in days if d in closed]


@transaction.atomic
def generate_sessions(*, section: Section, by: Any, weekdays: Sequence[int], starts_at: dt.time, ends_at: dt.time,
                      first: dt.date, last: dt.date, skip_holidays: bool = True) -> tuple[int, list[dt.date]]:
    """Create one session per date of the rule (none twice on a date); returns (created, holidays skipped)."""
    if not weekdays:
        raise ValidationError({"weekdays": _("Choose at least one day of the week.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session ends before it starts.")})
    days, skipped = session_dates(weekdays=weekdays, first=first, last=last, skip_holidays=skip_holidays)
    existing = set(section.sessions.values_list("date", flat=True))
    new = [ClassSession(section=section, date=d, starts_at=starts_at, ends_at=ends_at) for d in days
           if d not in existing]
    ClassSession.objects.bulk_create(new)
    days = ",".join(str(d) for d in sorted(set(weekdays)))
    section.schedule = f"{days}|{starts_at:%H:%M}|{ends_at:%H:%M}|{first.isoformat()}|{last.isoformat()}"
    section.save(update_fields=["schedule"])
    log_action(action="classes.sessions_generate", actor=by, obj=section,
               extra={"created": len(new), "skipped_holidays": [d.isoformat() for d in skipped],
                      "rule": section.schedule})
    return len(new), skipped


@transaction.atomic
def update_session(*, session: ClassSession, by: Any, fields: Mapping[str, Any], today: dt.date) -> ClassSession:
    before = snapshot(session)
    for name, value in fields.items():
        setattr(session, name, value)
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The session ends before it starts.")})
    if session.marks.exists() and (session.cancelled or session.date > today):
        raise ValidationError({"date": _("Attendance was taken at this session: it cannot be cancelled or "
                                         "moved to a day that has not come yet.")})
    session.save()
    log_action(action="classes.session_change", actor=by, obj=session, changes=diff(before, snapshot(session)))
    if "starts_at" in fields or "ends_at" in fields:
        for enrolment in Enrolment.objects.filter(marks__session=session):
            _refresh_totals(enrolment)
    return session


# --- Enrolment and the waiting list --------------------------------------------------------------------

def _enrolled_count(section: Section) -> int:
    return section.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()


@transaction.atomic
def enrol(*, section: Section, person: Person, by: Any) -> Enrolment:
    """Enrol ``person``, or put them on the waiting list when the section is full. The section row
    is locked, so two desks enrolling at once never overfill it."""
    locked = Section.objects.select_for_update().get(pk=section.pk)
    if locked.enrolments.filter(person=person).exclude(status=EnrolmentStatus.DROPPED).exists():
        raise ValidationError(_("This person is already enrolled or waiting in this section."))
    now = timezone.now()
    full = _enrolled_count(locked) >= locked.capacity
    enrolment = Enrolment.objects.create(
        section=locked, person=person, requested_at=now,
        status=EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED, enrolled_at=None if full else now)
    if not full:
        Section.objects.filter(pk=locked.pk).update(seated=F("seated") + 1)
    log_action(action="classes.waitlist" if full else "classes.enrol", actor=by, obj=enrolment,
               extra={"section": locked.pk, "person": person.pk})
    return enrolment


@transaction.atomic
def drop(*, enrolment: Enrolment, by: Any, reason: str, note: str = "") -> Enrolment:
    locked_section = Section.objects.select_for_update().get(pk=enrolment.section_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.DROPPED:
        return enrolment
    before = snapshot(enrolment)
    enrolment.status = EnrolmentStatus.DROPPED
    enrolment.dropped_at = timezone.now()
    enrolment.drop_reason = reason
    enrolment.drop_note = note
    enrolment.save()
    log_action(action="classes.drop", actor=by, obj=enrolment, changes=diff(before, snapshot(enrolment)))
    _promote(locked_section, by=by)
    return enrolment


def _promote(section: Section, *, by: Any) -> list[Enrolment]:
    """Move the first people on the waiting list into free seats (the caller holds the section's
    row lock) and tell each of them, in their language, once the transaction commits."""
    promoted = []
    free = section.capacity - _enrolled_count(section)
    if free <= 0:
        return promoted
    waiting = list(section.enrolments.select_for_update().filter(status=EnrolmentStatus.WAITING)
                   .order_by("requested_at", "id")[:free])
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = timezone.now()
        enrolment.save(update_fields=["status", "enrolled_at"])
        Section.objects.filter(pk=section.pk).update(seated=F("seated") + 1)
        log_action(action="classes.promote", actor=by, obj=enrolment, extra={"section": section.pk})
        transaction.on_commit(lambda pk=enrolment.pk: notify_promoted(pk))
        promoted.append(enrolment)
    return promoted


def notify_promoted(enrolment_pk: int) -> bool:
    """E-mail a person moved off the waiting list, in their own language (the course and the
    first session; nothing about any legal matter)."""
    enrolment = Enrolment.objects.select_related("section__course", "person").get(pk=enrolment_pk)
    email = (ContactPoint.objects.filter(person=enrolment.person, kind=ContactPoint.Kind.EMAIL)
             .order_by("-is_primary", "id").values_list("value", flat=True).first())
    if not email:
        return False
    first = enrolment.section.sessions.filter(cancelled=False, date__gte=timezone.localdate()).first()
    with language(enrolment.person.preferred_language):
        subject = _("A seat opened for you: %(course)s") % {"course": enrolment.section.course.name}
        body = _("Hello %(name)s,\n\nA seat opened in %(course)s (%(section)s) and you are now enrolled.")% {
            "name": enrolment.person.preferred_name or enrolment.person.given_names,
            "course": enrolment.section.course.name, "section": enrolment.section.name}
        if first is not None:
            body += "\n" + _("First session: %(date)s, %(time)s.") % {
                "date": first.date.isoformat(), "time": first.starts_at.strftime("%H:%M")}
        if enrolment.section.room:
            body += "\n" + _("Room: %(room)s") % {"room": enrolment.section.room}
    send_mail(subject, body, None, [email], fail_silently=False)
    return True


@transaction.atomic
def set_final_score(*, enrolment: Enrolment, by: Any, score: int | None) -> Enrolment:
    if score is not None and not 0 <= score <= 100:
        raise ValidationError({"final_score": _("Enter a score from 0 to 100.")})
    before = snapshot(enrolment)
    enrolment.final_score = score
    enrolment.save(update_fields=["final_score"])
    log_action(action="classes.final_score", actor=by, obj=enrolment, changes=diff(before, snapshot(enrolment)))
    return enrolment


# --- Attendance ---------------------------------------------------------------------------------------

def held_sessions(section: Section, today: dt.date) -> int:
    return section.sessions.filter(cancelled=False, date__lte=today).count()


def _refresh_totals(enrolment: Enrolment) -> None:
    totals = enrolment.marks.filter(session__cancelled=False).aggregate(
        present=Count("pk", filter=Q(mark=Mark.PRESENT)), late=Count("pk", filter=Q(mark=Mark.LATE)),
        absent=Count("pk", filter=Q(mark=Mark.ABSENT)), excused=Count("pk", filter=Q(mark=Mark.EXCUSED)))
    minutes = sum(s.minutes for s in ClassSession.objects.filter(
        marks__enrolment=enrolment, marks__mark__in=[Mark.PRESENT, Mark.LATE], cancelled=False))
    Enrolment.objects.filter(pk=enrolment.pk).update(minutes=minutes, **totals)
    Section.objects.filter(pk=enrolment.section_id).update(
        minutes=Coalesce(Subquery(Enrolment.objects.filter(section_id=enrolment.section_id).order_by()
                                  .values("section_id").annotate(total=Sum("minutes")).values("total")), 0))
    for name, value in {**totals, "minutes": minutes}.items():
        setattr(enrolment, name, value)


@transaction.atomic
def record_attendance(*, session: ClassSession, enrolment: Enrolment, mark: str, by: Any,
                      today: dt.date) -> Attendance:
    """One tap: mark one student at one held session (again to change it)."""
    if mark not in Mark.values:
        raise ValidationError({"mark": _("Unknown attendance mark.")})
    if enrolment.section_id != session.section_id or enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("This student is not enrolled in this section."))
    if session.cancelled or session.date > today:
        raise ValidationError(_("Attendance is taken only at sessions that have been held."))
    existing = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    before = existing.mark if existing else ""
    if existing is None:
        existing = Attendance.objects.create(session=session, enrolment=enrolment, mark=mark, recorded_by=by)
    elif existing.mark != mark:
        existing.mark = mark
        existing.recorded_by = by
        existing.save(update_fields=["mark", "recorded_by", "recorded_at"])
    else:
        return existing
    _refresh_totals(enrolment)
    log_action(action="classes.attendance", actor=by, obj=enrolment, changes={"mark": [before, mark]},
               extra={"session": session.pk, "date": session.date.isoformat()})
    return existing


# --- Certificates -------------------------------------------------------------------------------------

def certificate_refusal(enrolment: Enrolment, kind: str, *, held: int) -> str | None:
    """Why ``enrolment`` does not earn a certificate of ``kind`` (None: it does), by its course's rules."""
    course = enrolment.section.course
    if enrolment.status != EnrolmentStatus.ENROLLED:
        return _("Not enrolled.")
    percent = enrolment.percent(held)
    if percent is None:
        return _("No sessions held yet.")
    if percent < course.min_attendance_percent:
        return _("Attendance %(percent)s%% is below the %(minimum)s%% required.") % {
            "percent": percent, "minimum": course.min_attendance_percent}
    if kind == CertificateKind.COMPLETION and course.requires_final_assessment:
        if enrolment.final_score is None:
            return _("No final assessment recorded.")
        if enrolment.final_score < course.passing_score:
            return _("Final assessment %(score)s%% is below the %(minimum)s%% required.") % {
                "score": enrolment.final_score, "minimum": course.passing_score}
    return None


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def issue_certificates(*, section: Section, kind: str, by: Any, today: dt.date
                       ) -> tuple[list[Certificate], list[tuple[Enrolment, str]]]:
    """Issue ``kind`` to every enrolled student who meets the course's rule (and has none yet);
    return those issued and those refused with the reason."""
    held = held_sessions(section, today)
    issued: list[Certificate] = []
    refused: list[tuple[Enrolment, str]] = []
    have = set(Certificate.objects.filter(enrolment__section=section, kind=kind).values_list("enrolment_id", flat=True))
    for enrolment in section.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person",
                                                                                               "section__course"):
        if enrolment.pk in have:
            continue
        reason = certificate_refusal(enrolment, kind, held=held)
        if reason:
            refused.append((enrolment, reason))
            continue
        cert = Certificate.objects.create(enrolment=enrolment, kind=kind, code=_new_code(), issued_on=today,
                                          attendance_percent=enrolment.percent(held) or 0,
                                          hours=round(enrolment.minutes / 60, 2), issued_by=by)
        log_action(action="classes.certificate_issue", actor=by, obj=cert,
                   extra={"kind": kind, "enrolment": enrolment.pk})
        issued.append(cert)
    return issued, refused


# --- The question bank and practice ---------------------------------------------------------------------

QUESTION_FIELDS = ("kind", "version", "number", "text_en", "text_es", "answers_en", "answers_es",
                   "sixty_five_twenty", "sample")
TRUE = {"1", "true", "yes", "y", "x", "sí", "si", "verdadero"}


def _question_values(row: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    kind = str(row.get("kind") or QuestionKind.CIVICS).strip().lower()
    if kind not in QuestionKind.values:
        raise ValueError(_("kind must be one of: %(kinds)s") % {"kinds": ", ".join(QuestionKind.values)})
    version = str(row.get("version") or "").strip()
    if version not in ("2008", "2025"):
        raise ValueError(_("version must be 2008 or 2025"))
    try:
        number = int(str(row.get("number") or "").strip())
    except ValueError:
        raise ValueError(_("number must be a whole number")) from None
    text_en = str(row.get("text_en") or "").strip()
    if not text_en:
        raise ValueError(_("the English question is missing"))
    values.update(kind=kind, version=version, number=number, text_en=text_en,
                  text_es=str(row.get("text_es") or "").strip(),
                  answers_en="\n".join(a.strip() for a in str(row.get("answers_en") or "").split("|") if a.strip()),
                  answers_es="\n".join(a.strip() for a in str(row.get("answers_es") or "").split("|") if a.strip()),
                  sixty_five_twenty=str(row.get("sixty_five_twenty") or "").strip().lower() in TRUE,
                  sample=str(row.get("sample") or "").strip().lower() in TRUE)
    return values


@transaction.atomic
def import_questions(*, rows: Iterable[tuple[int, Mapping[str, Any]]], by: Any) -> tuple[int, list[tuple[int, str]]]:
    """Create or update questions from rows (line, mapping); keep the good rows and report each
    refused one with its line and reason. Answers are separated by ``|``."""
    saved = 0
    errors: list[tuple[int, str]] = []
    for line, row in rows:
        try:
            values = _question_values(row)
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        Question.objects.update_or_create(kind=values.pop("kind"), version=values.pop("version"),
                                          number=values.pop("number"), defaults=values)
        saved += 1
    log_action(action="classes.questions_import", actor=by, obj=None,
               extra={"saved": saved, "refused": len(errors)})
    return saved, errors


ENGLISH_SENTENCES = 10


def practice_rules(practice: Practice) -> CivicsTest:
    return civics_test(practice.filed_on, sixty_five_twenty=practice.sixty_five_twenty)


@transaction.atomic
def start_practice(*, person: Person, by: Any, filed_on: dt.date, held_on: dt.date,
                   sixty_five_twenty: bool = False, kind: str = QuestionKind.CIVICS) -> Practice:
    """A practice interview with the test the rules engine gives for the filing date."""
    test = civics_test(filed_on, sixty_five_twenty=sixty_five_twenty)
    rules = test.to_dict()
    if kind != QuestionKind.CIVICS:
        # RULES.md states no rule for the English reading and writing test: the practice goes
        # through up to ENGLISH_SENTENCES sentences of the list and records each, with no pass mark.
        rules = {"version": test.version, "asked": ENGLISH_SENTENCES, "pass_mark": None,
                 "stop_after_correct": None, "stop_after_wrong": None, "source": "", "derived": [],
                 "warnings": [], "rules_version": test.rules_version}
    practice = Practice.objects.create(person=person, kind=kind, filed_on=filed_on,
                                       sixty_five_twenty=sixty_five_twenty and kind == QuestionKind.CIVICS,
                                       version=test.version, rules=rules, held_on=held_on, started_by=by)
    log_action(action="classes.practice_start", actor=by, obj=practice,
               extra={"person": person.pk, "version": test.version})
    return practice


def practice_pool(practice: Practice) -> Any:
    pool = Question.objects.filter(kind=practice.kind, version=practice.version)
    if practice.sixty_five_twenty and practice.kind == QuestionKind.CIVICS:
        pool = pool.filter(sixty_five_twenty=True)
    return pool


def next_question(practice: Practice) -> Question | None:
    """The question to ask now: the one asked and not answered yet, or a new one drawn from the
    bank in an order fixed by the practice's id (reproducible), or None when it is over."""
    if practice.outcome:
        return None
    pending = practice.answers.filter(correct__isnull=True).select_related("question").first()
    if pending is not None:
        return pending.question
    limit = int(practice.rules.get("asked", 0))
    if practice.asked >= limit:
        return None
    asked = practice.answers.values_list("question_id", flat=True)
    ids = list(practice_pool(practice).exclude(pk__in=asked).values_list("pk", flat=True))
    if not ids:
        return None
    chosen = random.Random(practice.pk * 7919 + practice.asked).choice(sorted(ids))
    PracticeAnswer.objects.create(practice=practice, question_id=chosen, order=practice.asked + 1)
    return Question.objects.get(pk=chosen)


@transaction.atomic
def answer(*, practice: Practice, question: Question, correct: bool, by: Any) -> Practice:
    """Record a right or wrong answer and apply the stop rule of the rules engine."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.outcome:
        raise ValidationError(_("This practice is over."))
    row = practice.answers.filter(question=question, correct__isnull=True).first()
    if row is None:
        raise ValidationError(_("This question is not the one being asked."))
    row.correct = correct
    row.save(update_fields=["correct"])
    practice.asked += 1
    practice.correct += int(correct)
    practice.wrong += int(not correct)
    exhausted = not practice_pool(practice).exclude(pk__in=practice.answers.values("question_id")).exists()
    if practice.kind != QuestionKind.CIVICS:
        outcome = PracticeOutcome.DONE if exhausted or practice.asked >= ENGLISH_SENTENCES else None
    else:
        test = practice_rules(practice)
        outcome = test.outcome(practice.correct, practice.wrong)
        if outcome is None and exhausted:
            outcome = "passed" if practice.correct >= test.pass_mark else "failed"
    practice.outcome = outcome or ""
    practice.save(update_fields=["asked", "correct", "wrong", "outcome"])
    log_action(action="classes.practice_answer", actor=by, obj=practice,
               extra={"question": question.pk, "correct": correct, "outcome": practice.outcome})
    return practice


def most_missed(queryset: Any, limit: int = 10) -> list[dict[str, Any]]:
    """The questions most often answered wrong in ``queryset`` of practices."""
    return list(PracticeAnswer.objects.filter(practice__in=queryset, correct=False)
                .values("question__number", "question__version", "question__text_en", "question__text_es")
                .annotate(missed=Count("pk")).order_by("-missed", "question__number")[:limit])


def hours_by_course(enrolments: Any) -> list[dict[str, Any]]:
    """Hours of instruction received, per course (and its funder), from ``enrolments``."""
    return list(enrolments.values("section__course__funder", "section__course__name", "section__course_id")
                .annotate(students=Count("pk"), minutes=Sum("minutes"))
                .order_by("section__course__funder", "section__course__name"))
