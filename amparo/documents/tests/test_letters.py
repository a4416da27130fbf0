"""Letters read back from the PDF: the client's language, the missing items, nothing of others."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.core.models import AuditEntry
from amparo.documents import letters, services
from amparo.documents.models import Category, GeneratedLetter, LetterTemplate
from amparo.legal import services as legal_services
from amparo.legal.tests.factories import make_case
from amparo.people.models import Address
from amparo.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    with document.versions.get().file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _case(language, make_user, kind="naturalization"):
    client = PersonFactory(given_names="Begoña", first_surname="Núñez", second_surname="Peña",
                           preferred_language=language, birth_date=dt.date(1980, 5, 1))  # an adult: a child's
    # case is restricted, and a restricted case's letters never name its kind
    Address.objects.create(person=client, street="1234 Calle Ejemplo", city="Los Angeles", state="CA",
                           postcode="90001")
    by = make_user(Role.ATTORNEY, full_name="Licda. Rocío Ibáñez")
    return make_case(kind=kind, client=client, by=by), by


def _mark(case, by, label_start, status):
    item = next(i for i in services.ensure_checklist(case=case) if i.label_en.startswith(label_start))
    return services.set_checklist_status(by=by, item=item, status=status)


def test_missing_documents_letter_in_spanish_lists_what_is_missing_and_not_what_was_received(make_user):
    case, by = _case("es", make_user)
    _mark(case, by, "Permanent resident card", "received")
    _mark(case, by, "Selective Service", "not_needed")
    document = services.generate_letter(by=by, case=case, kind="document_request")
    text = _text(document)
    assert "Solicitud de documentos faltantes" in text
    assert "Begoña Núñez Peña" in text
    assert "todavía necesitamos" in text
    assert "Declaraciones de impuestos federales o transcripciones del IRS de los últimos años" in text
    assert "Historial de viajes" in text
    missing_part = text.split("todavía necesitamos")[1].split("Por favor")[0]
    assert "Tarjeta de residente permanente" not in missing_part  # received: listed as received, not missing
    assert "Servicio Selectivo" not in text  # not needed: not asked for
    assert "Ya recibimos" in text and "Tarjeta de residente permanente" in text
    assert "Naturalización" in text and "Atentamente" in text
    assert "Dear" not in text and "Federal tax returns" not in text
    assert document.category == Category.CORRESPONDENCE and document.case == case and document.language == "es"
    letter = GeneratedLetter.objects.get(document=document)
    assert letter.recipient == case.client and letter.template_version is None
    assert AuditEntry.objects.filter(action="document.letter", object_id=str(document.pk)).exists()


def test_the_same_letter_is_in_english_for_an_english_speaking_client(make_user):
    case, by = _case("en", make_user)
    _mark(case, by, "Permanent resident card", "reviewed")
    text = _text(services.generate_letter(by=by, case=case, kind="document_request"))
    assert "Request for missing documents" in text and "we still need the following documents" in text
    assert "Federal tax returns or IRS tax transcripts for recent years" in text
    assert "Sincerely" in text and "Naturalization" in text
    assert "todavía" not in text and "Declaraciones de impuestos" not in text


def test_no_other_party_of_the_case_reaches_a_letter(make_user):
    case, by = _case("es", make_user, kind="family_petition")
    other = PersonFactory(given_names="Wenceslao", first_surname="Zelaya", second_surname="Umaña")
    legal_services.add_party(case=case, person=other, role="beneficiary", by=by)
    for kind in ("document_request", "engagement", "closing", "receipt"):
        text = _text(services.generate_letter(by=by, case=case, kind=kind))
        assert "Begoña" in text
        assert "Wenceslao" not in text and "Zelaya" not in text, kind


def test_appointment_letter_needs_and_shows_date_time_and_place(make_user):
    import datetime as dt

    from django.utils import timezone

    case, by = _case("es", make_user)
    with pytest.raises(ValidationError):
        services.generate_letter(by=by, case=case, kind="appointment")
    when = timezone.make_aware(dt.datetime(2026, 12, 3, 10, 30))
    text = _text(services.generate_letter(by=by, case=case, kind="appointment",
                                          appointment=letters.Appointment(when=when, place="Oficina de Pomona")))
    assert "Le hemos dado una cita" in text and "Oficina de Pomona" in text and "diciembre" in text


def test_an_administrators_new_version_is_used_and_the_old_one_kept(make_user, admin_user):
    case, by = _case("es", make_user)
    template = LetterTemplate.objects.get(kind="closing")
    with pytest.raises(ValidationError):
        services.save_letter_template(by=admin_user, template=template, body_en="{% if %}", body_es="x")
    first = services.save_letter_template(by=admin_user, template=template, body_en="<p>Goodbye {{ client.name }}</p>",
                                          body_es="<p>Adiós, {{ client.name }}. Señal única ñandú.</p>")
    services.save_letter_template(by=admin_user, template=template, body_en="<p>Bye</p>",
                                  body_es="<p>Hasta pronto, {{ client.name }}: versión dos.</p>")
    document = services.generate_letter(by=by, case=case, kind="closing")
    text = _text(document)
    assert "versión dos" in text and "ñandú" not in text
    assert document.letter.template_version.number == 2
    assert template.versions.filter(pk=first.pk).exists()
