"""Two uploads of the same form at the same moment: both kept as versions, or a clear message, never a 500."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.db.models import Min

from amparo.core.testing import require_postgresql
from amparo.documents.filing import services
from amparo.documents.filing.models import FormTemplate, FormTemplateVersion

from .filing_factories import admin, form_version, pdf_upload


def _upload(by, number="I-RACE"):
    return services.upload_form_template(by=by, upload=pdf_upload(), name="Race", form_number=number,
                                         edition_date=dt.date(2026, 1, 5))


@pytest.mark.django_db
def test_a_template_created_between_the_look_and_the_insert_gets_the_next_version(monkeypatch):
    first = form_version(number="I-RACE", mapped=False)
    real = services._find_template
    calls = []

    def not_yet_there(number_text):  # what the second of two simultaneous uploads saw
        calls.append(number_text)
        return None if len(calls) == 1 else real(number_text)

    monkeypatch.setattr(services, "_find_template", not_yet_there)
    second = _upload(first.uploaded_by)
    assert second.template_id == first.template_id and second.number == 2
    assert FormTemplate.objects.count() == 1


@pytest.mark.django_db
def test_a_version_number_taken_meanwhile_is_a_clear_message_in_the_page(admin_client, monkeypatch):
    form_version(number="I-RACE", mapped=False)
    # The next number computed as if the other upload's version 1 were not there yet.
    monkeypatch.setattr(services, "Max", lambda name: Min(name) - 1)
    response = admin_client.post("/documents/filing/forms/", {
        "file": pdf_upload(), "form_number": "I-RACE", "name": "Race", "edition_date": "2026-01-05"})
    assert response.status_code == 200
    assert "was saved at the same moment" in response.content.decode()
    assert FormTemplateVersion.objects.count() == 1


def _needs_postgresql():
    require_postgresql("the concurrent upload test")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_uploads_of_a_new_form_on_postgresql_become_versions_1_and_2(monkeypatch):
    _needs_postgresql()
    by = admin()
    barrier = threading.Barrier(2, timeout=20)
    real = services._find_template

    def look_together(number_text):  # both look before either inserts
        found = real(number_text)
        barrier.wait()
        return found

    monkeypatch.setattr(services, "_find_template", look_together)
    results, errors = [], []

    def upload():
        try:
            results.append(_upload(by).number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and sorted(results) == [1, 2]
    template = FormTemplate.objects.get(form_number="I-RACE")
    assert sorted(template.versions.values_list("number", flat=True)) == [1, 2]
