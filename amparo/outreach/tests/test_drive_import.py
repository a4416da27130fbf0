"""Drive files: validation, matching against People and within the file, screening, and a
kill -9 half-way followed by a rerun giving exactly what an uninterrupted run gives."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from amparo.outreach import drive_import, synthetic
from amparo.outreach.models import Drive, DriveImport, DriveSite, Registrant
from amparo.people.models import ContactPoint, Person, PersonKey
from amparo.people.tests.factories import PersonFactory

ROOT = Path(__file__).resolve().parents[3]
TODAY = dt.date(2026, 11, 30)

SPANISH_FILE = """\
nombres,primer_apellido,segundo_apellido,fecha_nacimiento,pais_nacimiento,telefono,correo,fecha_entrada,sitio
María José,Hernández,López,1980-03-15,El Salvador,213-555-0101,,1999-05-02,Pico-Union
Maria Jose,Hernandez,Lopez,15/03/1980,SV,2135550101,,1999-05-02,Van Nuys
,,,1970-01-01,El Salvador,,,,Pico-Union
Wilmer,Argueta,Cruz,1980-02-31,El Salvador,,,,Pico-Union
Reina,Portillo,,2031-01-01,El Salvador,,,,Pico-Union
Santos,Quintanilla,,1975-06-01,Narnia,,,,Pico-Union
Ana,Ventura,Reyes,,El Salvador,,,,Pico-Union
José Luis,Menjívar,Ayala,1968-11-02,El Salvador,3235550199,,1998-01-10,Santa Ana
"""


def run(data: bytes, slug: str = "tps-sv", name: str = "sitios.csv") -> dict:
    drive = drive_import.get_or_create_drive(slug=slug, program="tps", country_code="SV")
    imp = drive_import.start_import(drive=drive, data=data, filename=name)
    return drive_import.run_import(imp, data, today=TODAY)


def test_a_spanish_file_is_validated_matched_and_screened(db):
    existing = PersonFactory(given_names="José Luis", first_surname="Menjívar", second_surname="Ayala",
                             birth_date=dt.date(1968, 11, 2))
    from amparo.people.services import refresh_keys

    refresh_keys(existing)
    summary = run(SPANISH_FILE.encode())
    assert summary["rows"] == 8
    assert summary["rejected"] == 4
    assert summary["created"] == 2  # María José and Ana
    assert summary["duplicates_in_file"] == 1  # "Maria Jose Hernandez Lopez" again, from another site
    assert summary["matched_existing"] == 1  # José Luis was already in People
    assert sum(summary["screening"].values()) == 4
    imp = DriveImport.objects.get()
    assert drive_import.rejected_rows(imp) == [
        (4, "no name"),
        (5, "birth_date '1980-02-31' is not a real date"),
        (6, "birth_date '2031-01-01' is in the future"),
        (7, "country_of_birth 'Narnia' is not a country"),
    ]
    maria = Registrant.objects.get(row_number=2)
    again = Registrant.objects.get(row_number=3)
    assert again.outcome == "duplicate_in_file" and again.person_id == maria.person_id
    assert Registrant.objects.get(row_number=9).person_id == existing.pk
    ana = Registrant.objects.get(row_number=8)
    assert "birth_date" in ana.flags and "phone" in ana.flags  # accepted, flagged
    assert ana.screening_status == "unknown" and ana.screening_needs  # screening says what it needs
    person = Person.objects.get(pk=maria.person_id)
    assert person.country_of_birth == "El Salvador" and person.nationalities == "SV"
    assert ContactPoint.objects.filter(person=person, normalized="2135550101").exists()
    assert PersonKey.objects.filter(person=person).exists()  # findable by People's search
    assert sorted(maria.site.drive.sites.values_list("name", flat=True)) == ["Pico-Union", "Santa Ana", "Van Nuys"]


def test_the_same_file_twice_adds_nothing(db):
    first = run(SPANISH_FILE.encode())
    people = Person.objects.count()
    assert run(SPANISH_FILE.encode()) == first
    assert Person.objects.count() == people
    assert Registrant.objects.count() == 8


def test_xlsx_with_english_headers(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Given names", "First surname", "Birth date", "Country of birth", "Entry date"])
    sheet.append(["Rosa", "Cañas", dt.date(1979, 4, 4), "El Salvador", dt.date(2000, 6, 1)])
    sheet.append(["Rosa", "Canas", dt.date(1979, 4, 4), "el salvador", None])
    path = tmp_path / "drive.xlsx"
    book.save(path)
    summary = run(path.read_bytes(), name="drive.xlsx")
    assert (summary["rows"], summary["created"], summary["duplicates_in_file"]) == (2, 1, 1)


def test_the_screening_shortcut_reads_only_facts_tps_reads(db):
    """Rows that differ only in what TPS does not read share one screening: the answers are
    those of screening every row's full facts."""
    from amparo import rules
    from amparo.rules.facts import Arrival
    from amparo.screening.services import current_ruleset

    screener = drive_import.Screener("tps", TODAY)
    rows = [drive_import.validate(i, row, "", today=TODAY) for i, row in
            enumerate(synthetic.drive_rows(200, seed=3), start=2)]
    # entry dates on, just before and just after every date of the rule data, for each country
    edges = [day + dt.timedelta(days=shift) for day in screener.dates for shift in (-1, 0, 1)]
    rows += [drive_import.validate(0, {"given_names": "Ana", "country_of_birth": place, "entry_date": day.isoformat()},
                                   "", today=TODAY)
             for day in edges if dt.date(1900, 1, 1) < day <= TODAY for place in ("SV", "HN", "GT")]
    for row in rows:
        if row.reason:
            continue
        status, needs = screener(row)
        assert (status, needs) == screener.screen(row)
        facts = rules.Facts(birth_date=row.birth, country_of_birth=row.country or None,
                            nationalities=(row.country,) if row.country else None,
                            arrivals=(Arrival(date=row.entry),) if row.entry else None)
        results = rules.screen(facts, TODAY, ruleset=current_ruleset(), programs=["tps"]).results
        assert status in {r.status for r in results}
        assert needs == sorted({m for r in results for m in r.missing_facts})


