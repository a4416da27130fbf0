"""Loading and validating rule data; overrides layered on packaged data."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from amparo.rules import Facts, RuleDataError, load_ruleset, screen
from amparo.rules.loader import DATA_DIR, load_file
from amparo.rules.records import KINDS

D = date.fromisoformat

GOOD = """
[[record]]
kind = "tps_never_designated"
id = "x-1"
country = "GT"
effective_from = 2020-01-01
source = "a source"
verified = true
"""


def test_packaged_data_loads_and_every_record_is_dated_sourced_and_flagged() -> None:
    rules = load_ruleset()
    assert len(rules.records) > 50
    for rec in rules.records:
        assert rec.source.strip(), rec.id
        assert isinstance(rec.verified, bool)
        assert rec.effective_to is None or rec.effective_from <= rec.effective_to
        assert rec.kind in KINDS


def test_rules_version_is_a_date_plus_a_content_hash_and_is_stable() -> None:
    version = load_ruleset().version
    day, digest = version.split(".")
    assert date.fromisoformat(day) and len(digest) == 12
    assert load_ruleset().version == version


@pytest.mark.parametrize(("text", "fragment"), [
    (GOOD.replace('kind = "tps_never_designated"', 'kind = "nonsense"'), "unknown kind 'nonsense'"),
    (GOOD.replace('source = "a source"\n', ""), "field 'source': required"),
    (GOOD.replace("effective_from = 2020-01-01", 'effective_from = "2020-01-01"'), "expected a date"),
    (GOOD.replace("effective_from = 2020-01-01", "effective_from = 2020-01-01T10:00:00"), "expected a date"),
    (GOOD + "effective_to = 2019-12-31\n", "is after effective_to"),
    (GOOD.replace("verified = true", 'verified = "yes"'), "expected true or false"),
    (GOOD + 'colour = "red"\n', "field 'colour': not a field"),
    (GOOD.replace('country = "GT"', 'country = "Guatemala"'), "ISO 3166-1"),
    (GOOD + 'confidence = "U"\n', "does not match verified"),
    (GOOD + 'message = "no.such.message"\n', "not in the catalogue"),
    (GOOD + GOOD, "id 'x-1' is used by another record"),
    (GOOD + "[other]\nx = 1\n", "unexpected top-level key"),
    ("[[record]\n", "not valid TOML"),
    ('[[record]]\nkind = "deadline_rule"\nid = "d"\ndeadline = "bia_appeal"\nvariant = "standard"\n'
     'roll = true\nyears = 1\neffective_from = 2020-01-01\nsource = "s"\nverified = true\n',
     "needs exactly the fields (days)"),
])
def test_a_bad_file_fails_loudly_naming_file_and_record(text: str, fragment: str) -> None:
    with pytest.raises(RuleDataError) as err:
        load_file("broken.toml", text.encode())
    assert "broken.toml" in str(err.value)
    assert fragment in str(err.value)
    if "record" in text and "not valid TOML" not in fragment and "top-level" not in fragment:
        assert "record #" in str(err.value)


def test_every_data_file_is_valid_on_its_own() -> None:
    for path in sorted(DATA_DIR.glob("*.toml")):
        assert load_file(path.name, path.read_bytes()), path.name


NEW_SV_NOTICE = {
    "kind": "tps_status", "id": "admin-sv-2026-extension", "country": "SV", "cohort": "2001",
    "state": "in_force", "effective_from": "2026-09-10", "effective_to": "2028-03-09",
    "source": "Hypothetical notice entered by an administrator", "verified": True,
}
SALVADORAN = Facts.from_json({
    "nationalities": ["SV"], "arrivals": [{"date": "2000-01-01", "manner": "ewi"}], "trips": [],
    "tps_registrations": [{"country": "SV", "date": "2001-06-01"}],
    "criminal": {"felonies": 0, "misdemeanors": 0},
})


def _tps(on: str, overrides: tuple[dict[str, object], ...] = ()) -> tuple[str, list[str]]:
    rules = load_ruleset(overrides)
    result = screen(SALVADORAN, D(on), ruleset=rules, programs=["tps"]).results[0]
    return result.status, [r.message.code for r in result.reasons]


def test_an_override_takes_over_from_its_effective_date() -> None:
    status, codes = _tps("2027-01-15")
    assert status == "possibly_eligible" and "tps.sv_after_extension" in codes
    status, codes = _tps("2027-01-15", (NEW_SV_NOTICE,))
    assert "tps.state.in_force" in codes and "tps.sv_after_extension" not in codes
    # before its effective date, packaged data still answers
    _, codes = _tps("2026-01-15", (NEW_SV_NOTICE,))
    assert "tps.state.in_force" in codes
    # after it ends, the packaged open-ended record answers again
    _, codes = _tps("2028-06-01", (NEW_SV_NOTICE,))
    assert "tps.sv_after_extension" in codes


def test_overrides_change_the_version_and_leave_the_packaged_ruleset_alone() -> None:
    base = load_ruleset()
    layered = load_ruleset([NEW_SV_NOTICE])
    assert layered.version != base.version
    assert len(layered.records) == len(base.records) + 1
    assert all(r.id != NEW_SV_NOTICE["id"] for r in load_ruleset().records)
    assert load_ruleset([NEW_SV_NOTICE]).version == layered.version


def test_the_ruleset_is_immutable() -> None:
    rules = load_ruleset()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.version = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.records[0].source = "x"  # type: ignore[misc]
    assert isinstance(rules.records, tuple)


@pytest.mark.parametrize(("change", "fragment"), [
    ({"effective_from": "2026-13-01"}, "expected a date as YYYY-MM-DD"),
    ({"state": "maybe"}, "expected one of in_force"),
    ({"id": "tps-sv-2001-in-force"}, "used by another record"),
    ({"effective_to": "2026-01-01"}, "is after effective_to"),
    ({"verified": None}, "field 'verified': required"),
])
def test_a_bad_override_fails_naming_it(change: dict[str, object], fragment: str) -> None:
    with pytest.raises(RuleDataError) as err:
        load_ruleset([{**NEW_SV_NOTICE, **change}])
    assert "override #1" in str(err.value) and fragment in str(err.value)


def test_override_dates_may_be_date_objects() -> None:
    rules = load_ruleset([{**NEW_SV_NOTICE, "effective_from": D("2026-09-10"), "effective_to": D("2028-03-09")}])
    assert rules.by_id("admin-sv-2026-extension").effective_to == D("2028-03-09")


def test_override_without_message_shows_its_note_in_both_languages() -> None:
    note = {"kind": "policy", "id": "admin-note", "topic": "daca.renewal", "effect": "info",
            "effective_from": "2026-01-01", "source": "Staff memo", "verified": False,
            "note": "New renewal form edition required.", "note_es": "Se exige la nueva edición del formulario."}
    rules = load_ruleset([note])
    facts = Facts.from_json({"daca_expires_on": "2026-12-01"})
    result = screen(facts, D("2026-07-10"), ruleset=rules, programs=["daca_renewal"]).results[0]
    assert any("New renewal form edition required." in w.render("en") for w in result.warnings)
    assert any("nueva edición" in w.render("es") for w in result.warnings)
    assert "Staff memo" in result.sources
