"""A drive file uploaded on the drive's page: its columns shown with where each goes (English or
Spanish headers recognised), the user's corrections confirmed, the import run as a task, and the
confirmed mapping offered again for the drive's next file (and used by manage.py drive_import)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.outreach import drive_import
from amparo.outreach.models import Drive, DriveImport, Registrant

# "Apellido paterno" and "Fecha de nac." are not names we know: the user maps them on screen.
FILE = ("Nombres,Apellido paterno,Fecha de nac.,País de nacimiento,Teléfono,Notas\n"
        "María José,Hernández,15/03/1980,El Salvador,2135550101,llamar tarde\n"
        "Wilmer,Argueta,1979-02-01,SV,,\n")
NEXT_FILE = ("Nombres,Apellido paterno,Fecha de nac.,País de nacimiento,Teléfono,Notas\n"
             "Reina,Portillo,01/06/1975,El Salvador,3235550199,\n")


@pytest.fixture
def drive(db):
    return drive_import.get_or_create_drive(slug="tps-sv-2026", program="tps", country_code="SV")


def _selected(body: str, index: int) -> str:
    select = body.split(f'name="col{index}"')[1].split("</select>")[0]
    chosen = [part.split('"')[1] for part in select.split("<option value=")[1:] if "selected" in part.split(">")[0]]
    return chosen[0] if chosen else ""


def test_columns_are_mapped_on_screen_and_remembered(drive, make_user, django_capture_on_commit_callbacks):
    client = sign_in(Client(), make_user(Role.ORGANIZER))
    sent = client.post(f"/outreach/drives/{drive.pk}/upload/",
                       {"file": SimpleUploadedFile("pico-union.csv", FILE.encode(), content_type="text/csv")})
    assert sent.status_code == 302 and "/columns/" in sent["Location"]
    page = client.get(sent["Location"])
    body = page.content.decode()
    assert "María José" in body  # the first rows, to see what each column holds
    assert [_selected(body, i) for i in range(6)] == ["given_names", "", "", "country_of_birth", "phone", ""]

    mapping = {"col0": "given_names", "col1": "first_surname", "col2": "birth_date", "col3": "country_of_birth",
               "col4": "phone", "col5": ""}
    twice = client.post(sent["Location"], {**mapping, "col1": "given_names"})
    assert "only once" in twice.content.decode() and not DriveImport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(sent["Location"], mapping)
    assert done.status_code == 302
    imp = DriveImport.objects.get()
    assert imp.status == "done" and imp.summary["created"] == 2 and imp.summary["rejected"] == 0
    maria = Registrant.objects.get(given_names="María José")
    assert maria.first_surname == "Hernández" and str(maria.birth_date) == "1980-03-15"

    # The next file with the same headers: the confirmed columns are proposed.
    again = client.post(f"/outreach/drives/{drive.pk}/upload/",
                        {"file": SimpleUploadedFile("van-nuys.csv", NEXT_FILE.encode(), content_type="text/csv")})
    body = client.get(again["Location"]).content.decode()
    assert [_selected(body, i) for i in range(6)] == ["given_names", "first_surname", "birth_date",
                                                      "country_of_birth", "phone", ""]


def test_the_command_uses_the_drive_s_confirmed_columns(drive, tmp_path, capsys):
    Drive.objects.filter(pk=drive.pk).update(column_mapping={
        "apellido_paterno": "first_surname", "fecha_de_nac": "birth_date", "notas": ""})
    path = tmp_path / "van-nuys.csv"
    path.write_text(NEXT_FILE)
    call_command("drive_import", str(path), "--drive", drive.slug, "--json")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["rows"], summary["created"], summary["rejected"]) == (1, 1, 0)
    assert Registrant.objects.get().first_surname == "Portillo"


def test_only_managers_upload(drive, make_user):
    client = sign_in(Client(), make_user(Role.INTAKE))
    upload = SimpleUploadedFile("x.csv", FILE.encode(), content_type="text/csv")
    assert client.post(f"/outreach/drives/{drive.pk}/upload/", {"file": upload}).status_code in (403, 404)
    assert client.get(f"/outreach/drives/{drive.pk}/files/{'0' * 64}/columns/").status_code in (403, 404)