def test_command_prints_the_summary(db, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_bytes(SPANISH_FILE.encode())
    call_command("drive_import", str(path), "--drive", "tps-2026", "--program", "tps", "--country", "SV", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert {"rows", "created", "matched_existing", "duplicates_in_file", "rejected", "screening"} <= set(summary)
    assert Drive.objects.get(slug="tps-2026").country == "SV"


# --- kill -9 half-way ------------------------------------------------------------------------------

def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}:{s.get('PASSWORD') or ''}@{host}/{s['NAME']}"


def _command(path: Path, *extra: str) -> list[str]:
    return [sys.executable, "manage.py", "drive_import", str(path), "--drive", "tps-kill", "--program", "tps",
            "--country", "SV", "--json", "--batch", "100", *extra]


def _snapshot() -> dict:
    """Every record the import made or linked, in terms that do not depend on the ids of new
    people: registrants (all their columns), the new people (their columns, blocking keys,
    contacts and addresses), and the people of People linked to a registrant."""
    from amparo.people.models import Address

    reg_fields = [f.attname for f in Registrant._meta.concrete_fields if f.attname not in ("id", "created_at")]
    regs = list(Registrant.objects.filter(drive__slug="tps-kill").order_by("row_number").values(*reg_fields))
    creator = {r["person_id"]: r["row_number"] for r in regs if r["outcome"] == "created"}

    def who(pk):
        return f"row{creator[pk]}" if pk in creator else pk

    for r in regs:
        r["person_id"] = who(r["person_id"])
        r.pop("source_import_id"), r.pop("drive_id")  # the drive is made again for the second run
        r["site_id"] = DriveSite.objects.get(pk=r["site_id"]).name if r["site_id"] else None
    person_fields = [f.attname for f in Person._meta.concrete_fields
                     if f.attname not in ("id", "created_at", "updated_at")]
    people = {who(p.pop("id")): p for p in Person.objects.filter(pk__in=list(creator)).values("id", *person_fields)}
    keys = sorted((who(p), k) for p, k in PersonKey.objects.filter(person_id__in=list(creator))
                  .values_list("person_id", "key"))
    contacts = sorted((who(p), *rest) for p, *rest in ContactPoint.objects.filter(person_id__in=list(creator))
                      .values_list("person_id", "kind", "value", "normalized", "is_primary"))
    addresses = sorted((who(p), *rest) for p, *rest in Address.objects.filter(person_id__in=list(creator))
                       .values_list("person_id", "street", "city", "postcode"))
    return {"registrants": regs, "people": people, "people_count": Person.objects.count(), "keys": keys,
            "contacts": contacts, "addresses": addresses,
            "linked_existing": sorted(r["person_id"] for r in regs if r["outcome"] == "matched_existing")}


def _forget_import() -> None:
    made = list(Registrant.objects.filter(drive__slug="tps-kill", outcome="created").values_list("person_id",
                                                                                                 flat=True))
    Drive.objects.filter(slug="tps-kill").delete()
    Person.objects.filter(pk__in=made).delete()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_kill_at_half_then_rerun_gives_what_an_uninterrupted_run_gives(tmp_path):
    rows = synthetic.drive_rows(2400, seed=11)
    run(synthetic.to_csv(rows[:300]), slug="earlier")  # people the center already knows
    path = tmp_path / "drive.csv"
    path.write_bytes(synthetic.to_csv(rows, spanish=True))
    env = {**os.environ, "DATABASE_URL": _database_url()}

    done = subprocess.run(_command(path), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    uninterrupted = json.loads(done.stdout)
    expected = _snapshot()
    assert uninterrupted["matched_existing"] > 0 and uninterrupted["duplicates_in_file"] > 0
    assert uninterrupted["rejected"] > 0
    _forget_import()

    # Killed in the middle of the batch that reaches half the file: that batch's rows are written
    # but not committed when the process gets SIGKILL (the import waits there, see
    # drive_import._hold_if_asked), so the same point is hit on every run, however fast.
    marker = tmp_path / "held"
    half = len(rows) // 2
    held_env = {**env, "AMPARO_DRIVE_IMPORT_HOLD": f"{half}:{marker}"}
    killed = subprocess.Popen(_command(path), cwd=ROOT, env=held_env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    while not marker.exists():
        assert killed.poll() is None, killed.stderr.read().decode()
        time.sleep(0.05)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert killed.returncode == -signal.SIGKILL
    imp = DriveImport.objects.get(drive__slug="tps-kill")
    assert (imp.rows_done, imp.status) == (half - 100, "running")  # the held batch was lost whole
    assert Registrant.objects.filter(drive__slug="tps-kill").count() == half - 100

    again = subprocess.run(_command(path), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == uninterrupted
    after = _snapshot()
    for key in expected:
        assert after[key] == expected[key], key
