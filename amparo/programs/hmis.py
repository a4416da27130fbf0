"""The HUD HMIS CSV export (FY2026 format) of transitional housing: one zip of CSV files.

File names and PascalCase headers, in their order, are those of the HMIS CSV FY2026 format for the
files written here (Export, Organization, Project, Inventory, Client, Enrollment, Exit, Services).
FY2026 against FY2024: Client.csv lost the gender columns (3.06), gained Sex (4.21) after
DOBDataQuality, and HispanicLatinaeo became HispanicLatinao; Enrollment.csv lost SexualOrientation
(R3) and the translation columns (C4: TranslationNeeded, PreferredLanguage, PreferredLanguageDifferent)
and gained MentalHealthConsultation (V10) after RunawayYouth; CSVVersion is "2026 v1". The order was
checked against the column list of HUD's Eva validator (docs/programs.md says what was checked and
what was not). Data Amparo does not collect is written as 99 ("data not collected") where the
specification requires a value, and left empty where it allows null.

With ``hashed=True`` names are exported as the specification's SHA-256 hash of their Soundex
code and the Export's HashStatus is 4 (SHA-256, RHY-compliant); otherwise HashStatus is 1.
Each site is one project (ProjectType 2, transitional housing) of one organization: the center.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import Assistance, Bed, Site, Stay

CSV_VERSION = "2026 v1"

HEADERS: dict[str, tuple[str, ...]] = {
    "Export": ("ExportID", "SourceType", "SourceID", "SourceName", "SourceContactFirst", "SourceContactLast",
               "SourceContactPhone", "SourceContactExtension", "SourceContactEmail", "ExportDate", "ExportStartDate",
               "ExportEndDate", "SoftwareName", "SoftwareVersion", "CSVVersion", "ExportPeriodType",
               "ExportDirective", "HashStatus", "ImplementationID"),
    "Organization": ("OrganizationID", "OrganizationName", "VictimServiceProvider", "OrganizationCommonName",
                     "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"),
    "Project": ("ProjectID", "OrganizationID", "ProjectName", "ProjectCommonName", "OperatingStartDate",
                "OperatingEndDate", "ContinuumProject", "ProjectType", "HousingType", "RRHSubType",
                "ResidentialAffiliation", "TargetPopulation", "HOPWAMedAssistedLivingFac", "PITCount",
                "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"),
    "Inventory": ("InventoryID", "ProjectID", "CoCCode", "HouseholdType", "Availability", "UnitInventory",
                  "BedInventory", "CHVetBedInventory", "YouthVetBedInventory", "VetBedInventory",
                  "CHYouthBedInventory", "YouthBedInventory", "CHBedInventory", "OtherBedInventory", "ESBedType",
                  "InventoryStartDate", "InventoryEndDate", "DateCreated", "DateUpdated", "UserID", "DateDeleted",
                  "ExportID"),
    "Client": ("PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality", "SSN",
               "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", "AmIndAKNative", "Asian", "BlackAfAmerican",
               "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific", "White", "RaceNone",
               "AdditionalRaceEthnicity", "VeteranStatus", "YearEnteredService", "YearSeparated",
               "WorldWarII", "KoreanWar", "VietnamWar", "DesertStorm", "AfghanistanOEF", "IraqOIF", "IraqOND",
               "OtherTheater", "MilitaryBranch", "DischargeStatus", "DateCreated", "DateUpdated", "UserID",
               "DateDeleted", "ExportID"),
    "Enrollment": ("EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH",
                   "EnrollmentCoC", "LivingSituation", "RentalSubsidyType", "LengthOfStay", "LOSUnderThreshold",
                   "PreviousStreetESSH", "DateToStreetESSH", "TimesHomelessPastThreeYears",
                   "MonthsHomelessPastThreeYears", "DisablingCondition", "DateOfEngagement", "MoveInDate",
                   "DateOfPATHStatus", "ClientEnrolledInPATH", "ReasonNotEnrolled", "PercentAMI", "ReferralSource",
                   "CountOutreachReferralApproaches", "DateOfBCPStatus", "EligibleForRHY", "ReasonNoServices",
                   "RunawayYouth", "MentalHealthConsultation", "FormerWardChildWelfare",
                   "ChildWelfareYears", "ChildWelfareMonths", "FormerWardJuvenileJustice", "JuvenileJusticeYears",
                   "JuvenileJusticeMonths", "UnemploymentFam", "MentalHealthDisorderFam", "PhysicalDisabilityFam",
                   "AlcoholDrugUseDisorderFam", "InsufficientIncome", "IncarceratedParent", "VAMCStation",
                   "TargetScreenReqd", "TimeToHousingLoss", "AnnualPercentAMI", "LiteralHomelessHistory",
                   "ClientLeaseholder", "HOHLeaseholder", "SubsidyAtRisk", "EvictionHistory", "CriminalRecord",
                   "IncarceratedAdult", "PrisonDischarge", "SexOffender", "DisabledHoH", "CurrentPregnant",
                   "SingleParent", "DependentUnder6", "HH5Plus", "CoCPrioritized", "HPScreeningScore",
                   "ThresholdScore", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"),
    "Exit": ("ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DestinationSubsidyType",
             "OtherDestination", "HousingAssessment", "SubsidyInformation", "ProjectCompletionStatus",
             "EarlyExitReason", "ExchangeForSex", "ExchangeForSexPastThreeMonths", "CountOfExchangeForSex",
             "AskedOrForcedToExchangeForSex", "AskedOrForcedToExchangeForSexPastThreeMonths",
             "WorkplaceViolenceThreats", "WorkplacePromiseDifference", "CoercedToContinueWork",
             "LaborExploitPastThreeMonths", "CounselingReceived", "IndividualCounseling", "FamilyCounseling",
             "GroupCounseling", "SessionCountAtExit", "PostExitCounselingPlan", "SessionsInPlan",
             "DestinationSafeClient", "DestinationSafeWorker", "PosAdultConnections", "PosPeerConnections",
             "PosCommunityConnections", "AftercareDate", "AftercareProvided", "EmailSocialMedia", "Telephone",
             "InPersonIndividual", "InPersonGroup", "CMExitReason", "DateCreated", "DateUpdated", "UserID",
             "DateDeleted", "ExportID"),
    "Services": ("ServicesID", "EnrollmentID", "PersonalID", "DateProvided", "RecordType", "TypeProvided",
                 "OtherTypeProvided", "MovingOnOtherType", "SubTypeProvided", "FAAmount", "FAStartDate", "FAEndDate",
                 "ReferralOutcome", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"),
}

# The columns each file must fill (never null), from the specification's "Null" column.
REQUIRED: dict[str, tuple[str, ...]] = {
    "Export": ("ExportID", "SourceType", "ExportDate", "ExportStartDate", "ExportEndDate", "CSVVersion",
               "ExportPeriodType", "ExportDirective", "HashStatus", "ImplementationID"),
    "Organization": ("OrganizationID", "OrganizationName", "VictimServiceProvider", "DateCreated", "DateUpdated",
                     "UserID", "ExportID"),
    "Project": ("ProjectID", "OrganizationID", "ProjectName", "OperatingStartDate", "ContinuumProject",
                "DateCreated", "DateUpdated", "UserID", "ExportID"),
    "Inventory": ("InventoryID", "ProjectID", "CoCCode", "HouseholdType", "UnitInventory", "BedInventory",
                  "InventoryStartDate", "DateCreated", "DateUpdated", "UserID", "ExportID"),
    "Client": ("PersonalID", "NameDataQuality", "SSNDataQuality", "DOBDataQuality", "AmIndAKNative", "Asian",
               "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific", "White", "Sex",
               "VeteranStatus", "DateCreated", "DateUpdated", "UserID", "ExportID"),
    "Enrollment": ("EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH",
                   "DisablingCondition", "DateCreated", "DateUpdated", "UserID", "ExportID"),
    "Exit": ("ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DateCreated", "DateUpdated",
             "UserID", "ExportID"),
    "Services": ("ServicesID", "EnrollmentID", "PersonalID", "DateProvided", "RecordType", "TypeProvided",
                 "DateCreated", "DateUpdated", "UserID", "ExportID"),
}

SOUNDEX = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"), **dict.fromkeys("DT", "3"), "L": "4",
           **dict.fromkeys("MN", "5"), "R": "6"}


def soundex(name: str) -> str:
    letters = [c for c in name.upper() if "A" <= c <= "Z"]
    if not letters:
        return ""
    code, last = letters[0], SOUNDEX.get(letters[0], "")
    for c in letters[1:]:
        digit = SOUNDEX.get(c, "")
        if digit and digit != last:
            code += digit
        if c not in "HW":
            last = digit
    return (code + "000")[:4]


def hash_name(name: str) -> str:
    return hashlib.sha256(soundex(name).encode()).hexdigest() if name else ""


def _stamp(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


SEX = {"female": 0, "male": 1}


def build(*, start: dt.date, end: dt.date, hashed: bool = False, now: dt.datetime | None = None,
          export_id: str = "1") -> dict[str, list[dict[str, Any]]]:
    """The rows of each file for stays active between ``start`` and ``end`` (inclusive)."""
    now = now or timezone.now()
    user = "amparo"
    stays = list(Stay.objects.filter(entry_date__lte=end).filter(Q(exit_date__isnull=True) | Q(exit_date__gte=start))
                 .select_related("person", "bed__room__site", "household").order_by("pk"))
    common = {"DateCreated": now, "DateUpdated": now, "UserID": user, "DateDeleted": "", "ExportID": export_id}
    files: dict[str, list[dict[str, Any]]] = {name: [] for name in HEADERS}
    files["Export"].append({
        "ExportID": export_id, "SourceType": 2, "SourceName": "Amparo", "ExportDate": now, "ExportStartDate": start,
        "ExportEndDate": end, "SoftwareName": "Amparo", "SoftwareVersion": "1", "CSVVersion": CSV_VERSION,
        "ExportPeriodType": 3, "ExportDirective": 2, "HashStatus": 4 if hashed else 1, "ImplementationID": "amparo"})
    files["Organization"].append({"OrganizationID": "1", "OrganizationName": "El Rescate", "VictimServiceProvider": 0,
                                  **common})
    for site in Site.objects.order_by("pk"):
        beds = Bed.objects.filter(room__site=site, available_from__lte=end).filter(
            Q(available_until__isnull=True) | Q(available_until__gt=start))
        first = beds.order_by("available_from").values_list("available_from", flat=True).first() or start
        files["Project"].append({"ProjectID": site.pk, "OrganizationID": "1", "ProjectName": site.name,
                                 "OperatingStartDate": first, "ContinuumProject": 0, "ProjectType": 2,
                                 "HousingType": 1, "TargetPopulation": 4, **common})
        files["Inventory"].append({
            "InventoryID": site.pk, "ProjectID": site.pk, "CoCCode": "CA-600", "HouseholdType": 3, "Availability": 1,
            "UnitInventory": beds.values("room").distinct().count(), "BedInventory": beds.count(),
            "OtherBedInventory": beds.count(), "InventoryStartDate": first, **common})
    people: dict[int, Any] = {}
    for stay in stays:
        people[stay.person_id] = stay.person
        household = f"H{stay.household_id}" if stay.household_id else f"S{stay.pk}"
        files["Enrollment"].append({
            "EnrollmentID": stay.pk, "PersonalID": stay.person_id, "ProjectID": stay.bed.room.site_id,
            "EntryDate": stay.entry_date, "HouseholdID": household, "RelationshipToHoH": int(stay.relationship),
            "EnrollmentCoC": "CA-600", "LivingSituation": 99, "DisablingCondition": 99,
            "MoveInDate": stay.move_in_date, **common})
        if stay.exit_date and stay.exit_date <= end:
            files["Exit"].append({"ExitID": stay.pk, "EnrollmentID": stay.pk, "PersonalID": stay.person_id,
                                  "ExitDate": stay.exit_date, "Destination": int(stay.destination or 99), **common})
        for night in range(max((min(stay.exit_date or end, end) - max(stay.entry_date, start)).days, 0)):
            day = max(stay.entry_date, start) + dt.timedelta(days=night)
            # RecordType 200 / TypeProvided 200: a bed night
            files["Services"].append({"ServicesID": f"{stay.pk}-{day.isoformat()}", "EnrollmentID": stay.pk,
                                      "PersonalID": stay.person_id, "DateProvided": day, "RecordType": 200,
                                      "TypeProvided": 200, **common})
    enrolment_of = {s.person_id: s.pk for s in stays}
    for aid in Assistance.objects.filter(person__in=list(enrolment_of), given_on__gte=start, given_on__lte=end
                                         ).order_by("pk"):
        files["Services"].append({"ServicesID": f"A{aid.pk}", "EnrollmentID": enrolment_of[aid.person_id],
                                  "PersonalID": aid.person_id, "DateProvided": aid.given_on, "RecordType": 144,
                                  "TypeProvided": 12, "FAAmount": aid.amount, **common})
    for pk, person in sorted(people.items()):
        names = (person.given_names.split(" ")[0] if person.given_names else "", person.first_surname)
        first, last = (hash_name(n) for n in names) if hashed else names
        files["Client"].append({
            "PersonalID": pk, "FirstName": first, "LastName": last, "NameDataQuality": 1 if person.first_surname else 2,
            "SSNDataQuality": 99, "DOB": person.birth_date, "DOBDataQuality": 1 if person.birth_date else 99,
            "AmIndAKNative": 0, "Asian": 0, "BlackAfAmerican": 0, "HispanicLatinao": 0, "MidEastNAfrican": 0,
            "NativeHIPacific": 0, "White": 0, "RaceNone": 99, "Sex": SEX.get(person.sex, 99), "VeteranStatus": 99,
            **common})
    return files


def csv_text(header: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_stamp(row.get(column)) for column in header])
    return out.getvalue()


def write_zip(path: Any, *, start: dt.date, end: dt.date, hashed: bool = False,
              now: dt.datetime | None = None) -> dict[str, int]:
    """Write the zip; returns the number of rows of each file."""
    files = build(start=start, end=end, hashed=hashed, now=now)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, header in HEADERS.items():
            archive.writestr(f"{name}.csv", csv_text(header, files[name]))
    return {name: len(rows) for name, rows in files.items()}
