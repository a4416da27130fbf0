"""Every fact in /shared/RULES.md, traced to the record that encodes it, its source and its
confidence (H/M = verified, U = verified = false). If a record changes, this table says which
fact of RULES.md moved."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from amparo.rules import load_ruleset

D = date.fromisoformat
U = False  # unverified
V = True   # verified (H or M)

# record id, {field: expected value}, verified, a fragment of the source
FACTS: list[tuple[str, dict[str, object], bool, str]] = [
    # TPS general
    ("tps-statute", {"designation_min_months": 6, "designation_max_months": 18, "decision_days_before_end": 60,
                     "auto_extension_months": 6, "termination_min_days": 60, "re_registration_usual_days": 60},
     V, "244(b)(3)(C)"),
    ("tps-criminal-bar", {"felonies_max": 0, "misdemeanors_max": 1}, V, "8 CFR 244.4"),
    ("tps-late-re-registration", {"topic": "tps.late_re_registration"}, V, "8 CFR 244.17"),
    # TPS cohorts
    ("tps-sv-2001", {"residence_since": D("2001-02-13"), "presence_since": D("2001-03-09")}, V, "2025-01-10"),
    ("tps-sv-2001-in-force", {"state": "in_force", "effective_to": D("2026-09-09")}, V, "2025-01-10"),
    ("tps-sv-2001-re-registration-2025", {"effective_from": D("2025-01-17"), "effective_to": D("2025-03-18")},
     V, "2025-01-10"),
    ("tps-sv-2001-after-2026-09-09", {"state": "uncertain", "effective_from": D("2026-09-10")}, U, "244(b)(3)(C)"),
    ("tps-hn-1999", {"residence_since": D("1998-12-30"), "presence_since": D("1999-01-05")}, V, "90 FR 30089"),
    ("tps-hn-1999-in-force", {"state": "in_force", "effective_to": D("2025-09-07")}, V, "90 FR 30089"),
    ("tps-hn-1999-terminated", {"state": "terminated", "effective_from": D("2025-09-08")}, V, "90 FR 30089"),
    ("tps-hn-1999-vacated", {"state": "termination_vacated", "effective_from": D("2025-12-31")}, V, "2025-12-31"),
    ("tps-hn-1999-stay-of-vacatur", {"state": "terminated", "effective_from": D("2026-02-09")}, V, "Ninth Circuit"),
    ("tps-ni-1999", {"residence_since": D("1998-12-30"), "presence_since": D("1999-01-05")}, V, "90 FR 30086"),
    ("tps-ni-1999-in-force", {"state": "in_force", "effective_to": D("2025-09-07")}, V, "90 FR 30086"),
    ("tps-ni-1999-terminated", {"state": "terminated", "effective_from": D("2025-09-08")}, V, "90 FR 30086"),
    ("tps-ni-1999-vacated", {"state": "termination_vacated", "effective_from": D("2025-12-31")}, V, "2025-12-31"),
    ("tps-ni-1999-stay-of-vacatur", {"state": "terminated", "effective_from": D("2026-02-09")}, V, "Ninth Circuit"),
    ("tps-ve-2021", {"residence_since": D("2021-03-08"), "presence_since": D("2021-03-09")}, V, "90 FR 43225"),
    ("tps-ve-2021-in-force", {"state": "in_force", "effective_to": D("2025-11-06")}, V, "90 FR 43225"),
    ("tps-ve-2021-terminated", {"state": "terminated", "effective_from": D("2025-11-07")}, V, "90 FR 43225"),
    ("tps-ve-2023", {"residence_since": D("2023-07-31"), "presence_since": D("2023-10-03")}, V, "90 FR 9040"),
    ("tps-ve-2023-in-force", {"state": "in_force", "effective_to": D("2025-04-06")}, V, "90 FR 9040"),
    ("tps-ve-2023-terminated", {"state": "terminated", "effective_from": D("2025-04-07")}, V, "90 FR 9040"),
    ("tps-ht-2024", {"residence_since": D("2024-06-03"), "presence_since": D("2024-08-04")}, V, "90 FR 54733"),
    ("tps-ht-2024-in-force", {"effective_to": D("2026-02-01")}, V, "2026-02-03"),
    ("tps-ht-2024-stayed", {"state": "termination_stayed", "effective_from": D("2026-02-02")}, V, "Miot v. Trump"),
    ("tps-ht-2024-after-mullin", {"state": "uncertain", "effective_from": D("2026-06-25")}, U, "Mullin v. Doe"),
    ("tps-never-gt", {"country": "GT"}, V, "Secondary"),
    ("tps-never-mx", {"country": "MX"}, V, "Secondary"),
    # H.R. 1 fees and EADs
    ("fee-i821-initial", {"amount": 500, "waivable": False, "effective_from": D("2025-07-22")}, V, "90 FR 34511"),
    ("fee-ead-initial", {"amount": 550, "waivable": False}, V, "H.R. 1"),
    ("fee-ead-renewal", {"amount": 275, "waivable": False}, V, "H.R. 1"),
    ("tps-ead-validity", {"topic": "tps.ead"}, V, "H.R. 1"),
    ("ead-automatic-extension-ended", {"effective_from": D("2025-10-30")}, V, "90 FR 48799"),
    # DACA
    ("daca-initial-guidelines", {"born_on_or_after": D("1981-06-16"), "arrival_before_age": 16,
                                 "residence_since": D("2007-06-15"), "present_on": D("2012-06-15"),
                                 "no_lawful_status_on": D("2012-06-15"), "min_filing_age": 15}, V, "236.22"),
    ("daca-criminal-bar", {"felonies_max": 0, "significant_misdemeanors_max": 0, "misdemeanors_max": 2}, V, "236.22"),
    ("deadline-daca-renewal-window", {"opens_days_before": 150, "closes_days_before": 120}, V, "USCIS"),
    ("daca-education", {"topic": "daca.education"}, V, "236.22"),
    ("daca-renewal-after-expiry", {"initial_after_expiry_years": 1}, V, "secondary"),
    ("daca-texas-initial", {"effective_from": D("2025-01-17"), "effect": "review"}, V, "5th Cir."),
    ("daca-texas-renewal", {"effective_from": D("2025-01-17")}, V, "5th Cir."),
    ("daca-texas-residents", {"effective_from": D("2025-01-17")}, V, "5th Cir."),
    ("daca-2026-implementation-order", {"effective_from": D("2026-01-01")}, U, "2026"),
    # Naturalization
    ("naturalization-five-year", {"lpr_years": 5, "period_months": 60, "presence_months": 30,
                                  "state_residence_months": 3, "min_age": 18}, V, "INA 316"),
    ("naturalization-three-year", {"lpr_years": 3, "period_months": 36, "presence_months": 18,
                                   "spouse_citizen_years": 3}, V, "INA 319"),
    ("deadline-naturalization-early-5", {"years": 5, "early_days": 90}, V, "334.2(b)"),
    ("deadline-naturalization-early-3", {"years": 3, "early_days": 90}, V, "334.2(b)"),
    ("naturalization-absences", {"presumptive_break_months": 6, "break_years": 1}, V, "316.5(c)(1)"),
    ("naturalization-refile-after-break", {"after_return_years": 4, "after_return_days": 1}, V, "secondary"),
    ("civics-2008", {"questions": 100, "asked": 10, "pass_correct": 6, "effective_to": D("2025-10-19")}, V, "2008"),
    ("civics-2025", {"questions": 128, "asked": 20, "pass_correct": 12, "stop_wrong": 9,
                     "effective_from": D("2025-10-20")}, V, "2025"),
    ("civics-65-20", {"questions": 20, "asked": 10, "pass_correct": 6, "min_age": 65, "min_lpr_years": 20}, V, "65/20"),
    # Asylum
    ("deadline-asylum-one-year", {"years": 1}, V, "INA 208(a)(2)(B)"),
    ("asylum-one-year-exceptions", {"effect": "review"}, V, "208.4(a)(4)-(5)"),
    ("deadline-asylum-ead", {"file_after_days": 150, "issue_after_days": 180}, V, "208.7"),
    ("asylum-ead-clock-stops", {"topic": "deadline.asylum_ead"}, V, "208.7"),
    ("asylum-ead-proposed-rule", {"effective_from": D("2026-02-23")}, U, "91 FR 8616"),
    ("fee-i589", {"amount": 100, "waivable": False}, V, "H.R. 1"),
    ("fee-asylum-annual", {"amount": 100, "waivable": False}, V, "H.R. 1"),
    ("asylum-confidentiality", {"topic": "asylum.confidentiality"}, V, "208.6, 1208.6"),
    # ABC and NACARA
    ("abc-class-sv", {"in_us_by": D("1990-09-19"), "registered_by": D("1991-10-31"),
                      "tps_registration_counts": True}, V, "240.60"),
    ("abc-class-gt", {"in_us_by": D("1990-10-01"), "registered_by": D("1991-12-31")}, V, "240.60"),
    ("nacara-203", {"apprehended_after": D("1990-12-19"), "asylum_filed_by": D("1990-04-01"),
                    "asylum_countries": ("SV", "GT"), "presence_years": 7}, V, "240.60"),
    ("nacara-203-criminal-bar", {"aggravated_felony_bars": True}, V, "NACARA"),
    ("nacara-203-hardship-presumed", {"topic": "nacara_203.hardship_abc"}, V, "NACARA"),
    ("nacara-203-hardship", {"topic": "nacara_203.hardship_other", "effect": "review"}, V, "NACARA"),
    ("nacara-203-good-moral-character", {"effect": "review"}, V, "NACARA"),
    ("nacara-203-other-categories", {"topic": "nacara_203.other_categories"}, V, "NACARA"),
    ("nacara-202", {"countries": ("NI", "CU"), "present_since": D("1995-12-01"), "max_absence_days": 180,
                    "filing_deadline": D("2000-03-31")}, V, "NACARA section 202"),
    ("nacara-202-derivatives", {"topic": "nacara_202.derivatives"}, V, "202"),
    # Children, survivors, victims
    ("sijs-age", {"max_age": 21}, V, "204.11"),
    ("sijs-court-order", {"effect": "review"}, V, "204.11"),
    ("sijs-age-out-protection", {"topic": "sijs.age_out"}, V, "204.11"),
    ("fee-i360-sijs", {"amount": 250}, V, "H.R. 1"),
    ("sijs-deferred-action-rescinded", {"effective_from": D("2025-06-06"), "effective_to": D("2025-11-18")},
     V, "2025-06-06"),
    ("sijs-deferred-action-rescission-stayed", {"effective_from": D("2025-11-19")}, V, "A.C.R. v. Noem"),
    ("sijs-deferred-action-later", {"effective_from": D("2025-11-19")}, U, "A.C.R. v. Noem"),
    ("vawa-relationship", {"topic": "vawa.checklist"}, V, "I-360"),
    ("vawa-good-faith-marriage", {"topic": "vawa.checklist"}, V, "I-360"),
    ("vawa-residence", {"topic": "vawa.checklist"}, V, "I-360"),
    ("vawa-abuse", {"topic": "vawa.checklist"}, V, "I-360"),
    ("vawa-good-moral-character", {"topic": "vawa.checklist"}, V, "I-360"),
    ("vawa-two-years", {"topic": "vawa.checklist"}, V, "I-360"),
    ("confidentiality-1367", {"amount": 5000}, V, "8 U.S.C. 1367"),
    ("u-visa-supplement-b", {"topic": "u_visa.checklist"}, V, "214.14"),
    ("deadline-u-supplement-b", {"months": 6}, V, "214.14"),
    ("u-visa-cap", {"count": 10000}, V, "214.14"),
    ("u-visa-bona-fide", {"topic": "u_visa.info"}, V, "bona fide"),
    # Deadline table
    ("deadline-bia-appeal-30", {"days": 30, "effective_to": D("2026-03-08")}, V, "8 CFR 1003.38(b)"),
    ("deadline-bia-appeal-10", {"days": 10, "effective_from": D("2026-03-09")}, V, "FR Doc. 2026-02326"),
    ("deadline-bia-appeal-asylum-merits-30", {"days": 30, "effective_from": D("2026-03-09")}, V, "2026-02326"),
    ("deadline-bia-appeal-litigation", {"effective_from": D("2026-03-09")}, U, "litigation"),
    ("deadline-motion-to-reopen-90", {"days": 90}, V, "INA 240(c)(7)"),
    ("deadline-motion-to-reopen-in-absentia-180", {"days": 180}, V, "INA 240(c)(7)"),
    ("deadline-motion-to-reopen-changed-country-conditions", {"no_deadline": True}, V, "INA 240(c)(7)"),
    ("deadline-motion-to-reconsider-30", {"days": 30}, V, "INA 240(c)(6)"),
    ("deadline-rfe", {"max_days": 84, "mail_days": 3}, V, "103.2(b)(8)(iv), 103.8(b)"),
    ("deadline-noid", {"max_days": 30, "mail_days": 3}, V, "103.2(b)(8)(iv), 103.8(b)"),
    ("deadline-i290b", {"days": 30, "mail_days": 3}, V, "103.3(a)(2), 103.5(a)(1)"),
    # Fee waiver
    ("fee-waiver-i912", {"guideline_percent": 150, "reduced_fee_percent": 400}, V, "8 CFR 106.3"),
    ("fee-waiver-hardship", {"effect": "review"}, V, "106.3"),
    ("fee-waiver-hr1", {"effective_from": D("2025-07-22")}, V, "H.R. 1"),
    ("fee-waiver-alaska-hawaii", {"topic": "fee_waiver.region"}, V, "HHS"),
    ("poverty-2025-48", {"amounts": (15650, 21150, 26650, 32150, 37650, 43150, 48650, 54150),
                         "per_additional": 5500, "year": 2025}, V, "HHS"),
    ("poverty-2026-48", {"amounts": (15960, 21640, 27320, 33000, 38680, 44360, 50040, 55720),
                         "per_additional": 5680, "year": 2026, "effective_from": D("2026-01-13"),
                         "confidence": "M"}, V, "91 FR 1797"),
    ("poverty-2026-secondary-sources", {"effective_from": D("2026-01-13"), "confidence": "M"}, V, "91 FR 1797"),
]


@pytest.mark.parametrize(("record_id", "fields", "verified", "source"), FACTS, ids=[f[0] for f in FACTS])
def test_rules_md_fact_is_encoded_with_its_source(record_id: str, fields: dict[str, object], verified: bool,
                                                  source: str) -> None:
    rec = load_ruleset().by_id(record_id)
    for name, expected in fields.items():
        actual = getattr(rec, name) if name in ("effective_from", "effective_to", "confidence") else rec.get(name)
        assert actual == expected, (record_id, name)
    assert rec.verified is verified
    assert source.lower() in rec.source.lower()
    if not verified:
        assert rec.confidence == "U"


def test_every_packaged_record_is_traced_to_rules_md() -> None:
    traced = {f[0] for f in FACTS}
    untraced = [r.id for r in load_ruleset().records if r.id not in traced]
    assert not untraced, "add these records to the RULES.md table above: " + ", ".join(untraced)


PACKAGE = Path(__file__).resolve().parents[1]


def _package_sources() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*.py"))


def test_no_django_and_no_clock_in_the_package() -> None:
    for path in _package_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "django" for a in node.names), path.name
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] != "django", path.name
            if isinstance(node, ast.Attribute) and node.attr in {"today", "now", "utcnow", "time"}:
                raise AssertionError(f"{path.name}:{node.lineno} reads the clock ({node.attr})")


def test_the_package_works_with_django_unavailable() -> None:
    code = ("import sys; sys.modules['django'] = None\n"
            "from datetime import date\n"
            "from amparo.rules import Facts, screen, compute_deadline\n"
            "s = screen(Facts(), date(2025, 1, 1)); d = compute_deadline('bia_appeal', date(2025, 6, 4))\n"
            "print(len(s.results), d.due)")
    done = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parents[1], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("2025-07-07")


def test_the_readme_lists_every_unverified_record() -> None:
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    for rec in load_ruleset().records:
        if not rec.verified:
            assert f"`{rec.id}`" in readme, rec.id
