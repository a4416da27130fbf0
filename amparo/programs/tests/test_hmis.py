"""The HMIS export: FY2026 file names, PascalCase headers, required columns filled, names hashed on request."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.programs import hmis, services

from .factories import DAY, bed, person

pytestmark = pytest.mark.django_db

# The FY2026 specification's required (non-null) columns of each file, checked independently of
# hmis.HEADERS so that a column dropped there is caught here.
SPEC_REQUIRED = {
    "Export.csv": {"ExportID", "SourceType", "ExportDate", "ExportStartDate", "ExportEndDate", "CSVVersion",
                   "ExportPeriodType", "ExportDirective", "HashStatus", "ImplementationID"},
    "Organization.csv": {"OrganizationID", "OrganizationName", "VictimServiceProvider", "DateCreated",
                         "DateUpdated", "UserID", "ExportID"},
    "Project.csv": {"ProjectID", "OrganizationID", "ProjectName", "OperatingStartDate", "ContinuumProject",
                    "ProjectType", "DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Inventory.csv": {"InventoryID", "ProjectID", "CoCCode", "HouseholdType", "UnitInventory", "BedInventory",
                      "InventoryStartDate", "DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Client.csv": {"PersonalID", "NameDataQuality", "SSNDataQuality", "DOBDataQuality", "AmIndAKNative", "Asian",
                   "BlackAfAmerican", "HispanicLatinaeo", "MidEastNAfrican", "NativeHIPacific", "White", "Sex",
                   "VeteranStatus", "DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Enrollment.csv": {"EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH",
                       "DisablingCondition", "DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Exit.csv": {"ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DateCreated", "DateUpdated",
                 "UserID", "ExportID"},
    "Services.csv": {"ServicesID", "EnrollmentID", "PersonalID", "DateProvided", "RecordType", "TypeProvided",
                     "DateCreated", "DateUpdated", "UserID", "ExportID"},
}
GONE_IN_FY2026 = {"Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning",
                  "DifferentIdentity", "GenderNone", "DifferentIdentityText"}


def _export(tmp_path, *extra):
    worker = UserFactory(role=Role.HOUSING)
    services.admit(person=person(given_names="Reina Isabel", first_surname="Portillo", sex="female"), bed=bed("A"),
                   entry_date=DAY, by=worker)
    stay = services.admit(person=person(), bed=bed("B"), entry_date=DAY, by=worker)
    services.discharge(stay=stay, exit_date=DAY + dt.timedelta(days=3), destination="435", by=worker)
    out = tmp_path / "hmis.zip"
    call_command("hmis_export", "--from", DAY.isoformat(), "--to", (DAY + dt.timedelta(days=9)).isoformat(),
                 *extra, str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        return {name: list(csv.DictReader(io.StringIO(archive.read(name).decode()))) for name in archive.namelist()}


def test_every_file_has_the_specifications_name_and_required_headers_filled(tmp_path):
    files = _export(tmp_path)
    assert set(SPEC_REQUIRED) <= set(files)
    for name, required in SPEC_REQUIRED.items():
        rows = files[name]
        assert rows, f"{name} is empty"
        header = set(rows[0])
        assert required <= header, f"{name} lacks {sorted(required - header)}"
        assert all(c[:1].isupper() and " " not in c and "_" not in c for c in header), name
        for row in rows:
            empty = sorted(c for c in required if row[c] == "")
            assert not empty, f"{name} row {row} leaves required {empty} empty"
    assert not GONE_IN_FY2026 & set(files["Client.csv"][0])
    assert files["Export.csv"][0]["CSVVersion"] == "2026" and files["Export.csv"][0]["HashStatus"] == "1"
    assert {r["FirstName"] for r in files["Client.csv"]} >= {"Reina"}
    assert [r["Destination"] for r in files["Exit.csv"]] == ["435"]
    assert len(files["Enrollment.csv"]) == 2
    assert sum(1 for r in files["Services.csv"] if r["RecordType"] == "200") == 9 + 3


def test_names_are_hashed_as_the_specification_allows(tmp_path):
    files = _export(tmp_path, "--hash-names")
    assert files["Export.csv"][0]["HashStatus"] == "4"
    reina = next(r for r in files["Client.csv"] if r["Sex"] == "0")
    assert reina["FirstName"] == hmis.hash_name("Reina") and len(reina["FirstName"]) == 64
    assert "Portillo" not in str(files)


def test_soundex():
    assert [hmis.soundex(n) for n in ("Robert", "Rupert", "Ashcraft", "Tymczak", "Pfister", "Lee")] == [
        "R163", "R163", "A261", "T522", "P236", "L000"]
