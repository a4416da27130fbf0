import datetime as dt

import pytest

from amparo.core.models import AuditEntry
from amparo.rules import FactsError, RuleDataError
from amparo.screening import services
from amparo.screening.models import Screening

SALVADORAN = {
    "birth_date": "1980-04-02",
    "country_of_birth": "SV",
    "nationalities": ["SV"],
    "arrivals": [{"date": "1999-06-01", "manner": "ewi", "apprehended": False}],
    "tps_registrations": [{"country": "SV", "date": "2001-05-01"}],
    "criminal": {"felonies": 0, "misdemeanors": 0},
    "trips": [],
}
ON = dt.date(2026, 3, 1)


def tps(screening):
    return next(r for r in screening.results_en if r["program"] == "tps")


def test_a_screening_is_saved_with_its_facts_date_rules_version_and_results_in_both_languages(admin_user):
    screening = services.run_screening(facts=SALVADORAN, on=ON, by=admin_user, label="M. H.")
    screening.refresh_from_db()
    assert screening.facts["nationalities"] == ["SV"] and screening.on == ON
    assert screening.rules_version == services.current_ruleset().version
    assert screening.outcome["tps:SV-2001"] == tps(screening)["status"]
    spanish = next(r for r in screening.results_es if r["program"] == "tps")
    assert spanish["summary"] != tps(screening)["summary"]  # written in Spanish, not copied
    assert AuditEntry.objects.filter(action="screening.create", object_id=str(screening.pk)).exists()


def test_bad_facts_are_refused_and_nothing_is_saved(admin_user):
    with pytest.raises(FactsError) as error:
        services.run_screening(facts={"arrivals": [{"date": "1999-02-30"}]}, on=ON, by=admin_user)
    assert error.value.field == "arrivals[0].date"
    assert not Screening.objects.exists()


def test_a_recorded_rule_is_validated_like_the_packaged_data(admin_user):
    with pytest.raises(RuleDataError) as error:
        services.record_rule(record={"kind": "tps_status", "country": "SV", "cohort": "2001", "state": "over",
                                     "effective_from": dt.date(2026, 9, 10), "source": "x", "verified": True},
                             by=admin_user)
    assert "state" in str(error.value)


def test_a_new_tps_notice_changes_the_screening_and_lists_who_is_affected(admin_user):
    before = services.run_screening(facts=SALVADORAN, on=dt.date(2026, 12, 1), by=admin_user, label="Affected")
    services.run_screening(facts={"nationalities": ["GT"]}, on=dt.date(2026, 12, 1), by=admin_user, label="Other")
    assert not services.changed_screenings(Screening.objects.all(), on=dt.date(2026, 12, 1))
    override = services.record_rule(
        record={"kind": "tps_status", "country": "SV", "cohort": "2001", "state": "terminated",
                "effective_from": dt.date(2026, 11, 1), "source": "Test notice, 91 FR 0000", "verified": True},
        by=admin_user,
    )
    after = services.run_screening(facts=SALVADORAN, on=dt.date(2026, 12, 1), by=admin_user)
    assert after.rules_version != before.rules_version
    assert before.outcome["tps:SV-2001"] == "possibly_eligible"
    assert after.outcome["tps:SV-2001"] == "not_eligible"
    changed = services.changed_screenings(Screening.objects.filter(pk=before.pk), on=dt.date(2026, 12, 1))
    assert [c.screening.label for c in changed] == ["Affected"]
    assert changed[0].programs[0][0] == "tps:SV-2001"
    # Before the notice, what happened after 2026-09-09 was unverified, and the screen said so.
    assert "Unverified" in " ".join(w["text"] for w in tps(before)["warnings"])
    services.withdraw_rule(override=override, by=admin_user, reason="Entered by mistake")
    again = services.run_screening(facts=SALVADORAN, on=dt.date(2026, 12, 1), by=admin_user)
    assert again.outcome == before.outcome
    assert AuditEntry.objects.filter(action__in=["rule.create", "rule.withdraw"]).count() == 2
