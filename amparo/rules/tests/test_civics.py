"""The civics test by N-400 filing date (RULES.md, confidence H), at the boundary dates."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from amparo.rules.civics import CivicsError, civics_test
from amparo.rules.loader import load_ruleset

REPO = Path(__file__).resolve().parents[3]
KEYS = {"version", "questions_in_bank", "asked", "pass_mark", "stop_after_correct", "stop_after_wrong", "source"}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "amparo.rules", "civics", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)


def test_filed_the_day_before_the_change_takes_the_2008_test() -> None:
    done = cli("--filed", "2025-10-19")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= KEYS
    assert (out["version"], out["questions_in_bank"], out["asked"], out["pass_mark"]) == ("2008", 100, 10, 6)
    assert out["stop_after_correct"] == 6
    assert out["stop_after_wrong"] == 5 and out["derived"] == ["stop_after_wrong"] and out["warnings"]
    assert "2008" in out["source"]


def test_filed_on_the_day_of_the_change_takes_the_2025_test() -> None:
    out = json.loads(cli("--filed", "2025-10-20").stdout)
    assert (out["version"], out["questions_in_bank"], out["asked"], out["pass_mark"]) == ("2025", 128, 20, 12)
    assert (out["stop_after_correct"], out["stop_after_wrong"]) == (12, 9)
    assert out["derived"] == [] and out["warnings"] == [] and out["verified"] is True
    assert "2025" in out["source"]


@pytest.mark.parametrize(("filed", "version"), [("2025-10-19", "2008"), ("2025-10-20", "2025")])
def test_sixty_five_twenty_changes_both_versions(filed: str, version: str) -> None:
    out = json.loads(cli("--filed", filed, "--sixty-five-twenty").stdout)
    assert out["version"] == version and out["sixty_five_twenty"] is True
    assert (out["questions_in_bank"], out["asked"], out["pass_mark"], out["stop_after_correct"]) == (20, 10, 6, 6)
    assert out["stop_after_wrong"] == 5 and "stop_after_wrong" in out["derived"]
    assert "65/20" in out["source"]


def test_a_bad_date_exits_2_naming_the_problem() -> None:
    done = cli("--filed", "2025-02-30")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


def test_stop_rule_of_the_2025_test() -> None:
    test = civics_test(date(2026, 1, 5))
    assert test.outcome(11, 8) is None
    assert test.outcome(12, 0) == "passed"
    assert test.outcome(3, 9) == "failed"
    assert test.outcome(11, 9) == "failed"


def test_an_override_layered_later_wins() -> None:
    rules = load_ruleset([{"kind": "civics_test", "id": "db-1", "version": "2025", "questions": 130, "asked": 20,
                           "pass_correct": 12, "stop_wrong": 9, "effective_from": "2027-01-01",
                           "source": "a later notice", "verified": True}])
    assert civics_test(date(2027, 1, 1), ruleset=rules).questions_in_bank == 130
    assert civics_test(date(2026, 12, 31), ruleset=rules).questions_in_bank == 128


def test_no_test_recorded_is_an_error() -> None:
    rules = load_ruleset([])
    with pytest.raises(CivicsError):
        civics_test(date(2025, 1, 1), ruleset=type(rules)(records=(), version="x"))
