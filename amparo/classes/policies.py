"""Who may see and change classes.

Staff with ``classes.manage`` (front desk, director, administrators) see and run every section;
a teacher (``classes.view`` + ``classes.teach``) sees the sections they teach, their rolls and
practices, and takes their attendance. Sessions, enrolments, marks and certificates follow
their section. A student's name on a roll says only that they take a class, never why they
came to the center.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, DELETE, EXPORT, VIEW, CapabilityPolicy, Policy, register

from .models import (
    Attendance,
    Certificate,
    ClassSession,
    Course,
    Enrolment,
    Practice,
    PracticeAnswer,
    Question,
    Section,
    Term,
)

REFERENCE = CapabilityPolicy(view="classes.view", create="classes.manage", change="classes.manage",
                             delete="classes.manage", export="classes.export")
for _model in (Course, Term, Question):
    register(_model, REFERENCE)


def sees_all(user: Any) -> bool:
    return has_capability(user, "classes.view") and has_capability(user, "classes.manage")


def teaches(user: Any, section: Any) -> bool:
    if not has_capability(user, "classes.view"):
        return False
    cache = getattr(user, "_classes_section_ids", None)
    if cache is None:
        cache = set(user.class_sections.values_list("pk", flat=True))
        user._classes_section_ids = cache
    return section.pk in cache


def visible_sections_q(user: Any, prefix: str = "") -> Q:
    if sees_all(user):
        return Q()
    if has_capability(user, "classes.view"):
        return Q(**{f"{prefix}teachers": user.pk})
    return Q(pk__in=[])


class _SectionBased(Policy):
    """A section, or a record of one section reached through ``path``."""

    path = ""

    def section(self, obj: Any) -> Any:
        for step in self.path.split("__") if self.path else []:
            obj = getattr(obj, step)
        return obj

    def may(self, user: Any, action: str, section: Any) -> bool:
        if action == VIEW:
            return sees_all(user) or teaches(user, section)
        if action == EXPORT:
            return has_capability(user, "classes.export") and self.may(user, VIEW, section)
        return sees_all(user)

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return action == CREATE and has_capability(user, "classes.manage")
        return self.may(user, action, self.section(obj))

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if action == EXPORT and not has_capability(user, "classes.export"):
            return queryset.none()
        if action not in (VIEW, EXPORT) and not sees_all(user):
            return queryset.none()
        prefix = f"{self.path}__" if self.path else ""
        return queryset.filter(visible_sections_q(user, prefix))


@register(Section)
class SectionPolicy(_SectionBased):
    pass


@register(ClassSession)
class SessionPolicy(_SectionBased):
    path = "section"

    def may(self, user: Any, action: str, section: Any) -> bool:
        if action == CHANGE and has_capability(user, "classes.teach") and teaches(user, section):
            return True          # a teacher cancels or moves their own session
        return super().may(user, action, section)


@register(Enrolment)
class EnrolmentPolicy(_SectionBased):
    path = "section"

    def may(self, user: Any, action: str, section: Any) -> bool:
        if action == CHANGE and has_capability(user, "classes.teach") and teaches(user, section):
            return True          # a teacher records the final assessment
        return super().may(user, action, section)


@register(Attendance)
class AttendancePolicy(_SectionBased):
    path = "session__section"

    def may(self, user: Any, action: str, section: Any) -> bool:
        if action in (CREATE, CHANGE):
            return has_capability(user, "classes.teach") and (sees_all(user) or teaches(user, section))
        return super().may(user, action, section)

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return action == CREATE and has_capability(user, "classes.teach")
        return super().can(user, action, obj)


@register(Certificate)
class CertificatePolicy(_SectionBased):
    path = "enrolment__section"


def visible_practices_q(user: Any, prefix: str = "") -> Q:
    if sees_all(user):
        return Q()
    if not has_capability(user, "classes.view"):
        return Q(pk__in=[])
    taught = Enrolment.objects.filter(section__teachers=user.pk).values("person_id")
    return Q(**{f"{prefix}started_by": user.pk}) | Q(**{f"{prefix}person_id__in": taught})


@register(Practice)
class PracticePolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return action == CREATE and (has_capability(user, "classes.teach") or sees_all(user))
        if action == DELETE:
            return False
        if action == CHANGE and not (has_capability(user, "classes.teach") or sees_all(user)):
            return False
        return Practice.objects.filter(visible_practices_q(user), pk=obj.pk).exists()

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if action not in (VIEW, CHANGE):
            return queryset.none()
        return queryset.filter(visible_practices_q(user))


@register(PracticeAnswer)
class PracticeAnswerPolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        return not isinstance(obj, type) and PracticePolicy().can(user, action, obj.practice)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if action != VIEW:
            return queryset.none()
        return queryset.filter(visible_practices_q(user, "practice__"))
