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
                   "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific", "White", "Sex",
                   "VeteranStatus", "DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Enrollment.csv": {"EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH",
                       "DisablingCondition", "DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Exit.csv": {"ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DateCreated", "DateUpdated",
                 "UserID", "ExportID"},
    "Services.csv": {"ServicesID", "EnrollmentID", "PersonalID", "DateProvided", "RecordType", "TypeProvided",
                     "DateCreated", "DateUpdated", "UserID", "ExportID"},
}
GONE_IN_FY2026 = {"Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning",
                  "DifferentIdentity", "GenderNone", "DifferentIdentityText", "HispanicLatinaeo"}
GONE_FROM_ENROLLMENT = {"SexualOrientation", "SexualOrientationOther", "TranslationNeeded", "PreferredLanguage",
                        "PreferredLanguageDifferent"}

# Every column of each file, in the FY2026 order, written out here by hand from the column list of
# HUD's Eva validator for FY2026 (abtassociates/eva, public-resources/columns.csv, October 2025):
# an importer reads columns by position as well as by name.
_AUDIT = ("DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID")
SPEC_ORDER = {
    "Export.csv": ("ExportID", "SourceType", "SourceID", "SourceName", "SourceContactFirst", "SourceContactLast",
                   "SourceContactPhone", "SourceContactExtension", "SourceContactEmail", "ExportDate",
                   "ExportStartDate", "ExportEndDate", "SoftwareName", "SoftwareVersion", "CSVVersion",
                   "ExportPeriodType", "ExportDirective", "HashStatus", "ImplementationID"),
    "Organization.csv": ("OrganizationID", "OrganizationName", "VictimServiceProvider", "OrganizationCommonName",
                         *_AUDIT),
    "Project.csv": ("ProjectID", "OrganizationID", "ProjectName", "ProjectCommonName", "OperatingStartDate",
                    "OperatingEndDate", "ContinuumProject", "ProjectType", "HousingType", "RRHSubType",
                    "ResidentialAffiliation", "TargetPopulation", "HOPWAMedAssistedLivingFac", "PITCount", *_AUDIT),
    "Inventory.csv": ("InventoryID", "ProjectID", "CoCCode", "HouseholdType", "Availability", "UnitInventory",
                      "BedInventory", "CHVetBedInventory", "YouthVetBedInventory", "VetBedInventory",
                      "CHYouthBedInventory", "YouthBedInventory", "CHBedInventory", "OtherBedInventory", "ESBedType",
                      "InventoryStartDate", "InventoryEndDate", *_AUDIT),
    "Client.csv": ("PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality", "SSN",
                   "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", "AmIndAKNative", "Asian", "BlackAfAmerican",
                   "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific", "White", "RaceNone",
                   "AdditionalRaceEthnicity", "VeteranStatus", "YearEnteredService", "YearSeparated", "WorldWarII",
                   "KoreanWar", "VietnamWar", "DesertStorm", "AfghanistanOEF", "IraqOIF", "IraqOND", "OtherTheater",
                   "MilitaryBranch", "DischargeStatus", *_AUDIT),
    "Enrollment.csv": ("EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH",
                       "EnrollmentCoC", "LivingSituation", "RentalSubsidyType", "LengthOfStay", "LOSUnderThreshold",
                       "PreviousStreetESSH", "DateToStreetESSH", "TimesHomelessPastThreeYears",
                       "MonthsHomelessPastThreeYears", "DisablingCondition", "DateOfEngagement", "MoveInDate",
                       "DateOfPATHStatus", "ClientEnrolledInPATH", "ReasonNotEnrolled", "PercentAMI",
                       "ReferralSource", "CountOutreachReferralApproaches", "DateOfBCPStatus", "EligibleForRHY",
                       "ReasonNoServices", "RunawayYouth", "MentalHealthConsultation", "FormerWardChildWelfare",
                       "ChildWelfareYears", "ChildWelfareMonths", "FormerWardJuvenileJustice", "JuvenileJusticeYears",
                       "JuvenileJusticeMonths", "UnemploymentFam", "MentalHealthDisorderFam", "PhysicalDisabilityFam",
                       "AlcoholDrugUseDisorderFam", "InsufficientIncome", "IncarceratedParent", "VAMCStation",
                       "TargetScreenReqd", "TimeToHousingLoss", "AnnualPercentAMI", "LiteralHomelessHistory",
                       "ClientLeaseholder", "HOHLeaseholder", "SubsidyAtRisk", "EvictionHistory", "CriminalRecord",
                       "IncarceratedAdult", "PrisonDischarge", "SexOffender", "DisabledHoH", "CurrentPregnant",
                       "SingleParent", "DependentUnder6", "HH5Plus", "CoCPrioritized", "HPScreeningScore",
                       "ThresholdScore", *_AUDIT),
    "Exit.csv": ("ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DestinationSubsidyType",
                 "OtherDestination", "HousingAssessment", "SubsidyInformation", "ProjectCompletionStatus",
                 "EarlyExitReason", "ExchangeForSex", "ExchangeForSexPastThreeMonths", "CountOfExchangeForSex",
                 "AskedOrForcedToExchangeForSex", "AskedOrForcedToExchangeForSexPastThreeMonths",
                 "WorkplaceViolenceThreats", "WorkplacePromiseDifference", "CoercedToContinueWork",
                 "LaborExploitPastThreeMonths", "CounselingReceived", "IndividualCounseling", "FamilyCounseling",
                 "GroupCounseling", "SessionCountAtExit", "PostExitCounselingPlan", "SessionsInPlan",
                 "DestinationSafeClient", "DestinationSafeWorker", "PosAdultConnections", "PosPeerConnections",
                 "PosCommunityConnections", "AftercareDate", "AftercareProvided", "EmailSocialMedia", "Telephone",
                 "InPersonIndividual", "InPersonGroup", "CMExitReason", *_AUDIT),
    "Services.csv": ("ServicesID", "EnrollmentID", "PersonalID", "DateProvided", "RecordType", "TypeProvided",
                     "OtherTypeProvided", "MovingOnOtherType", "SubTypeProvided", "FAAmount", "FAStartDate",
                     "FAEndDate", "ReferralOutcome", *_AUDIT),
}


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
    assert not GONE_FROM_ENROLLMENT & set(files["Enrollment.csv"][0])
    assert files["Export.csv"][0]["CSVVersion"] == "2026 v1" and files["Export.csv"][0]["HashStatus"] == "1"
    assert {r["FirstName"] for r in files["Client.csv"]} >= {"Reina"}
    assert [r["Destination"] for r in files["Exit.csv"]] == ["435"]
    assert len(files["Enrollment.csv"]) == 2
    assert sum(1 for r in files["Services.csv"] if r["RecordType"] == "200") == 9 + 3


def test_every_file_has_the_fy2026_columns_in_their_order(tmp_path):
    files = _export(tmp_path)
    assert set(files) == set(SPEC_ORDER)
    for name, columns in SPEC_ORDER.items():
        assert tuple(files[name][0]) == columns, name


def test_names_are_hashed_as_the_specification_allows(tmp_path):
    files = _export(tmp_path, "--hash-names")
    assert files["Export.csv"][0]["HashStatus"] == "4"
    reina = next(r for r in files["Client.csv"] if r["Sex"] == "0")
    assert reina["FirstName"] == hmis.hash_name("Reina") and len(reina["FirstName"]) == 64
    assert "Portillo" not in str(files)


def test_soundex():
    assert [hmis.soundex(n) for n in ("Robert", "Rupert", "Ashcraft", "Tymczak", "Pfister", "Lee")] == [
        "R163", "R163", "A261", "T522", "P236", "L000"]
