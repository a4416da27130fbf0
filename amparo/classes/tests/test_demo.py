"""The demo loader creates a course with students, sessions and marks, and the sample
questions marked as a sample; run twice, it creates nothing twice."""

from __future__ import annotations

import pytest

from amparo.accounts.roles import Role
from amparo.classes import demo
from amparo.classes.models import Course, Enrolment, Question

from . import factories as f

pytestmark = pytest.mark.django_db


def test_demo_loads_once(make_user):
    make_user(Role.ADMINISTRATOR)
    make_user(Role.TEACHER)
    for i in range(14):
        f.person(f"Demo{i}", "Persona")
    line = demo.load()
    assert "14 enrolments (2 waiting)" in line
    assert Question.objects.filter(sample=True, version="2025").count() == 4
    assert not Question.objects.filter(sample=False).exists()
    assert demo.load() == "classes: demo already loaded"
    assert Course.objects.count() == 1 and Enrolment.objects.count() == 14
