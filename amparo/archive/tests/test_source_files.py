"""A source can carry a file (a scan, a photograph): checked by content, staff-only, as private as its source."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from amparo.accounts.roles import Role
from amparo.archive.models import Source, SourceType
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(**extra):
    source_type = SourceType.objects.filter(active=True).first()
    return {"identifier": "FOTO-0001", "source_type": source_type.pk, "title": "Fotografía del río Sumpul",
            "date": "1980-05", "language": "es", "access": "staff", **extra}


def test_an_archivist_attaches_a_file_and_staff_download_it(make_user, settings):
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST))
    upload = SimpleUploadedFile("sumpul.pdf", PDF, content_type="application/pdf")
    response = archivist.post("/archive/source/new/", _form(file=upload))
    source = Source.objects.get(identifier="FOTO-0001")
    assert response.status_code == 302 and source.file.name.startswith("archive/sources/")
    assert (settings.MEDIA_ROOT / source.file.name).read_bytes() == PDF
    page = archivist.get(f"/archive/sources/{source.pk}/").content.decode()
    assert f"/archive/sources/{source.pk}/file/" in page
    download = archivist.get(f"/archive/sources/{source.pk}/file/")
    assert b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="archive.source.file", object_id=str(source.pk)).exists()
    # Editing without a new file keeps the old one.
    archivist.post(f"/archive/source/{source.pk}/edit/", _form(title="Río Sumpul, mayo de 1980",
                                                                version=Source.objects.get().updated_at.isoformat()))
    assert Source.objects.get().file.name == source.file.name


def test_a_file_is_checked_by_what_it_contains_not_its_name(make_user):
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST))
    fake = SimpleUploadedFile("foto.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = archivist.post("/archive/source/new/", _form(file=fake))
    assert "not a PDF, an image or a Word document" in response.content.decode()
    assert not Source.objects.filter(identifier="FOTO-0001").exists()


def test_files_over_the_limit_are_refused_with_the_limit_named(make_user, settings):
    settings.AMPARO_UPLOAD_MAX_MB = 1
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST))
    big = SimpleUploadedFile("grande.pdf", PDF + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
    assert "the limit is 1 MB" in archivist.post("/archive/source/new/", _form(file=big)).content.decode()


def test_a_restricted_sources_file_is_hidden_from_those_without_access(make_user):
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST))
    archivist.post("/archive/source/new/", _form(access="restricted",
                                                 file=SimpleUploadedFile("t.pdf", PDF, content_type="application/pdf")))
    source = Source.objects.get()
    for role in (Role.ATTORNEY, Role.VOLUNTEER, Role.INTAKE):
        assert sign_in(Client(), make_user(role)).get(f"/archive/sources/{source.pk}/file/").status_code == 404
    assert Client().get(f"/archive/sources/{source.pk}/file/").status_code == 302  # to sign-in
