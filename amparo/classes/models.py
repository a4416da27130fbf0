"""Courses, terms, sections and their sessions; enrolment with a waiting list; attendance;
certificates; the civics and English question bank and practice sessions.

Totals a roll or a funder's report needs (sessions attended, minutes) are kept on the
enrolment by the attendance service, so a roll of 40 and a report over 200,000 enrolments
read one row per enrolment, never every mark.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.people.models import Person


class CourseKind(models.TextChoices):
    CITIZENSHIP = "citizenship", _("Citizenship preparation")
    ESL = "esl", _("English as a second language")
    LITERACY = "literacy", _("Literacy")
    JOB_TRAINING = "job_training", _("Job training")
    ARTS = "arts", _("Arts for children")
    OTHER = "other", pgettext_lazy("kind of course", "Other")


class Language(models.TextChoices):
    ES = "es", _("Spanish")
    EN = "en", _("English")
    BOTH = "es-en", _("Spanish and English")


class Course(models.Model):
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices, default=CourseKind.CITIZENSHIP)
    level = models.CharField(_("level"), max_length=60, blank=True)
    language = models.CharField(_("language of instruction"), max_length=5, choices=Language.choices,
                                default=Language.ES)
    funder = models.CharField(_("funder"), max_length=150, blank=True, db_index=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance for a certificate (%)"), default=80)
    requires_final_assessment = models.BooleanField(_("completion needs a passing final assessment"), default=True)
    passing_score = models.PositiveSmallIntegerField(_("passing score of the final assessment (%)"), default=70)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classes:home")


class Term(models.Model):
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="classes_term_dates")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classes:home")


WEEKDAY_NAMES = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


class Section(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sections", verbose_name=_("course"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sections", verbose_name=_("term"))
    name = models.CharField(_("name"), max_length=100)
    teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="class_sections",
                                      verbose_name=_("teachers"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=20)
    schedule = models.CharField(_("schedule"), max_length=300, blank=True, editable=False)
    # Kept by the services for funders' reports: enrolments ever seated (dropped ones included)
    # and the minutes of instruction they received.
    seated = models.PositiveIntegerField(default=0, editable=False)
    minutes = models.PositiveBigIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["course__name", "name", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.course.name} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("classes:section", args=[self.pk])

    @property
    def schedule_text(self) -> str:
        """The weekly rule its sessions were made from, in the reader's language."""
        parts = self.schedule.split("|")
        if len(parts) != 5:
            return ""
        days, starts, ends, first, last = parts
        names = ", ".join(str(WEEKDAY_NAMES[int(d)]) for d in days.split(",") if d.isdigit() and int(d) < 7)
        return f"{names} · {starts}–{ends} · {first} – {last}"


class ClassSession(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["section", "date"], name="classes_session_section_date")]

    def __str__(self) -> str:
        return f"{self.section} · {self.date.isoformat()}"

    @property
    def minutes(self) -> int:
        start = dt.datetime.combine(self.date, self.starts_at)
        end = dt.datetime.combine(self.date, self.ends_at)
        return max(0, int((end - start).total_seconds() // 60))

    def held_by(self, today: dt.date) -> bool:
        return not self.cancelled and self.date <= today


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("enrolment status", "Enrolled")
    WAITING = "waiting", _("On the waiting list")
    DROPPED = "dropped", pgettext_lazy("enrolment status", "Dropped")


class DropReason(models.TextChoices):
    WORK = "work", _("Work schedule")
    MOVED = "moved", _("Moved away")
    HEALTH = "health", _("Health or family")
    TRANSPORT = "transport", _("Transportation")
    NO_SHOW = "no_show", _("Never came")
    OTHER = "other", pgettext_lazy("reason for dropping a class", "Other")


class Enrolment(models.Model):
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="class_enrolments")
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    requested_at = models.DateTimeField(_("requested"))
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("dropped"), null=True, blank=True)
    drop_reason = models.CharField(_("reason"), max_length=20, choices=DropReason.choices, blank=True)
    drop_note = models.CharField(_("note"), max_length=200, blank=True)
    final_score = models.PositiveSmallIntegerField(_("final assessment (%)"), null=True, blank=True)
    # Kept by services.record_attendance from the marks of held sessions.
    present = models.PositiveIntegerField(default=0, editable=False)
    late = models.PositiveIntegerField(default=0, editable=False)
    absent = models.PositiveIntegerField(default=0, editable=False)
    excused = models.PositiveIntegerField(default=0, editable=False)
    minutes = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["person__first_surname", "person__given_names", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["section", "person"], condition=~Q(status="dropped"),
                                               name="classes_one_live_enrolment")]
        indexes = [models.Index(fields=["section", "status", "requested_at"], name="classes_enrol_section")]

    def __str__(self) -> str:
        return f"{self.person} · {self.section}"

    @property
    def attended(self) -> int:
        return self.present + self.late

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    def percent(self, held: int) -> int | None:
        """Attendance over the sessions held so far (``held``), excused sessions left out."""
        counted = held - self.excused
        if counted <= 0:
            return None
        return round(100 * self.attended / counted)


