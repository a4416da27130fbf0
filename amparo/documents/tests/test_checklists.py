"""Checklists: made from the reference items of the case's kind, marked via htmx, audited."""

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.documents import services
from amparo.documents.models import ChecklistItem, ChecklistTemplateItem
from amparo.legal.tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_checklist_is_made_once_from_the_kinds_reference_items():
    case = make_case(kind="asylum_affirmative")
    items = services.ensure_checklist(case=case)
    expected = list(ChecklistTemplateItem.objects.filter(case_kind="asylum_affirmative").values_list("label_es",
                                                                                                     flat=True))
    assert [i.label_es for i in items] == expected
    assert all(i.status == "requested" for i in items)
    assert services.ensure_checklist(case=case) == items
    assert ChecklistItem.objects.filter(case=case).count() == len(expected)
    assert AuditEntry.objects.filter(action="document.checklist.create").count() == 1


def test_editing_the_reference_later_does_not_rewrite_a_cases_items():
    case = make_case(kind="daca_renewal")
    item = services.ensure_checklist(case=case)[0]
    ChecklistTemplateItem.objects.filter(pk=item.template_item_id).update(label_en="Changed")
    item.refresh_from_db()
    assert item.label_en != "Changed"


def test_inactive_reference_items_are_not_added():
    ChecklistTemplateItem.objects.filter(case_kind="foia", label_en__startswith="Any notice").update(is_active=False)
    labels = [i.label_en for i in services.ensure_checklist(case=make_case(kind="foia"))]
    assert labels and not any(label.startswith("Any notice") for label in labels)


def test_received_then_reviewed_records_who_and_when_and_back_to_missing_clears_it(make_user):
    case = make_case(kind="naturalization")
    paralegal, attorney = make_user(Role.PARALEGAL), make_user(Role.ATTORNEY)
    item = services.ensure_checklist(case=case)[0]
    item = services.set_checklist_status(by=paralegal, item=item, status="received")
    assert item.received_by == paralegal and item.received_at and item.reviewed_at is None
    item = services.set_checklist_status(by=attorney, item=item, status="reviewed", notes="Vigente hasta 2031")
    assert item.received_by == paralegal and item.reviewed_by == attorney and item.notes == "Vigente hasta 2031"
    item = services.set_checklist_status(by=attorney, item=item, status="requested")
    assert item.received_at is None and item.reviewed_at is None and item.is_missing
    changes = AuditEntry.objects.filter(action="document.checklist.update").order_by("pk")
    assert [e.changes["status"] for e in changes] == [["requested", "received"], ["received", "reviewed"],
                                                      ["reviewed", "requested"]]


def test_a_stale_version_is_detected_not_overwritten(make_user):
    case = make_case(kind="naturalization")
    user = make_user(Role.PARALEGAL)
    item = services.ensure_checklist(case=case)[0]
    seen = item.version
    services.set_checklist_status(by=user, item=item, status="received", version=seen)
    with pytest.raises(services.StaleItem):
        services.set_checklist_status(by=user, item=item, status="not_needed", version=seen)
    item.refresh_from_db()
    assert item.status == "received"


def test_marking_via_htmx_returns_the_row_and_without_javascript_redirects(make_user):
    case = make_case(kind="naturalization")
    user = make_user(Role.PARALEGAL, full_name="Paula Paralegal")
    client = sign_in(Client(), user)
    client.get(case.get_absolute_url())
    item = case.checklist_items.order_by("order").first()
    response = client.post(f"/documents/checklist/{item.pk}/", {"status": "received", "version": item.version},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    row = response.content.decode()
    assert row.startswith("<tr") and f'id="check-{item.pk}"' in row and "Received" in row
    assert "Paula Paralegal" in row
    stale = client.post(f"/documents/checklist/{item.pk}/", {"status": "reviewed", "version": item.version},
                        headers={"HX-Request": "true"})
    assert "Someone else changed this item" in stale.content.decode() and 'role="alert"' in stale.content.decode()
    assert 'id="missing-count" hx-swap-oob="true"' in row
    response = client.post(f"/documents/checklist/{item.pk}/", {"status": "reviewed"})
    assert response.status_code == 302 and response["Location"].endswith("#checklist")
    item.refresh_from_db()
    assert item.status == "reviewed"


def test_who_may_not_change_the_case_may_not_mark_items(make_user):
    case = make_case(kind="naturalization")
    item = services.ensure_checklist(case=case)[0]
    intake = sign_in(Client(), make_user(Role.INTAKE))  # sees cases, does not change them
    assert intake.post(f"/documents/checklist/{item.pk}/", {"status": "received"}).status_code == 403
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER))
    assert volunteer.post(f"/documents/checklist/{item.pk}/", {"status": "received"}).status_code == 404
