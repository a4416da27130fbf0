"""The documents app joined to the rest: the menu, merging people, checklists of new cases."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in

pytestmark = pytest.mark.django_db


def _menu(client: Client, url: str = "/") -> dict[str, tuple[str, bool]]:
    page = client.get(url).content.decode()
    nav = re.search(r'<nav class="modules".*?</nav>', page, re.S)
    if nav is None:
        return {}
    return {label.strip(): (href, bool(current))
            for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav[0])}


@pytest.mark.parametrize(("language", "forms", "letters"), [
    ("en", "Form templates", "Letter templates"),
    ("es", "Plantillas de formulario", "Plantillas de cartas"),
])
def test_administrators_reach_form_and_letter_templates_from_the_menu(make_user, language, forms, letters):
    admin = make_user(Role.ADMINISTRATOR, language=language)
    client = sign_in(Client(), admin)
    menu = _menu(client)
    assert menu[forms] == ("/documents/filing/forms/", False)
    assert menu[letters] == ("/documents/letters/", False)
    assert client.get("/documents/filing/forms/").status_code == 200
    assert _menu(client, "/documents/letters/")[letters] == ("/documents/letters/", True)
    assert _menu(client, "/documents/filing/forms/")[forms] == ("/documents/filing/forms/", True)


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.VOLUNTEER])
def test_staff_who_are_not_administrators_do_not_see_the_template_pages(make_user, role):
    client = sign_in(Client(), make_user(role, language="en"))
    menu = _menu(client)
    assert menu  # the menu is there, with the modules this user can open
    assert "Form templates" not in menu and "Letter templates" not in menu
    assert client.get("/documents/letters/").status_code in (403, 404)


# --- Merging people ---------------------------------------------------------------------------

def _pdf(title, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{title}.pdf", content, content_type="application/pdf")


def _upload(person, title, content, by):
    from amparo.documents import services

    from .pdf_fixtures import plain_pdf

    data = content if isinstance(content, bytes) else plain_pdf([content])
    return services.upload_document(by=by, owner=person, upload=_pdf(title, data), title=title,
                                    category="identity").document


def test_merging_people_moves_the_dropped_persons_documents_and_undo_moves_them_back(make_user):
    import datetime as dt

    from amparo.core.models import AuditEntry
    from amparo.documents import services
    from amparo.documents.models import Document
    from amparo.people.services import merge_people, undo_merge
    from amparo.people.tests.factories import PersonFactory

    staff = make_user(Role.ADMINISTRATOR, language="en")
    keep = PersonFactory(given_names="Yesenia", first_surname="Menjívar", birth_date=dt.date(1983, 6, 1))
    drop = PersonFactory(given_names="Yesenia", first_surname="Menjivar", birth_date=dt.date(1983, 6, 1))
    from .pdf_fixtures import plain_pdf

    passport = plain_pdf(["passport P123"])
    kept_passport = _upload(keep, "Pasaporte", passport, staff)
    birth = _upload(drop, "Acta de nacimiento", "birth certificate", staff)
    copy = _upload(drop, "Pasaporte (copia)", passport, staff)  # the same file the kept record has
    old = _upload(drop, "Carta vieja", "old letter", staff)
    services.withdraw_document(by=staff, document=old, reason="duplicada")
    services.add_version(by=staff, document=birth, upload=_pdf("acta-v2", plain_pdf(["birth certificate, v2"])))

    merge = merge_people(keep=keep, drop=drop, by=staff)

    moved = {birth.pk, copy.pk, old.pk}
    assert set(Document.objects.filter(person=keep).values_list("pk", flat=True)) == moved | {kept_passport.pk}
    assert not Document.objects.filter(person=drop).exists()
    assert Document.objects.get(pk=birth.pk).versions.count() == 2  # versions travel with their document
    client = sign_in(Client(), staff)
    page = client.get(f"/documents/person/{keep.pk}/").content.decode()
    assert "Acta de nacimiento" in page and "Pasaporte (copia)" in page and "Pasaporte" in page
    assert client.get(f"/documents/{birth.pk}/v1/download/").status_code == 200
    entries = {int(e.object_id): e for e in AuditEntry.objects.filter(action="document.owner.merge")}
    assert set(entries) == moved
    assert entries[copy.pk].extra["same_file_as"] == [kept_passport.pk]
    assert entries[birth.pk].extra["same_file_as"] == []
    assert entries[old.pk].extra["withdrawn"] is True
    assert entries[birth.pk].actor == staff and entries[birth.pk].changes == {"person": [drop.pk, keep.pk]}

    added_since = _upload(keep, "Licencia", "driver licence", staff)
    undo_merge(merge=merge, by=staff)

    assert set(Document.objects.filter(person=drop).values_list("pk", flat=True)) == moved
    assert set(Document.objects.filter(person=keep).values_list("pk", flat=True)) == {kept_passport.pk,
                                                                                      added_since.pk}
    assert "Acta de nacimiento" not in client.get(f"/documents/person/{keep.pk}/").content.decode()
    assert "Acta de nacimiento" in client.get(f"/documents/person/{drop.pk}/").content.decode()
    undone = {int(e.object_id) for e in AuditEntry.objects.filter(action="document.owner.merge.undo")}
    assert undone == moved


def test_merging_people_without_documents_writes_no_document_entries(make_user):
    import datetime as dt

    from amparo.core.models import AuditEntry
    from amparo.people.services import merge_people, undo_merge
    from amparo.people.tests.factories import PersonFactory

    staff = make_user(Role.ADMINISTRATOR)
    keep = PersonFactory(given_names="Ana", first_surname="Ríos", birth_date=dt.date(1990, 1, 1))
    drop = PersonFactory(given_names="Ana", first_surname="Rios", birth_date=dt.date(1990, 1, 1))
    undo_merge(merge=merge_people(keep=keep, drop=drop, by=staff), by=staff)
    assert not AuditEntry.objects.filter(action__startswith="document.owner").exists()


# --- A new case's checklist -------------------------------------------------------------------
# legal's open_case offers no hook for "a case was opened", so the checklist is made the first time
# any channel shows or uses it. Each test starts from a case nobody has looked at yet.

def _unseen_case(make_user, kind="naturalization"):
    from amparo.documents.models import ChecklistItem, ChecklistTemplateItem
    from amparo.legal.tests.factories import make_case

    by = make_user(Role.ATTORNEY, language="en")
    case = make_case(kind=kind, by=by, responsible=by)
    assert not ChecklistItem.objects.filter(case=case).exists()
    reference = list(ChecklistTemplateItem.objects.filter(case_kind=kind, is_active=True)
                     .order_by("order", "id").values_list("label_en", flat=True))
    assert reference
    return case, by, reference


def test_the_case_page_shows_the_checklist_of_a_case_just_opened(make_user):
    case, by, reference = _unseen_case(make_user)
    page = sign_in(Client(), by).get(f"/cases/{case.pk}/").content.decode()
    assert reference[0] in page and f"{len(reference)} items still missing" in page


def test_an_item_added_by_hand_first_does_not_replace_the_reference_list(make_user):
    from amparo.documents.models import ChecklistItem

    case, by, reference = _unseen_case(make_user)
    response = sign_in(Client(), by).post(f"/documents/case/{case.pk}/checklist/",
                                          {"label_en": "Letter from the employer", "label_es": "Carta del empleador"})
    assert response.status_code == 302
    labels = list(ChecklistItem.objects.filter(case=case).order_by("order", "id").values_list("label_en", flat=True))
    assert labels == [*reference, "Letter from the employer"]


def test_the_upload_page_offers_the_whole_checklist_of_an_unseen_case(make_user):
    case, by, reference = _unseen_case(make_user)
    page = sign_in(Client(), by).get(f"/documents/case/{case.pk}/upload/").content.decode()
    assert "This satisfies the checklist item" in page
    from django.utils.html import escape

    assert all(escape(label) in page for label in reference)


@pytest.mark.parametrize("kind", ["engagement", "document_request"])
def test_a_letter_about_an_unseen_case_makes_its_checklist_first(make_user, kind):
    from amparo.documents import letters, services
    from amparo.documents.models import ChecklistItem

    case, by, reference = _unseen_case(make_user)
    services.generate_letter(by=by, case=case, kind=kind, language="en")
    assert list(ChecklistItem.objects.filter(case=case).order_by("order", "id")
                .values_list("label_en", flat=True)) == reference
    assert letters.case_context(case=case, by=by)["missing"] == reference
