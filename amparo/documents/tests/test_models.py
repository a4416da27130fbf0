import pytest
from django.db import IntegrityError, transaction

from amparo.documents.models import ChecklistTemplateItem, Document, LetterTemplate
from amparo.documents.seed import CHECKLISTS
from amparo.legal.kinds import Kind
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_document_belongs_to_exactly_one_owner():
    case = make_case()
    person = PersonFactory()
    Document.objects.create(case=case, title="Notice")
    Document.objects.create(person=person, title="Passport")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(case=case, person=person, title="Both")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(title="Neither")


def test_every_kind_of_case_has_a_bilingual_checklist_seeded():
    assert set(CHECKLISTS) == set(Kind.values)
    for kind in Kind.values:
        items = ChecklistTemplateItem.objects.filter(case_kind=kind)
        assert items.exists(), kind
        assert all(item.label_es and item.label_en and item.label_es != item.label_en for item in items)
    asylum = set(ChecklistTemplateItem.objects.filter(case_kind="asylum_affirmative")
                 .values_list("label_en", flat=True))
    assert any("I-94" in label for label in asylum)
    assert any("declaration" in label for label in asylum)
    assert any("country of origin" in label for label in asylum)


def test_one_letter_template_per_kind_of_letter_is_seeded():
    assert set(LetterTemplate.objects.values_list("kind", flat=True)) == {
        "appointment", "document_request", "engagement", "closing", "receipt"}