class Mark(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    LATE = "late", pgettext_lazy("attendance", "Late")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused")


class Attendance(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="marks")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="marks")
    mark = models.CharField(_("attendance"), max_length=10, choices=Mark.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [models.UniqueConstraint(fields=["enrolment", "session"], name="classes_one_mark")]
        indexes = [models.Index(fields=["session"], name="classes_mark_session")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrolment_id}: {self.mark}"


class CertificateKind(models.TextChoices):
    ATTENDANCE = "attendance", _("Certificate of attendance")
    COMPLETION = "completion", _("Certificate of completion")


class Certificate(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=12, choices=CertificateKind.choices)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    issued_on = models.DateField(_("issued"))
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["enrolment", "kind"], name="classes_one_certificate")]

    def __str__(self) -> str:
        return self.code


class QuestionKind(models.TextChoices):
    CIVICS = "civics", _("Civics")
    READING = "reading", _("Reading")
    WRITING = "writing", _("Writing")


class Question(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.CIVICS)
    version = models.CharField(_("test version"), max_length=4, choices=[("2008", "2008"), ("2025", "2025")])
    number = models.PositiveIntegerField(_("number"))
    text_en = models.TextField(_("question (English)"))
    text_es = models.TextField(_("question (Spanish)"), blank=True)
    answers_en = models.TextField(_("accepted answers (English), one a line"), blank=True)
    answers_es = models.TextField(_("accepted answers (Spanish), one a line"), blank=True)
    sixty_five_twenty = models.BooleanField(_("65/20 question"), default=False)
    sample = models.BooleanField(_("demo sample"), default=False)

    class Meta:
        ordering = ["kind", "version", "number"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["kind", "version", "number"], name="classes_one_question")]

    def __str__(self) -> str:
        return f"{self.version}-{self.number}"


class PracticeOutcome(models.TextChoices):
    PASSED = "passed", pgettext_lazy("practice result", "Passed")
    FAILED = "failed", pgettext_lazy("practice result", "Not passed")
    DONE = "done", pgettext_lazy("practice result", "Finished")


class Practice(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="class_practices")
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.CIVICS)
    filed_on = models.DateField(_("N-400 filing date (or planned)"))
    sixty_five_twenty = models.BooleanField(_("65 or older and a permanent resident 20 years"), default=False)
    version = models.CharField(_("test version"), max_length=4)
    asked = models.PositiveSmallIntegerField(default=0)
    correct = models.PositiveSmallIntegerField(default=0)
    wrong = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(_("result"), max_length=10, choices=PracticeOutcome.choices, blank=True)
    rules = models.JSONField(default=dict)
    held_on = models.DateField(_("date"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [models.Index(fields=["person", "held_on"], name="classes_practice_person")]

    def __str__(self) -> str:
        return f"{self.version} · {self.held_on.isoformat()}"


class PracticeAnswer(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    order = models.PositiveSmallIntegerField()
    correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["practice", "question"], name="classes_question_once")]

    def __str__(self) -> str:
        return f"{self.practice_id}#{self.order}"
