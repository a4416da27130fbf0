"""The command line, run the way a user runs it: ``python -m amparo.rules ...``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
RESULT_KEYS = {"program", "status", "reasons", "key_dates", "missing_facts", "sources", "warnings"}
DEADLINE_KEYS = {"kind", "from", "due", "opens", "rolled_from", "rule", "source", "verified"}


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "amparo.rules", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def test_screen_prints_json_with_the_documented_keys(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"birth_date": "1990-05-01", "nationalities": ["SV"],
                                 "arrivals": [{"date": "2000-01-10", "manner": "ewi", "apprehended": False}],
                                 "trips": []}), encoding="utf-8")
    done = cli("screen", str(facts), "--on", "2025-02-01")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"on", "rules_version", "results"}
    assert out["on"] == "2025-02-01"
    programs = [r["program"] for r in out["results"]]
    assert {"tps", "daca_initial", "daca_renewal", "naturalization", "asylum", "abc_class", "nacara_203",
            "sijs", "vawa", "u_visa", "fee_waiver"} <= set(programs)
    for result in out["results"]:
        assert set(result) >= RESULT_KEYS
        assert result["status"] in {"eligible", "possibly_eligible", "not_eligible", "unknown"}
    tps = next(r for r in out["results"] if r["program"] == "tps")
    assert tps["cohort"] == "SV-2001" and "criminal" in tps["missing_facts"]


def test_screen_in_spanish_from_stdin_with_a_subset_of_programs() -> None:
    done = cli("screen", "-", "--on", "2026-07-01", "--lang", "es", "--programs", "sijs",
               stdin=json.dumps({"birth_date": "2007-06-30", "married": False}))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["results"]
    assert [r["program"] for r in result] == ["sijs"]
    age_out = next(k for k in result[0]["key_dates"] if k["name"] == "age_out")
    assert age_out["date"] == "2028-06-30" and age_out["text"] == "30 de junio de 2028"
    assert any("menos de 21 años" in r["text"] for r in result[0]["reasons"])


@pytest.mark.parametrize(("args", "due", "rolled"), [
    (("bia_appeal", "--from", "2025-06-04"), "2025-07-07", "2025-07-04"),
    (("bia_appeal", "--from", "2026-03-09"), "2026-03-19", None),
    (("rfe", "--from", "2025-03-03", "--days", "84", "--mailed"), "2025-05-29", None),
    (("i290b", "--from", "2025-01-02", "--mailed"), "2025-02-04", None),
    (("asylum_one_year", "--from", "2024-07-04"), "2025-07-07", "2025-07-04"),
    (("u_supplement_b", "--from", "2025-01-15"), "2025-07-15", None),
    (("motion_to_reopen", "--from", "2025-01-15", "--variant", "changed_country_conditions"), None, None),
])
def test_deadline_prints_json_with_the_documented_keys(args: tuple[str, ...], due: str | None,
                                                       rolled: str | None) -> None:
    done = cli("deadline", *args)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= DEADLINE_KEYS
    assert out["kind"] == args[0] and out["from"] == args[2]
    assert out["due"] == due and out["rolled_from"] == rolled
    assert out["source"]


def test_deadline_window_has_opens() -> None:
    out = json.loads(cli("deadline", "daca_renewal_window", "--from", "2026-12-01").stdout)
    assert out["opens"] == "2026-07-04" and out["due"] == "2026-08-03" and out["verified"] is True
    out = json.loads(cli("deadline", "naturalization_early_filing", "--from", "2020-03-15").stdout)
    assert out["opens"] == "2024-12-15" and out["due"] is None


@pytest.mark.parametrize(("args", "stdin", "fragment"), [
    (("deadline", "bia_appeal", "--from", "2025-02-30"), None, "--from"),
    (("deadline", "bia_appeal", "--from", "06/04/2025"), None, "YYYY-MM-DD"),
    (("deadline", "not_a_kind", "--from", "2025-06-04"), None, "invalid choice"),
    (("deadline", "bia_appeal", "--from", "2025-06-04", "--days", "12"), None, "--days does not apply"),
    (("deadline", "bia_appeal", "--from", "2025-06-04", "--mailed"), None, "--mailed does not apply"),
    (("deadline", "rfe", "--from", "2025-06-04"), None, "needs --days"),
    (("deadline", "rfe", "--from", "2025-06-04", "--days", "90"), None, "from 1 to 84"),
    (("deadline", "bia_appeal"), None, "--from"),
    (("deadline", "bia_appeal", "--from", "9999-12-31"), None, "outside the supported range"),
    (("screen", "-"), "{}", "--on"),
    (("screen", "-", "--on", "2025-13-01"), "{}", "--on"),
    (("screen", "-", "--on", "2025-01-01"), '{"birthday": "1990-01-01"}', "birthday"),
    (("screen", "-", "--on", "2025-01-01"), '{"household_size": "four"}', "household_size"),
    (("screen", "-", "--on", "2025-01-01"), '{"arrivals": [{"date": "2020-01-01", "manner": "car"}]}',
     "arrivals[0].manner"),
    (("screen", "-", "--on", "2025-01-01"), "{not json", "not valid JSON"),
    (("screen", "/nonexistent/facts.json", "--on", "2025-01-01"), None, "cannot read"),
    (("screen", "-", "--on", "2025-01-01", "--programs", "tps,nope"), "{}", "nope"),
    (("screen", "-", "--on", "2025-01-01", "--lang", "fr"), "{}", "invalid choice"),
])
def test_bad_input_exits_2_with_a_clear_message(args: tuple[str, ...], stdin: str | None, fragment: str) -> None:
    done = cli(*args, stdin=stdin)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert done.stdout == ""


def test_kinds_and_version() -> None:
    kinds = json.loads(cli("kinds").stdout)
    assert "asylum_merits" in kinds["deadline_kinds"]["bia_appeal"]["variants"]
    version = json.loads(cli("version").stdout)["rules_version"]
    screened = json.loads(cli("screen", "-", "--on", "2025-01-01", stdin="{}").stdout)
    assert screened["rules_version"] == version
