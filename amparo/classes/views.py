"""Pages of classes: sections and their rolls, sessions, enrolment and the waiting list, the
phone attendance page, certificates (and their public verification), the question bank and
practice interviews, the funders' hours.

Every record is read through the gate; the services write. Views pass today's date to them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core.csv_import import CsvFileError
from amparo.core.paging import get_page
from amparo.core.permissions import CHANGE, CREATE, VIEW, can, get_visible_or_404, restrict
from amparo.people import services as people_services
from amparo.people.models import ContactPoint, Person

from . import certificates, selectors, services
from .forms import (
    CourseForm,
    DropForm,
    EnrolSearchForm,
    NewStudentForm,
    PracticeForm,
    QuestionImportForm,
    ScheduleForm,
    ScoreForm,
    SectionEditForm,
    SectionForm,
    SessionForm,
    TermForm,
)
from .imports import read_question_file
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
    Question,
    QuestionKind,
    Section,
    Term,
)


def _need(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _section(request: HttpRequest, pk: int, action: str = VIEW) -> Section:
    return get_visible_or_404(request.user, Section.objects.select_related("course", "term"), pk=pk, action=action)


# --- Sections --------------------------------------------------------------------------------------

def home(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, VIEW, Section) or can(request.user, "classes.view"))
    sections = (restrict(Section.objects.select_related("course", "term"), request.user, VIEW)
                .annotate(enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
                          waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)))
                .order_by("-term__starts_on", "course__name", "name", "id"))
    page = get_page(Paginator(sections, 50), request.GET.get("page"))
    return render(request, "classes/home.html", {
        "page": page, "may_manage": can(request.user, CREATE, Course),
        "may_export": can(request.user, "classes.export"),
    })


def _form_page(request: HttpRequest, form: Any, title: str, save: Any, cancel: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else reverse("classes:home"))
    return render(request, "classes/form.html", {"form": form, "title": title, "cancel": cancel})


def course_new(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, CREATE, Course))
    form = CourseForm(request.POST or None)
    return _form_page(request, form, _("New course"),
                      lambda f: services.create_course(by=request.user, fields=f.cleaned_data),
                      reverse("classes:home"))


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_visible_or_404(request.user, Course.objects, pk=pk, action=CHANGE)
    form = CourseForm(request.POST or None, instance=Course.objects.get(pk=course.pk))
    return _form_page(request, form, _("Edit course"),
                      lambda f: services.update_course(course=course, by=request.user, fields=f.cleaned_data),
                      reverse("classes:home"))


def term_new(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, CREATE, Term))
    form = TermForm(request.POST or None)
    return _form_page(request, form, _("New term"),
                      lambda f: services.create_term(by=request.user, **f.cleaned_data), reverse("classes:home"))


def section_new(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, CREATE, Section))
    form = SectionForm(request.POST or None, initial={"course": request.GET.get("course")})

    def save(f: Any) -> Section:
        data = dict(f.cleaned_data)
        return services.create_section(by=request.user, teachers=data.pop("teachers"), **data)

    return _form_page(request, form, _("New section"), save, reverse("classes:home"))


def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk, CHANGE)
    form = SectionEditForm(request.POST or None, instance=Section.objects.get(pk=section.pk),
                           initial={"version": section.version})

    def save(f: Any) -> Section:
        data = dict(f.cleaned_data)
        version = data.pop("version")
        return services.update_section(section=section, by=request.user, teachers=data.pop("teachers"),
                                       fields=data, version=version)

    return _form_page(request, form, _("Edit section"), save, section.get_absolute_url())


def section_detail(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    today = timezone.localdate()
    context = selectors.roll(section, today=today)
    context.update({
        "section": section, "today": today,
        "may_manage": can(request.user, CHANGE, section),
        "may_teach": can(request.user, CREATE, Attendance) and can(request.user, CHANGE, Enrolment(section=section)),
        "may_export": can(request.user, "classes.export"),
        "schedule_form": ScheduleForm(initial={"first": section.term.starts_on, "last": section.term.ends_on,
                                               "skip_holidays": True}),
        "drop_form": DropForm(), "search_form": EnrolSearchForm(), "new_student_form": NewStudentForm(),
        "certificates": Certificate.objects.filter(enrolment__section=section).select_related("enrolment__person"),
    })
    return render(request, "classes/section.html", context)


@require_POST
def section_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk, CHANGE)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            created, skipped = services.generate_sessions(section=section, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s sessions created.") % {"count": created})
            if skipped:
                messages.info(request, _("Holidays skipped: %(dates)s") % {
                    "dates": ", ".join(d.isoformat() for d in skipped)})
    else:
        messages.error(request, _("Check the schedule: days, times and dates are needed."))
    return redirect(section.get_absolute_url() + "#sessions")


def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(request.user, ClassSession.objects.select_related("section__course"), pk=pk,
                                 action=CHANGE)
    form = SessionForm(request.POST or None, instance=ClassSession.objects.get(pk=session.pk))

    def save(f: Any) -> Section:
        services.update_session(session=session, by=request.user, fields=f.cleaned_data,
                                today=timezone.localdate())
        return session.section

    return _form_page(request, form, _("Edit session"), save, session.section.get_absolute_url())


# --- Enrolment --------------------------------------------------------------------------------------

def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Find a person (through the people gate) or add a new student, then enrol them."""
    section = _section(request, pk, CHANGE)
    _need(can(request.user, CREATE, Enrolment))
    search = EnrolSearchForm(request.GET or None)
    found: Any = []
    may_search = can(request.user, VIEW, Person)
    if may_search and search.is_valid() and search.cleaned_data["q"]:
        words = search.cleaned_data["q"].split()
        people = restrict(Person.objects.current(), request.user, VIEW)
        for word in words[:4]:
            people = people.filter(Q(given_names__icontains=word) | Q(first_surname__icontains=word)
                                   | Q(second_surname__icontains=word) | Q(preferred_name__icontains=word))
        found = people.order_by("first_surname", "given_names", "id")[:20]
    new_form = NewStudentForm(request.POST or None)
    if request.method == "POST":
        person = None
        if request.POST.get("person"):
            person = get_visible_or_404(request.user, Person.objects.current(), pk=request.POST["person"])
        elif new_form.is_valid():
            data = new_form.cleaned_data
            contacts = [{"kind": ContactPoint.Kind.EMAIL, "value": data["email"]},
                        {"kind": ContactPoint.Kind.PHONE, "value": data["phone"]}]
            person = people_services.create_person(by=request.user, contacts=contacts, fields={
                k: data[k] for k in ("given_names", "first_surname", "second_surname", "preferred_language")})
        if person is not None:
            try:
                enrolment = services.enrol(section=section, person=person, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                if enrolment.status == EnrolmentStatus.WAITING:
                    messages.warning(request, _("The section is full: %(name)s is on the waiting list.")
                                     % {"name": person.full_name})
                else:
                    messages.success(request, _("%(name)s is enrolled.") % {"name": person.full_name})
            return redirect(section.get_absolute_url())
    return render(request, "classes/enrol.html", {"section": section, "search": search, "found": found,
                                                  "may_search": may_search, "new_form": new_form})


@require_POST
def drop(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_visible_or_404(request.user, Enrolment.objects.select_related("section", "person"), pk=pk,
                                   action=CHANGE)
    _need(can(request.user, CHANGE, enrolment.section))
    form = DropForm(request.POST)
    if form.is_valid():
        services.drop(enrolment=enrolment, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s dropped the class.") % {"name": enrolment.person.full_name})
    else:
        messages.error(request, _("Choose a reason."))
    return redirect(enrolment.section.get_absolute_url())


@require_POST
def final_score(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_visible_or_404(request.user, Enrolment.objects.select_related("section"), pk=pk, action=CHANGE)
    form = ScoreForm(request.POST)
    if form.is_valid():
        services.set_final_score(enrolment=enrolment, by=request.user, score=form.cleaned_data["final_score"])
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Enter a score from 0 to 100."))
    return redirect(enrolment.section.get_absolute_url())


# --- Attendance --------------------------------------------------------------------------------------

def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap per student on a phone: present, late, absent, excused."""
    session = get_visible_or_404(request.user, ClassSession.objects.select_related("section__course"), pk=pk)
    _need(can(request.user, CREATE, Attendance) and can(request.user, CHANGE, Attendance(session=session)))
    rows = selectors.attendance_rows(session)
    return render(request, "classes/attendance.html", {
        "session": session, "rows": rows, "marks": Mark.choices,
        "held": session.held_by(timezone.localdate()),
    })


@require_POST
def attendance_mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    session = get_visible_or_404(request.user, ClassSession.objects.select_related("section"), pk=pk)
    _need(can(request.user, CHANGE, Attendance(session=session)))
    enrolment = get_visible_or_404(request.user, Enrolment.objects.select_related("person"), pk=enrolment_pk,
                                   section=session.section)
    error = ""
    try:
        services.record_attendance(session=session, enrolment=enrolment, mark=request.POST.get("mark", ""),
                                   by=request.user, today=timezone.localdate())
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        row = selectors.attendance_rows(session, enrolment_ids=[enrolment.pk])[0]
        return render(request, "classes/attendance.html#row", {"row": row, "session": session,
                                                                "marks": Mark.choices, "error": error,
                                                                "held": True})
    if error:
        messages.error(request, error)
    return redirect(reverse("classes:attendance", args=[session.pk]) + f"#e{enrolment.pk}")


# --- Certificates ---------------------------------------------------------------------------------------

@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk, CHANGE)
    _need(can(request.user, CREATE, Certificate))
    kind = request.POST.get("kind", "")
    if kind not in CertificateKind.values:
        raise Http404
    issued, refused = services.issue_certificates(section=section, kind=kind, by=request.user,
                                                  today=timezone.localdate())
    messages.success(request, _("%(count)s certificate(s) issued.") % {"count": len(issued)})
    for enrolment, reason in refused:
        messages.warning(request, _("No certificate for %(name)s: %(reason)s") % {
            "name": enrolment.person.full_name, "reason": reason})
    return redirect(section.get_absolute_url() + "#certificates")


def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cert = get_visible_or_404(request.user, Certificate.objects.select_related(
        "enrolment__person", "enrolment__section__course", "enrolment__section__term"), pk=pk)
    pdf = certificates.render_pdf(cert, verify_url=request.build_absolute_uri(
        reverse("classes:verify", args=[cert.code])))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{cert.code}.pdf"'
    return response


@login_not_required
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: does this certificate exist? Shows initials, course, kind and date only."""
    cert = (Certificate.objects.select_related("enrolment__person", "enrolment__section__course")
            .filter(code=code.strip().upper()[:16]).first())
    return render(request, "classes/verify.html", {
        "cert": cert, "initials": certificates.initials(cert.enrolment.person) if cert else "",
    }, status=200 if cert else 404)


# --- Question bank and practice ----------------------------------------------------------------------

def questions(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, VIEW, Question))
    may_import = can(request.user, CREATE, Question)
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST":
        _need(may_import)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows, errors = read_question_file(upload.name, upload.read())
            except CsvFileError as exc:
                form.add_error("file", str(exc))
            else:
                saved, refused = services.import_questions(rows=rows, by=request.user)
                errors = sorted(errors + refused)
                messages.success(request, _("%(saved)s question(s) saved, %(refused)s row(s) refused.") % {
                    "saved": saved, "refused": len(errors)})
    bank = (Question.objects.values("kind", "version").annotate(total=Count("pk"),
            special=Count("pk", filter=Q(sixty_five_twenty=True)), samples=Count("pk", filter=Q(sample=True)))
            .order_by("kind", "version"))
    listed = restrict(Question.objects.all(), request.user, VIEW)
    page = get_page(Paginator(listed, 50), request.GET.get("page"))
    return render(request, "classes/questions.html", {"form": form, "errors": errors, "bank": bank, "page": page,
                                                      "may_import": may_import})


def practice_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = selectors.student(request.user, person_pk)
    _need(can(request.user, CREATE, Practice))
    form = PracticeForm(request.POST or None, initial={"kind": QuestionKind.CIVICS})
    if request.method == "POST" and form.is_valid():
        practice = services.start_practice(person=person, by=request.user, held_on=timezone.localdate(),
                                           **form.cleaned_data)
        return redirect("classes:practice", pk=practice.pk)
    return render(request, "classes/practice_new.html", {"person": person, "form": form,
                                                         **selectors.readiness(request.user, person)})


def practice(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(request.user, Practice.objects.select_related("person"), pk=pk)
    may_answer = can(request.user, CHANGE, item)
    if request.method == "POST":
        _need(may_answer)
        question = get_visible_or_404(request.user, Question.objects, pk=request.POST.get("question") or 0)
        try:
            item = services.answer(practice=item, question=question, correct=request.POST.get("correct") == "yes",
                                   by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("classes:practice", pk=item.pk)
    question = services.next_question(item) if may_answer else None
    if question is None and not item.outcome and may_answer:
        messages.warning(request, _("The question bank has no questions for this test: import them first."))
    return render(request, "classes/practice.html", {
        "practice": item, "question": question, "rules": item.rules,
        "answers": item.answers.select_related("question").exclude(correct__isnull=True),
    })


def student(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = selectors.student(request.user, person_pk)
    return render(request, "classes/student.html", {"person": person, **selectors.readiness(request.user, person),
                                                    "enrolments": selectors.enrolments_of(request.user, person,
                                                                                          timezone.localdate())})


# --- Hours and exports ---------------------------------------------------------------------------------

def hours(request: HttpRequest) -> HttpResponse:
    _need(can(request.user, "classes.export"))
    funder = request.GET.get("funder", "").strip()[:150]
    rows = selectors.funder_hours(request.user, funder=funder or None)
    funders = list(restrict(Course.objects.exclude(funder=""), request.user, VIEW)
                   .order_by("funder").values_list("funder", flat=True).distinct()[:200])
    return render(request, "classes/hours.html", {"rows": rows, "funder": funder, "funders": funders,
                                                  "total": sum(r["hours"] for r in rows)})


def export(request: HttpRequest, name: str) -> HttpResponse:
    from . import exports

    return exports.download(request, name)
