import pytest
from django.core.exceptions import ValidationError

from amparo.accounts.roles import Role
from amparo.core.models import AuditEntry
from amparo.documents import services
from amparo.documents.filetypes import detect, validate_document_file
from amparo.documents.models import Document, DocumentVersion
from amparo.documents.storage import document_storage
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .factories import DOC, EXE, JPEG, PNG, XLS, docx_bytes, make_document, pdf_bytes, upload, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("content", "kind"), [
    (pdf_bytes(), "pdf"), (PNG, "png"), (JPEG, "jpeg"), (docx_bytes(), "docx"), (DOC, "doc"),
    (b"GIF89a" + b"\x00" * 20, "gif"), (b"II*\x00" + b"\x00" * 20, "tiff"),
])
def test_accepted_types_are_recognised_by_content_whatever_the_name(content, kind):
    assert detect(upload(content, "whatever.bin")).kind == kind


@pytest.mark.parametrize("content", [EXE, zip_bytes(), XLS, b"just some text, no signature"])
def test_impostors_are_refused_with_a_clear_message(content):
    with pytest.raises(ValidationError) as exc:
        validate_document_file(upload(content, "acta.pdf"))
    assert "not one of the accepted types" in " ".join(exc.value.messages)


def test_empty_and_too_large_files_are_refused(settings):
    with pytest.raises(ValidationError, match="empty"):
        validate_document_file(upload(b"", "vacio.pdf"))
    settings.AMPARO_UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        validate_document_file(upload(b"%PDF-" + b"0" * (1024 * 1024 + 1), "grande.pdf"))


def test_the_allowed_types_come_from_settings(settings):
    settings.AMPARO_DOCUMENT_TYPES = ["pdf"]
    assert detect(upload(PNG, "foto.png")) is None
    assert detect(upload(pdf_bytes(), "acta.pdf")).kind == "pdf"


def test_upload_stores_the_file_with_its_checksum_and_audits(make_user):
    case = make_case()
    by = make_user(Role.PARALEGAL)
    content = pdf_bytes("Pasaporte de Óscar")
    result = services.upload_document(by=by, owner=case, upload=upload(content, "pasaporte óscar.pdf"),
                                      title="Pasaporte", category="identity", language="es")
    version = result.version
    assert (version.number, version.kind, version.content_type, version.size) == (1, "pdf", "application/pdf",
                                                                                 len(content))
    import hashlib

    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.original_name == "pasaporte óscar.pdf"
    assert version.file.name != "pasaporte óscar.pdf" and version.file.name.endswith(".pdf")
    with version.file.open("rb") as handle:
        assert handle.read() == content
    assert document_storage.exists(version.file.name)
    entry = AuditEntry.objects.filter(action="document.upload").get()
    assert entry.actor == by and entry.extra["sha256"] == version.sha256


def test_new_versions_never_overwrite_and_the_same_file_twice_is_reported(make_user):
    person = PersonFactory()
    by = make_user(Role.INTAKE)
    one, two = pdf_bytes("uno"), pdf_bytes("dos")
    document = make_document(owner=person, by=by, content=one)
    second = services.add_version(by=by, document=document, upload=upload(two, "acta-2.pdf"))
    assert second.number == 2
    first = document.versions.get(number=1)
    assert first.file.name != second.file.name
    with first.file.open("rb") as handle:
        assert handle.read() == one
    with pytest.raises(services.DuplicateVersion) as exc:
        services.add_version(by=by, document=document, upload=upload(one, "otra vez.pdf"))
    assert "same as version 1" in exc.value.messages[0]
    assert document.versions.count() == 2


def test_the_same_file_in_another_document_of_the_owner_is_reported(make_user):
    case = make_case()
    by = make_user(Role.PARALEGAL)
    same = pdf_bytes("igual")
    first = make_document(owner=case, by=by, content=same)
    result = services.upload_document(by=by, owner=case, upload=upload(same), title="Copia",
                                      category="evidence")
    assert result.same_file_in == [first]


def test_withdrawing_keeps_everything_and_restoring_brings_it_back(make_user):
    case = make_case()
    by = make_user(Role.ATTORNEY)
    document = make_document(owner=case, by=by)
    services.withdraw_document(by=by, document=document, reason="Subido por error")
    assert not Document.objects.current().filter(pk=document.pk).exists()
    assert DocumentVersion.objects.filter(document=document).count() == 1
    assert document_storage.exists(document.versions.get().file.name)
    services.restore_document(by=by, document=document)
    assert Document.objects.current().filter(pk=document.pk).exists()
    actions = list(AuditEntry.objects.filter(object_id=str(document.pk)).values_list("action", flat=True))
    assert {"document.withdraw", "document.restore"} <= set(actions)
