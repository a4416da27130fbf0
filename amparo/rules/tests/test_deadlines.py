"""Deadline calculators: one table row per case, with real calendar dates."""

from __future__ import annotations

from datetime import date

import pytest

from amparo.rules import DeadlineError, compute_deadline, list_deadline_kinds

D = date.fromisoformat

# kind, start, options, due, opens, rolled_from
TABLE = [
    # BIA appeal: 30 days for decisions before 2026-03-09 (8 CFR 1003.38(b))
    ("bia_appeal", "2025-04-01", {}, "2025-05-01", None, None),
    ("bia_appeal", "2025-06-04", {}, "2025-07-07", None, "2025-07-04"),  # July 4 (Fri) -> Mon
    ("bia_appeal", "2025-10-28", {}, "2025-11-28", None, "2025-11-27"),  # Thanksgiving -> Fri
    ("bia_appeal", "2025-12-02", {}, "2026-01-02", None, "2026-01-01"),  # New Year's Day
    ("bia_appeal", "2026-03-06", {}, "2026-04-06", None, "2026-04-05"),  # last 30-day decision; Sunday
    # BIA appeal: 10 days for decisions on or after 2026-03-09 (FR Doc. 2026-02326)
    ("bia_appeal", "2026-03-09", {}, "2026-03-19", None, None),
    ("bia_appeal", "2026-06-23", {}, "2026-07-06", None, "2026-07-03"),  # observed July 4 (Fri)
    ("bia_appeal", "2026-12-15", {}, "2026-12-28", None, "2026-12-25"),  # Christmas (Fri)
    ("bia_appeal", "2026-03-09", {"variant": "asylum_merits"}, "2026-04-08", None, None),
    ("bia_appeal", "2026-03-06", {"variant": "asylum_merits"}, "2026-04-06", None, "2026-04-05"),
    # Motions (INA 240(c)(6)-(7))
    ("motion_to_reopen", "2025-01-15", {}, "2025-04-15", None, None),
    ("motion_to_reopen", "2025-01-15", {"variant": "in_absentia"}, "2025-07-14", None, None),
    ("motion_to_reopen", "2025-01-15", {"variant": "changed_country_conditions"}, None, None, None),
    ("motion_to_reopen", "2025-03-01", {}, "2025-05-30", None, None),
    ("motion_to_reconsider", "2026-10-27", {}, "2026-11-27", None, "2026-11-26"),  # Thanksgiving 2026
    ("motion_to_reconsider", "2025-12-02", {}, "2026-01-02", None, "2026-01-01"),
    # USCIS notices: the period on the notice, + 3 days if mailed (8 CFR 103.8(b))
    ("rfe", "2025-03-03", {"days": 84}, "2025-05-27", None, "2025-05-26"),  # Memorial Day
    ("rfe", "2025-03-03", {"days": 84, "mailed": True}, "2025-05-29", None, None),
    ("rfe", "2025-03-03", {"days": 30}, "2025-04-02", None, None),
    ("noid", "2025-05-01", {"days": 30}, "2025-06-02", None, "2025-05-31"),  # Saturday -> Monday
    ("noid", "2025-05-01", {"days": 30, "mailed": True}, "2025-06-03", None, None),
    ("i290b", "2025-01-02", {}, "2025-02-03", None, "2025-02-01"),
    ("i290b", "2025-01-02", {"mailed": True}, "2025-02-04", None, None),
    # Asylum one year from the last arrival (INA 208(a)(2)(B))
    ("asylum_one_year", "2025-03-10", {}, "2026-03-10", None, None),
    ("asylum_one_year", "2024-07-04", {}, "2025-07-07", None, "2025-07-04"),
    ("asylum_one_year", "2025-03-15", {}, "2026-03-16", None, "2026-03-15"),
    ("asylum_one_year", "2024-02-29", {}, "2025-02-28", None, None),  # leap day: never too late
    # Windows and earliest dates (never moved)
    ("daca_renewal_window", "2026-12-01", {}, "2026-08-03", "2026-07-04", None),
    ("naturalization_early_filing", "2020-03-15", {}, None, "2024-12-15", None),
    ("naturalization_early_filing", "2020-02-29", {}, None, "2024-12-01", None),
    ("naturalization_early_filing", "2022-06-10", {"variant": "three_year"}, None, "2025-03-12", None),
    ("u_supplement_b", "2025-01-15", {}, "2025-07-15", None, None),
    ("u_supplement_b", "2025-08-31", {}, "2026-02-28", None, None),  # end of month; a Saturday, not moved
    ("asylum_ead", "2025-01-10", {}, None, "2025-06-09", None),
]


@pytest.mark.parametrize(("kind", "start", "options", "due", "opens", "rolled"), TABLE)
def test_deadline_table(kind: str, start: str, options: dict[str, object], due: str | None,
                        opens: str | None, rolled: str | None) -> None:
    result = compute_deadline(kind, D(start), **options)  # type: ignore[arg-type]
    assert result.due == (D(due) if due else None)
    assert result.opens == (D(opens) if opens else None)
    assert result.rolled_from == (D(rolled) if rolled else None)
    assert result.source


