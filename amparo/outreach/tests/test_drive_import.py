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
from amparo.outreach.models import Drive, DriveImport, Registrant
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
    for row in rows:
        if row.reason:
            continue
        status, needs = screener(row)
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
    """What the import made, in terms that do not depend on database ids of new people."""
    regs = list(Registrant.objects.filter(drive__slug="tps-kill").order_by("row_number").values(
        "row_number", "outcome", "reason", "screening_status", "flags", "person_id"))
    creator = {r["person_id"]: r["row_number"] for r in regs if r["outcome"] == "created"}
    rows = [(r["row_number"], r["outcome"], r["reason"], r["screening_status"], tuple(r["flags"]),
             f"row{creator[r['person_id']]}" if r["person_id"] in creator else r["person_id"]) for r in regs]
    made = list(creator)
    return {
        "rows": rows, "people": Person.objects.count(),
        "keys": PersonKey.objects.filter(person_id__in=made).count(),
        "contacts": ContactPoint.objects.filter(person_id__in=made).count(),
        "names": sorted((g, s, str(b)) for g, s, b in
                        Person.objects.filter(pk__in=made).values_list("given_names", "first_surname", "birth_date")),
    }


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

    killed = subprocess.Popen(_command(path, "--pause", "0.2"), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        done_rows = DriveImport.objects.filter(drive__slug="tps-kill").values_list("rows_done", flat=True).first()
        if done_rows and done_rows >= len(rows) // 2:
            break
        time.sleep(0.02)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    imp = DriveImport.objects.get(drive__slug="tps-kill")
    assert 0 < imp.rows_done < len(rows) and imp.status == "running"

    again = subprocess.run(_command(path), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == uninterrupted
    assert _snapshot() == expected
