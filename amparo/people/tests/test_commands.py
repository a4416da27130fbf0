"""find_duplicates on CSV files the test generates (with known duplicates and some bad rows)."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from amparo.people import synthetic


def _write(path, rows, extra_lines=()):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, [*synthetic.COLUMNS, "notes"])
        writer.writeheader()
        for row in synthetic.iter_clean(rows):
            writer.writerow(row | {"notes": "extra column, ignored"})
        for line in extra_lines:
            handle.write(line + "\n")


def _pairs(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_finds_the_known_duplicates_and_reports_bad_rows(tmp_path):
    rows, truth = synthetic.generate(3000, seed=7)
    source, out = tmp_path / "people.csv", tmp_path / "pairs.csv"
    _write(source, rows, extra_lines=["X1,Ana,Pérez,,1981-02-30,,,,,,", "X2,Ana,Pérez,,81/02/03,,,,,,",
                                      "X3,too,few", ",,,,,,,,,,"])
    err = StringIO()
    call_command("find_duplicates", str(source), "--out", str(out), stdout=StringIO(), stderr=err)
    found = _pairs(out)
    assert list(found[0]) == ["record_id_a", "record_id_b", "score", "reasons", "weights"]
    assert all(0 <= float(p["score"]) <= 1 and p["reasons"] for p in found)
    predicted = {tuple(sorted((p["record_id_a"], p["record_id_b"]))) for p in found}
    tp = len(predicted & truth)
    precision, recall = tp / len(predicted), tp / len(truth)
    assert 2 * precision * recall / (precision + recall) >= 0.95
    messages = err.getvalue()
    assert f":{3002}: skipped: birth_date '1981-02-30' is not a real date" in messages
    assert ":3003: skipped: birth_date '81/02/03' is not YYYY-MM-DD or YYYYMMDD" in messages
    assert ":3004: skipped: the row has more or fewer fields than the header" in messages
    assert ":3005: skipped: no name" in messages


def test_links_one_file_to_another(tmp_path):
    rows, _ = synthetic.generate(400, seed=3, duplicate_rate=0)
    first, second = rows[:200], rows[200:]
    import random

    rng = random.Random(5)
    copies = [synthetic.perturb(rng, row, f"N{k}", count=1) for k, row in enumerate(first[:50])]
    a, b, out = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "links.csv"
    _write(a, copies + second[:20])
    _write(b, first)
    call_command("find_duplicates", str(a), "--out", str(out), "--against", str(b), stdout=StringIO())
    links = _pairs(out)
    assert all(p["record_id_a"].startswith(("N", "P")) for p in links)
    by_copy = {p["record_id_a"]: p["record_id_b"] for p in links}
    expected = {f"N{k}": row["record_id"] for k, row in enumerate(first[:50])}
    hits = sum(by_copy.get(k) == v for k, v in expected.items())
    assert hits >= 45
    ids_in_a = {r["record_id"] for r in copies + second[:20]}
    assert all(p["record_id_a"] in ids_in_a and p["record_id_b"] not in ids_in_a for p in links)


def test_a_missing_file_or_header_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("find_duplicates", str(tmp_path / "none.csv"), "--out", str(tmp_path / "o.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="expected columns"):
        call_command("find_duplicates", str(bad), "--out", str(tmp_path / "o.csv"))


def test_compact_dates_and_a_numbers_as_identifiers(tmp_path):
    source, out = tmp_path / "p.csv", tmp_path / "o.csv"
    source.write_text(
        "record_id,given_names,first_surname,birth_date,identifier\n"
        "1,Juan,Pérez,19800101,A012-345-678\n"
        "2,J,Peres,,12345678\n"
        "3,Juan,Pérez,19800101,A999999999\n", encoding="utf-8")
    call_command("find_duplicates", str(source), "--out", str(out), stdout=StringIO())
    pairs = {(p["record_id_a"], p["record_id_b"]): p["reasons"] for p in _pairs(out)}
    assert "same_identifier" in pairs[("1", "2")]
    # Same name and birth date but another A-number: the identifier weighs against the pair.
    assert ("1", "3") not in pairs or "identifier_differs" in pairs[("1", "3")]


def test_a_broken_quote_is_reported_not_merged_into_one_row(tmp_path):
    source, out = tmp_path / "p.csv", tmp_path / "o.csv"
    source.write_text(
        "record_id,given_names,first_surname,birth_date\n"
        '1,"Juan,Pérez,1980-01-01\n'
        "2,Juan,Pérez,1980-01-01\n"
        "3,Juan,Peres,1980-01-01\n", encoding="utf-8")
    err = StringIO()
    with translation.override("es"):  # the tool speaks English whatever language is active
        call_command("find_duplicates", str(source), "--out", str(out), stdout=StringIO(), stderr=err)
    assert ":2: skipped: a quoted value is never closed" in err.getvalue()
    assert [(p["record_id_a"], p["record_id_b"]) for p in _pairs(out)] == [("2", "3")]