@pytest.mark.parametrize(("kind", "start", "variant", "rule_id", "source_part", "verified"), [
    ("bia_appeal", "2026-03-08", None, "deadline-bia-appeal-30", "8 CFR 1003.38(b)", True),
    ("bia_appeal", "2026-03-09", None, "deadline-bia-appeal-10", "2026-02326", False),
    ("bia_appeal", "2027-01-04", "asylum_merits", "deadline-bia-appeal-asylum-merits-30", "2026-02326", False),
    ("motion_to_reopen", "2025-01-15", None, "deadline-motion-to-reopen-90", "INA 240(c)(7)", True),
    ("motion_to_reconsider", "2025-01-15", None, "deadline-motion-to-reconsider-30", "INA 240(c)(6)", True),
    ("i290b", "2025-01-15", None, "deadline-i290b", "8 CFR 103.3(a)(2)", True),
    ("asylum_one_year", "2025-01-15", None, "deadline-asylum-one-year", "INA 208(a)(2)(B)", True),
    ("naturalization_early_filing", "2025-01-15", None, "deadline-naturalization-early-5", "334.2(b)", True),
    ("u_supplement_b", "2025-01-15", None, "deadline-u-supplement-b", "214.14", True),
    ("asylum_ead", "2025-01-15", None, "deadline-asylum-ead", "208.7", True),
    ("asylum_ead", "2026-03-01", None, "deadline-asylum-ead", "208.7", False),  # proposed rule U
])
def test_rule_chosen_by_start_date_with_source(kind: str, start: str, variant: str | None, rule_id: str,
                                               source_part: str, verified: bool) -> None:
    result = compute_deadline(kind, D(start), variant=variant)
    assert result.rule_id == rule_id
    assert source_part in result.source
    assert result.verified is verified
    if not verified:
        assert any(w.code == "warning.unverified" for w in result.warnings)


def test_bia_rule_switches_on_the_decision_date() -> None:
    assert compute_deadline("bia_appeal", D("2026-03-08")).due == D("2026-04-07")  # 30 days
    assert compute_deadline("bia_appeal", D("2026-03-09")).due == D("2026-03-19")  # 10 days


def test_asylum_merits_before_the_new_rule_uses_the_standard_30_days_with_a_note() -> None:
    result = compute_deadline("bia_appeal", D("2025-05-01"), variant="asylum_merits")
    assert result.due == D("2025-06-02")  # May 31 is a Saturday
    assert result.rule_id == "deadline-bia-appeal-30"
    assert any(w.code == "deadline.variant_not_in_force" for w in result.warnings)


def test_rolled_deadline_explains_the_move_in_both_languages() -> None:
    result = compute_deadline("bia_appeal", D("2025-06-04"))
    text_en = [w.render("en") for w in result.warnings]
    text_es = [w.render("es") for w in result.warnings]
    assert any("July 4, 2025" in t and "July 7, 2025" in t for t in text_en)
    assert any("4 de julio de 2025" in t and "7 de julio de 2025" in t for t in text_es)


def test_unmoved_date_on_a_weekend_says_so() -> None:
    result = compute_deadline("u_supplement_b", D("2025-08-31"))
    assert result.rolled_from is None
    assert any(w.code == "deadline.not_rolled" for w in result.warnings)


def test_asylum_ead_gives_the_earliest_issue_date() -> None:
    result = compute_deadline("asylum_ead", D("2025-01-10"))
    assert [(k.name, k.date) for k in result.other_dates] == [("earliest_ead", D("2025-07-09"))]


def test_naturalization_gives_the_anniversary() -> None:
    result = compute_deadline("naturalization_early_filing", D("2020-03-15"))
    assert [(k.name, k.date) for k in result.other_dates] == [("anniversary", D("2025-03-15"))]


@pytest.mark.parametrize(("kind", "options", "fragment"), [
    ("rfe", {}, "needs --days"),
    ("noid", {}, "needs --days"),
    ("rfe", {"days": 85}, "from 1 to 84"),
    ("noid", {"days": 31}, "from 1 to 30"),
    ("rfe", {"days": 0}, "from 1 to 84"),
    ("bia_appeal", {"days": 15}, "--days does not apply"),
    ("asylum_one_year", {"days": 15}, "--days does not apply"),
    ("bia_appeal", {"mailed": True}, "--mailed does not apply"),
    ("daca_renewal_window", {"mailed": True}, "--mailed does not apply"),
    ("motion_to_reopen", {"variant": "nonsense"}, "unknown variant"),
    ("not_a_kind", {}, "unknown deadline kind"),
])
def test_options_that_make_no_sense_are_rejected(kind: str, options: dict[str, object], fragment: str) -> None:
    with pytest.raises(DeadlineError, match=fragment):
        compute_deadline(kind, D("2025-03-03"), **options)  # type: ignore[arg-type]


def test_every_kind_from_the_issue_is_offered() -> None:
    assert set(list_deadline_kinds()) >= {
        "bia_appeal", "motion_to_reopen", "motion_to_reconsider", "rfe", "noid", "i290b",
        "asylum_one_year", "daca_renewal_window", "naturalization_early_filing", "u_supplement_b",
    }


def test_deadline_to_dict_has_the_documented_keys() -> None:
    out = compute_deadline("daca_renewal_window", D("2026-12-01")).to_dict("es")
    assert {"kind", "from", "due", "opens", "rolled_from", "rule", "source", "verified"} <= set(out)
    assert out["opens"] == "2026-07-04" and out["due"] == "2026-08-03"
    assert "DACA" in str(out["rule"]) and "días" in str(out["rule"])
