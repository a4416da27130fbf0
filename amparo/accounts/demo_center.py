"""The demo center's records: people, cases with deadlines, documents and an archive sample.

Everything goes through the apps' own services, so every record has its audit trail, its
restriction and its rules-engine deadlines exactly as if staff had entered it. Running it again
creates nothing twice: demo people are found by the marker in their notes, demo cases by their
client and kind, and the archive import is idempotent by itself. Dates are relative to today,
so the dashboard always has something due in the coming weeks.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from amparo.archive import services as archive_services
from amparo.archive.models import Actor, Source
from amparo.core.partial_dates import PartialDate
from amparo.documents import services as document_services
from amparo.documents.filing import services as filing_services
from amparo.documents.filing.models import FormTemplate, FormTemplateVersion
from amparo.documents.letters import render_pdf
from amparo.documents.models import Category, ChecklistItem, Document, LetterKind
from amparo.legal import services as legal_services
from amparo.legal.events import EventKind
from amparo.legal.kinds import Kind
from amparo.legal.models import Case, Deadline, Hearing
from amparo.people import households
from amparo.people import services as people_services
from amparo.people.models import Person, Relationship
from amparo.people.synthetic import generate, perturb
from amparo.people.tasks import load_records

from .demo import TEAMS
from .models import Office, User

MARKER = "Demo person "  # notes of every demo person start with this, then its record id
PEOPLE = 38  # from the synthetic generator; plus one likely duplicate and one child
ARCHIVE_SAMPLE = 50
COUNTRIES = ["El Salvador", "Guatemala", "Honduras", "El Salvador", "Guatemala"]
COURT = "Los Angeles Immigration Court (Olive Street)"
JUDGE = "Hon. Margaret Ellison"


@dataclass
class DemoSummary:
    people: int
    cases: int
    deadlines: int
    documents: int
    archive: str
    cases_with_deadlines: int = 0
    forms: int = 0

    def line(self) -> str:
        return (f"Demo data: {self.people} people, {self.cases} cases ({self.cases_with_deadlines} with open "
                f"deadlines), {self.deadlines} open deadlines, {self.documents} documents, {self.forms} fillable "
                f"form, {self.archive}.")


def _users() -> dict[str, User]:
    from .demo import DEMO_DOMAIN

    return {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}


def _fields(row: dict[str, str], index: int) -> dict[str, Any]:
    english = index % 5 == 4  # about one in five prefers English
    birth = dt.date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
    return {
        "given_names": row["given_names"], "first_surname": row["first_surname"],
        "second_surname": row["second_surname"], "sex": "female" if row.get("_female") else "male",
        "country_of_birth": COUNTRIES[index % len(COUNTRIES)], "nationalities": COUNTRIES[index % len(COUNTRIES)],
        "languages": "Spanish, English" if english else "Spanish", "preferred_language": "en" if english else "es",
        "birth": PartialDate(birth) if birth else None, "a_number": row.get("identifier", ""),
        "notes": f"{MARKER}{row['record_id']} (fictitious, for trying Amparo out)",
    }


def _person(existing: dict[str, Person], row: dict[str, str], index: int, by: User) -> Person:
    found = existing.get(row["record_id"])
    if found is not None:
        return found
    contacts = [{"kind": "phone", "value": row["phone"], "label": "mobile"}] if row.get("phone") else []
    addresses = [{"street": row["street"], "city": row["city"], "state": "CA", "postcode": row["postcode"]}
                 ] if row.get("street") else []
    person = people_services.create_person(by=by, fields=_fields(row, index), contacts=contacts,
                                           addresses=addresses)
    existing[row["record_id"]] = person
    return person


def _load_people(by: User) -> list[Person]:
    today = timezone.localdate()
    rows, _ = generate(PEOPLE, seed=2026, duplicate_rate=0, sibling_rate=0)
    rng = random.Random(2026)
    # One likely duplicate of the first person (a second intake with typos), for the duplicates page.
    duplicate = perturb(rng, rows[0], "P9000001", count=2)
    duplicate["phone"] = rows[0]["phone"]
    # A child of the second and third people, 16 years old: the client of the SIJS case.
    child = dict(rows[1], record_id="P9000002", given_names="Kevin Alexander", _female="",
                 birth_date=today.replace(year=today.year - 16, day=min(today.day, 28)).isoformat(), identifier="")
    child["first_surname"], child["second_surname"] = rows[1]["first_surname"], rows[2]["first_surname"]
    existing: dict[str, Person] = {}
    for person in Person.objects.filter(notes__startswith=MARKER):
        existing[person.notes[len(MARKER):].split()[0]] = person
    people = [_person(existing, row, i, by) for i, row in enumerate([*rows, duplicate, child])]
    head, spouse, kid = people[1], people[2], people[-1]
    if not kid.households.exists():
        household = households.create_household(name=f"Familia {head.first_surname} {spouse.first_surname}",
                                                person=head, by=by).household
        households.add_household_member(household=household, person=spouse, role=households.Role.SPOUSE, by=by)
        households.add_household_member(household=household, person=kid, role=households.Role.CHILD, by=by)
        people_services.add_relationship(person=head, other=spouse, kind=Relationship.Kind.SPOUSE, by=by)
        people_services.add_relationship(person=head, other=kid, kind=Relationship.Kind.CHILD, by=by)
    return people


@dataclass(frozen=True)
class CaseSpec:
    client: int  # index into the adult demo clients (-1: the child)
    kind: str
    office: str
    team: str | None
    responsible: str
    paralegal: str | None = None
    events: tuple[tuple[str, int, dict[str, Any]], ...] = ()  # (event kind, days from today, extra)
    hearing: tuple[str, int] | None = None  # (hearing kind, days from today)
    note: str = ""
    task: tuple[str, str, int] | None = None  # (title, assignee, days from today)
    letter: bool = False
    manual: tuple[str, int, str] | None = None  # a deadline entered by hand: (title, days from today, source)


PICO, VAN_NUYS = "Los Angeles — Pico-Union", "Van Nuys"
ASYLUM_TEAM, FAMILY_TEAM = TEAMS
CASES = [
    CaseSpec(0, Kind.ASYLUM_DEFENSIVE, PICO, ASYLUM_TEAM, "abogado", "paralegal",
             events=((EventKind.IJ_DECISION, -20, {"variant": "asylum_merits"}),),
             note=N_("Judge denied asylum; client wants to appeal. Order the hearing transcript and start "
                     "the Notice of Appeal (EOIR-26)."),
             task=(N_("Order the hearing transcript"), "paralegal", 5), letter=True),
    CaseSpec(1, Kind.ASYLUM_AFFIRMATIVE, PICO, ASYLUM_TEAM, "abogado", "paralegal",
             events=((EventKind.LAST_ARRIVAL, -330, {}),),
             note=N_("Arrived last year; the one-year filing deadline is close. Declaration in progress."),
             task=(N_("Finish the client's declaration"), "paralegal", 10)),
    CaseSpec(-1, Kind.SIJS, PICO, FAMILY_TEAM, "abogado", None, hearing=(Hearing.Kind.JUVENILE, 21),
             note=N_("State court hearing for the special findings order."), letter=True),
    CaseSpec(2, Kind.REMOVAL_DEFENSE, PICO, ASYLUM_TEAM, "abogado", "paralegal",
             hearing=(Hearing.Kind.MASTER, 9), task=(N_("Prepare pleadings for the master calendar"), "abogado", 7),
             manual=(N_("Written pleadings and any application, at the master calendar hearing"), 9,
                     "Immigration Court Practice Manual, ch. 4.15")),
    CaseSpec(3, Kind.WITHHOLDING_CAT, PICO, ASYLUM_TEAM, "abogado", "paralegal",
             events=((EventKind.FINAL_ORDER, -12, {}),)),
    CaseSpec(4, Kind.U_VISA, PICO, FAMILY_TEAM, "abogado", "casos",
             events=((EventKind.SUPPLEMENT_B_SIGNED, -40, {}),)),
    CaseSpec(5, Kind.FAMILY_PETITION, PICO, None, "abogado", "paralegal",
             events=((EventKind.RFE_RECEIVED, -60, {"days": 84}),), note=N_("RFE asks for proof of the marriage.")),
    CaseSpec(6, Kind.DACA_RENEWAL, VAN_NUYS, None, "abogado", None,
             events=((EventKind.DACA_EXPIRY, 150, {}),)),
    CaseSpec(7, Kind.TPS_REREGISTRATION, VAN_NUYS, None, "abogado", None,
             task=(N_("Call the client about the re-registration fee"), "abogado", 3),
             manual=(N_("End of the TPS re-registration period"), 45,
                     "Federal Register notice of the country's TPS extension (demo date)")),
    CaseSpec(8, Kind.NATURALIZATION, VAN_NUYS, None, "abogado", None,
             events=((EventKind.LPR_GRANTED, -(5 * 365) + 75, {}),)),
]


def in_language(text: str, user: User) -> str:
    """A demo text (marked with ``N_``) in the language of the staff member who writes or reads it."""
    with translation.override(user.language or "en"):
        return gettext(text)


def _evidence_pdf(case: Case) -> bytes:
    return render_pdf(f"<h1>Birth certificate</h1><p>Demo copy for case {case.number}: "
                      f"{case.client.given_names} {case.client.first_surname}. Not a real document.</p>")


def _documents(case: Case, by: User) -> None:
    document_services.generate_letter(by=by, case=case, kind=LetterKind.DOCUMENT_REQUEST)
    items = document_services.ensure_checklist(case=case, by=by)
    item = next((i for i in items if "birth" in i.label_en.lower()), items[0] if items else None)
    if item is None:
        return
    upload = ContentFile(_evidence_pdf(case), name=f"birth-certificate-{case.pk}.pdf")
    title = item.label_es if by.language == "es" and item.label_es else item.label_en
    result = document_services.upload_document(by=by, owner=case, upload=upload, title=title,
                                               category=Category.IDENTITY)
    document_services.set_checklist_status(by=by, item=item, status=ChecklistItem.Status.RECEIVED,
                                           document=result.document)


def _adults(people: list[Person], today: dt.date) -> list[Person]:
    """Demo clients aged 20 to 65 (the generator also makes children and elders), in a stable order;
    the first three (the likely duplicate and the household) are left out."""
    def age(person: Person) -> int:
        birth = person.birth_date or today
        return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))

    return [p for p in people[3:PEOPLE] if 20 <= age(p) <= 65]


def _manual_deadline(case: Case, spec: CaseSpec, by: User, today: dt.date) -> None:
    if not spec.manual:
        return
    title, days, source = spec.manual
    title = in_language(title, by)  # written by its author, in the author's language
    if not case.deadlines.filter(title=title).exists():
        legal_services.add_manual_deadline(case=case, title=title, due=today + dt.timedelta(days=days), by=by,
                                           source=source)


def _load_cases(people: list[Person], users: dict[str, User]) -> list[Case]:
    today = timezone.localdate()
    offices = {o.name: o for o in Office.objects.all()}
    cases = []
    for spec in CASES:
        client = people[-1] if spec.client == -1 else _adults(people, today)[spec.client]
        case = Case.objects.filter(client=client, kind=spec.kind).first()
        if case is not None:
            _manual_deadline(case, spec, users[spec.responsible], today)  # a demo loaded before it had one
            cases.append(case)
            continue
        by = users[spec.responsible]
        court = COURT if spec.kind in (Kind.ASYLUM_DEFENSIVE, Kind.REMOVAL_DEFENSE, Kind.WITHHOLDING_CAT) else ""
        case = legal_services.open_case(
            by=by, client=client, kind=spec.kind, office=offices[spec.office],
            team=offices[spec.team] if spec.team else None, responsible=by,
            paralegal=users[spec.paralegal] if spec.paralegal else None, court=court, judge=JUDGE if court else "")
        for kind, days, extra in spec.events:
            legal_services.record_event(case=case, kind=kind, date=today + dt.timedelta(days=days), by=by, **extra)
        if spec.hearing:
            kind, days = spec.hearing
            starts = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(9, 0)))
            legal_services.add_hearing(case=case, kind=kind, starts_at=starts, by=by,
                                       court="Los Angeles Superior Court, Juvenile" if kind == Hearing.Kind.JUVENILE
                                       else "")
        _manual_deadline(case, spec, by, today)
        if spec.note:  # free text is written in its writer's language, as staff would write it
            legal_services.add_note(case=case, body=in_language(spec.note, by), by=by)
        if spec.task:
            title, assignee, days = spec.task
            legal_services.add_task(case=case, title=in_language(title, users[assignee]), by=by,
                                    assignee=users[assignee],
                                    due=today + dt.timedelta(days=days))
        if spec.letter:
            _documents(case, by)
        cases.append(case)
    return cases


def _find_duplicates(people: list[Person]) -> None:
    """The duplicate pass over the demo people only (what the nightly pass stores), so the
    duplicates page has the demo pair without waiting for a worker."""
    from amparo.people import matching

    records = load_records(Person.objects.current().filter(pk__in=[p.pk for p in people]))
    people_services.save_duplicate_pairs(
        (a.id, b.id, match.score, match.reasons) for a, b, match in matching.find_pairs(records, workers=1))


def muc3_directory() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "muc3"


def _load_archive(by: User | None) -> str:
    from .demo_archive import REPORTS, load_archive_index

    directory = muc3_directory()
    every = sorted(directory.rglob("*.xhtml")) if directory.is_dir() else []
    files = every[:ARCHIVE_SAMPLE] + [p for p in every[ARCHIVE_SAMPLE:] if p.stem in REPORTS]
    if not files:
        return f"no archive sample ({directory} not found)"
    with tempfile.TemporaryDirectory(prefix="amparo-demo-muc3-") as tmp:
        for path in files:
            shutil.copy(path, tmp)
        report = archive_services.import_muc3(directory=tmp, by=by)
    acts = load_archive_index(by)
    return (f"{Source.objects.count()} archive sources ({report.created} new from {len(files)} MUC-3 reports, "
            f"{len(report.errors)} unreadable), {Actor.objects.count()} actors and {acts} acts indexed from them")


def _load_form(by: User) -> FormTemplateVersion:
    """The demo's fillable form (every kind of field) with its mappings, so "Fill a form" works."""
    from amparo.documents import demo_form

    template = FormTemplate.objects.filter(form_number=demo_form.FORM_NUMBER).first()
    version = template.versions.order_by("-number").first() if template else None
    if version is None:
        upload = ContentFile(demo_form.PATH.read_bytes(), name=demo_form.PATH.name)
        version = filing_services.upload_form_template(by=by, upload=upload, name=demo_form.NAME,
                                                       form_number=demo_form.FORM_NUMBER,
                                                       edition_date=dt.date(2026, 1, 1))
    if not version.mappings.exists():
        filing_services.save_mappings(by=by, version=version, rows=[
            {"field_name": name, "source": source, "transform": transform, "constant": constant}
            for name, (source, transform, constant) in demo_form.MAPPINGS.items()])
    return version


def load_demo_center() -> DemoSummary:
    """Load the demo records; the demo accounts must exist (``load_demo_accounts``)."""
    from .demo import _refuse_in_production

    _refuse_in_production()
    users = _users()
    with transaction.atomic():
        people = _load_people(users["recepcion"])
        cases = _load_cases(people, users)
        _find_duplicates(people)
        _load_form(users["admin"])
    archive = _load_archive(users.get("archivo"))
    open_deadlines = Deadline.objects.filter(case__in=cases, state=Deadline.State.OPEN)
    return DemoSummary(
        people=len({p.pk for p in people}), cases=len(cases), deadlines=open_deadlines.count(),
        cases_with_deadlines=open_deadlines.values("case").distinct().count(),
        forms=FormTemplate.objects.filter(is_active=True).count(),
        documents=Document.objects.filter(case__in=cases).count(), archive=archive)
