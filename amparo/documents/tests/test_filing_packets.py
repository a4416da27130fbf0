"""Filing packets: built by the background task, kept as a Document of the case, as restricted as the case."""

from __future__ import annotations

import io

import pytest
from django.test import Client, TestCase
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry, TaskProgress
from amparo.core.permissions import restrict
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.documents.filing import services
from amparo.documents.filing.models import FilingPacket
from amparo.documents.filing.services import PacketChoice
from amparo.documents.filing.tasks import build_filing_packet
from amparo.documents.models import Category, Document

from .filing_factories import client_case, evidence, form_version
from .pdf_fixtures import pdftotext

pytestmark = pytest.mark.django_db
MARKER = "Xochiquetzal"


def _packet(case, *, language="en", title="I-589 filing", damaged=False):
    by = case.opened_by
    filled = services.fill_for_case(by=by, case=case, version=form_version())
    cover = evidence(case, "Cover letter to USCIS")
    birth = evidence(case, "Birth certificate", pages=2)
    photo = evidence(case, "Photo of the house", kind="jpeg")
    if damaged:
        version = birth.versions.get()
        version.file.save("broken.pdf", io.BytesIO(b"%PDF-1.7\n" + b"\x00" * 500), save=True)
    choices = [PacketChoice(cover, "cover", 1, ""), PacketChoice(filled.document, "form", 1, "Form I-TEST"),
               PacketChoice(photo, "exhibit", 2, "Photo of the house"),
               PacketChoice(birth, "exhibit", 1, "Birth certificate")]
    with TestCase.captureOnCommitCallbacks(execute=True):
        packet = services.start_packet(by=by, case=case, title=title, language=language, choices=choices)
    packet.refresh_from_db()
    return packet


def _pdf(document: Document) -> bytes:
    with document.versions.get().file.open("rb") as handle:
        return handle.read()


def _outline(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_the_task_stores_the_packet_as_a_document_of_the_case_with_bookmarks_index_and_page_numbers():
    case = client_case()
    packet = _packet(case)
    assert packet.status == FilingPacket.Status.DONE
    document = packet.document
    assert document.case == case and document.category == Category.FORM and document.title == "I-589 filing"
    data = _pdf(document)
    reader = PdfReader(io.BytesIO(data))
    # cover 1 + form 2 + index 1 + (separator + 2 pages) + (separator + 1 image page)
    assert len(reader.pages) == 9
    assert _outline(reader) == ["Cover letter", "Forms", "Form I-TEST", "Exhibit index", "Exhibits",
                                "Exhibit A — Birth certificate", "Exhibit B — Photo of the house"]
    index = pdftotext(data, page=4)
    assert "Birth certificate" in index and "Photo of the house" in index
    assert "Page 9 of 9" in pdftotext(data, page=9)
    assert "NÚÑEZ PEÑA" in pdftotext(data, page=2)  # the filled form, flattened in the packet
    progress = TaskProgress.objects.get(pk=packet.progress_id)
    assert progress.status == TaskProgress.Status.SUCCEEDED and progress.done == progress.total > 0
    assert AuditEntry.objects.filter(action="filing.packet_built", object_id=str(document.pk)).exists()


def test_a_spanish_packet_has_spanish_bookmarks_and_page_numbers():
    packet = _packet(client_case(), language="es", title="Solicitud I-589")
    data = _pdf(packet.document)
    titles = _outline(PdfReader(io.BytesIO(data)))
    assert "Carta de presentación" in titles and "Índice de anexos" in titles
    assert "Página 1 de 9" in pdftotext(data, page=1)


def test_running_the_task_twice_keeps_one_document():
    packet = _packet(client_case())
    before = Document.objects.count()
    assert build_filing_packet.call(packet.pk) == packet.document_id
    assert Document.objects.count() == before


def test_a_damaged_document_fails_the_packet_with_its_name_and_saves_nothing():
    case = client_case()
    packet = _packet(case, damaged=True)
    assert packet.status == FilingPacket.Status.FAILED and packet.document is None
    assert "Birth certificate" in packet.message and "damaged" in packet.message
    assert not Document.objects.filter(title="I-589 filing").exists()
    assert TaskProgress.objects.get(pk=packet.progress_id).status == TaskProgress.Status.FAILED
    page = sign_in(Client(), case.opened_by).get(f"/documents/filing/packets/{packet.pk}/").content.decode()
    assert "Birth certificate" in page and "Choose the documents again" in page


def test_two_packets_of_the_same_case_are_built_independently():
    case = client_case()
    first, second = _packet(case, title="First"), _packet(case, title="Second")
    assert first.document_id != second.document_id
    assert {first.status, second.status} == {FilingPacket.Status.DONE}


def _restricted():
    office = OfficeFactory(name="Oficina de Los Ángeles")
    team = OfficeFactory(name="Equipo de asilo")
    case = client_case(restricted=True, office=office, team=team)
    assert case.restricted
    packet = _packet(case, title=f"Packet of {MARKER}")
    return case, packet, office, team


@pytest.mark.parametrize(("who", "visible"), [
    ("team", True), ("supervisor", True), ("outsider", False), ("office_colleague", False), ("volunteer", False),
])
def test_the_packet_of_a_restricted_case_is_as_restricted_as_the_case(make_user, who, visible):
    case, packet, office, team = _restricted()
    user = {
        "team": lambda: make_user(Role.PARALEGAL, offices=[team]),
        "supervisor": lambda: make_user(Role.ATTORNEY, offices=[office], is_supervisor=True),
        "outsider": lambda: make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Pomona")]),
        "office_colleague": lambda: make_user(Role.ATTORNEY, offices=[office]),
        "volunteer": lambda: make_user(Role.VOLUNTEER, offices=[team]),
    }[who]()
    channels = Channels(detail_url=f"/documents/filing/packets/{packet.pk}/",
                        extra={"case_page": f"/cases/{case.pk}/"})
    assert_channels(Client(), user, MARKER, visible=visible, channels=channels)
    client = sign_in(Client(), user)
    for document in (packet.document, case.filled_forms.get().document):
        download = client.get(f"/documents/{document.pk}/v1/download/")
        assert download.status_code == (200 if visible else 404)
    assert restrict(Document.objects.filter(pk=packet.document_id), user).exists() == visible
    if visible:
        assert AuditEntry.objects.filter(action="restricted.view", actor=user,
                                         object_id=str(packet.document_id)).exists()
