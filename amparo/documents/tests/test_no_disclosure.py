"""Nothing that leaves the building names a restricted case's kind (8 CFR 208.6, 8 U.S.C. 1367).

For a restricted case of every kind (asylum, withholding/CAT, VAWA, U, T, SIJS, and a child's
ordinary case), every letter and notice is rendered in English and in Spanish — letters (their
subject line, title, document title, file name and text), the calendar feed (at the most
detailed setting an office can choose), deadline reminders and emergency-access emails — and
none may carry a word that reveals the kind: its name in either language, its program, its
form numbers, or the legal terms that go with it. Deadline and task titles typed by staff
("Draft the asylum declaration") are planted too: they must stay inside.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from amparo.accounts.models import Office
from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.i18n import language
from amparo.documents import letters, services
from amparo.documents.letters import Appointment
from amparo.documents.models import LetterKind
from amparo.legal import ical, notifications, selectors
from amparo.legal import services as legal_services
from amparo.legal.events import DeadlineKind, EventKind
from amparo.legal.kinds import RESTRICTED_KINDS, Kind
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Words that reveal each kind, in English and in Spanish (matched whole-word, any case, no accents needed).
REVEALING = {
    "asylum": ["asylum", "asylee", "refugee", "persecution", "persecuted", "I-589", "withholding", "torture",
               "Convention Against Torture", "CAT", "asilo", "asilado", "refugiado", "refugiada", "persecución",
               "tortura", "suspensión de remoción"],
    "vawa": ["VAWA", "Violence Against Women", "domestic violence", "abuse", "abused", "battered", "I-360",
             "self-petition", "violencia", "maltrato", "abuso", "autopetición"],
    "u": ["U visa", "U-visa", "visa U", "I-918", "Supplement B", "Suplemento B", "victim", "crime", "víctima",
          "delito"],
    "t": ["T visa", "T-visa", "visa T", "I-914", "trafficking", "trafficked", "trata de personas", "víctima"],
    "sijs": ["SIJS", "Special Immigrant Juvenile", "Inmigrante Juvenil Especial", "juvenile", "juvenil",
             "I-360", "abandonment", "abandono", "neglect", "21st birthday", "21 años", "minor", "menor de edad"],
}
KIND_TERMS = {
    Kind.ASYLUM_AFFIRMATIVE: "asylum", Kind.ASYLUM_DEFENSIVE: "asylum", Kind.WITHHOLDING_CAT: "asylum",
    Kind.VAWA: "vawa", Kind.U_VISA: "u", Kind.T_VISA: "t", Kind.SIJS: "sijs",
}
# Staff-typed titles that must never leave: one per kind.
PLANTED = {
    "asylum": "Draft the asylum declaration (I-589)", "vawa": "VAWA self-petition evidence of abuse",
    "u": "U visa: certify Supplement B", "t": "T visa: trafficking declaration", "sijs": "SIJS juvenile court order",
}


def _every_label(kind: str) -> list[str]:
    """The names of every restricted kind and of the deadlines only those kinds have, in both languages."""
    labels = []
    for code in ("en", "es"):
        with language(code):
            labels += [str(Kind(k).label) for k in RESTRICTED_KINDS]
            labels += [str(d.label) for d in DeadlineKind if d.value.startswith(("asylum", "sijs", "u_"))]
    return labels


def reveals(text: str, terms: str) -> list[str]:
    found = []
    plain = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
    for word in [*REVEALING[terms], *_every_label(terms)]:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", plain, flags=re.IGNORECASE):
            found.append(word)
    return found


@pytest.fixture
def office():
    # The most an office may let out: deadline names on ordinary cases (never on restricted ones).
    return OfficeFactory(name="Oficina de Pico-Union", phone="(213) 555-0142", address="1450 W Pico Blvd",
                         calendar_detail=Office.CalendarDetail.DEADLINE)


def _restricted_case(kind: str, client_language: str, office, staff):
    today = timezone.localdate()
    team = OfficeFactory(name=f"Equipo {kind}", kind=Office.Kind.TEAM, parent=office,
                         calendar_detail=Office.CalendarDetail.DEADLINE)
    minor = kind == Kind.SIJS or kind == "minor"
    birth = dt.date(today.year - 16, 1, 15) if minor else dt.date(1985, 3, 1)
    client = PersonFactory(given_names="Xiomara", first_surname="Quintanilla", birth_date=birth,
                           preferred_language=client_language)
    attorney, paralegal = staff
    case = make_case(kind=Kind.FAMILY_PETITION if kind == "minor" else kind, client=client, office=office, team=team,
                     responsible=attorney, paralegal=paralegal, by=attorney)
    assert case.restricted
    terms = KIND_TERMS.get(kind, "sijs")
    events = {Kind.ASYLUM_AFFIRMATIVE: (EventKind.LAST_ARRIVAL, -300),
              Kind.ASYLUM_DEFENSIVE: (EventKind.FINAL_ORDER, -5), Kind.WITHHOLDING_CAT: (EventKind.FINAL_ORDER, -5),
              Kind.U_VISA: (EventKind.SUPPLEMENT_B_SIGNED, -30)}
    if kind in events:
        event, days = events[kind]
        legal_services.record_event(case=case, kind=event, date=today + dt.timedelta(days=days), by=attorney)
    legal_services.add_manual_deadline(case=case, title=PLANTED[terms], due=today + dt.timedelta(days=3), by=attorney)
    legal_services.add_task(case=case, title=PLANTED[terms], by=attorney, assignee=attorney,
                            due=today + dt.timedelta(days=4))
    legal_services.add_hearing(case=case, kind="juvenile" if minor else "master", by=attorney,
                               starts_at=timezone.now() + dt.timedelta(days=5))
    return case, terms


KINDS = sorted(RESTRICTED_KINDS) + ["minor"]


@pytest.mark.parametrize("kind", KINDS)
def test_letters_and_notices_of_a_restricted_case_never_name_its_kind(kind, office, make_user):
    attorney = UserFactory(role=Role.ATTORNEY, offices=[office], language="es", full_name="Licda. Rocío Ibáñez")
    paralegal = UserFactory(role=Role.PARALEGAL, offices=[office], language="en", is_supervisor=True)
    case, terms = _restricted_case(kind, "es", office, (attorney, paralegal))
    items = services.ensure_checklist(case=case, by=attorney)
    checklist = {label for item in items for label in (item.label_en, item.label_es)}
    when = Appointment(when=timezone.now() + dt.timedelta(days=7), place="")

    # Every letter, in both languages: subject line, title and text (the checklist labels the
    # client needs to read are the one thing a request for documents must name).
    for code in ("en", "es"):
        for letter_kind in LetterKind.values:
            with language(code):
                context = letters.case_context(case=case, by=attorney, appointment=when)
                page = letters.render_html(kind=letter_kind, language=code, context=context)
            for label in checklist:
                page = page.replace(html.escape(label), "").replace(label, "")
            assert reveals(page, terms) == [], (kind, code, letter_kind)
            assert "(213) 555-0142" in page  # the office's telephone, not a bare "call us"
            subject = re.search(r'<p class="re">(.*?)</p>', page, re.S).group(1)
            assert case.number in subject

    # The generated documents: their titles, file names and PDF text.
    for letter_kind in (LetterKind.APPOINTMENT, LetterKind.CLOSING, LetterKind.ENGAGEMENT):
        for code in ("en", "es"):
            document = services.generate_letter(by=attorney, case=case, kind=letter_kind, appointment=when,
                                                language=code)
            version = document.versions.get()
            with version.file.open("rb") as handle:
                reader = PdfReader(io.BytesIO(handle.read()))
            text = " ".join(page.extract_text() for page in reader.pages)
            meta = str((reader.metadata or {}).get("/Title", ""))
            for shown in (document.title, version.original_name, meta, text):
                assert reveals(shown, terms) == [], (kind, code, letter_kind, shown[:200])

    # The calendar feed of everyone on the case, in each one's language.
    for user in (attorney, paralegal):
        deadlines, hearings, tasks = selectors.feed_items(user)
        assert deadlines and hearings
        with language(user.language):
            feed = ical.user_calendar(deadlines=deadlines, hearings=hearings, tasks=tasks,
                                      base_url="https://amparo.example", host="amparo.example")
        unfolded = feed.replace("\r\n ", "")
        assert reveals(unfolded, terms) == [], (kind, user.language)
        assert "Quintanilla" not in unfolded and "Xiomara" not in unfolded

    # Deadline reminders and the emergency-access notice, each in its recipient's language.
    mail.outbox = []
    for deadline in case.deadlines.filter(due__isnull=False):
        notifications.send_deadline_reminders(today=deadline.due)
    stranger = UserFactory(role=Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Pomona")])
    grant = legal_services.break_glass(user=stranger, case=case, reason="Client at the door, team unreachable")
    notifications.break_glass_notice(grant.pk)
    assert mail.outbox
    for message in mail.outbox:
        assert reveals(message.subject, terms) == [] and reveals(message.body, terms) == [], message.subject
        assert "Quintanilla" not in message.subject + message.body


def test_the_check_itself_catches_a_kind_named_in_either_language():
    assert reveals("Re: su caso #12 (Asilo (afirmativo))", "asylum")
    assert reveals("Deadline — One-year asylum filing deadline", "asylum")
    assert reveals("Plazo: visa U", "u") and reveals("SIJS: file before the 21st birthday", "sijs")
    assert reveals("Re: your case #12 (immigration matter)", "asylum") == []
    assert reveals("Categoría: Catering", "asylum") == []  # whole words only
