"""The record-linkage model: comparison levels, estimation from the data, term frequencies, the
stored versions, find_duplicates and the field-by-field explanation on the duplicates page."""

import csv
import datetime as dt
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.partial_dates import parse
from amparo.core.testing import sign_in
from amparo.people import linkage, services, synthetic
from amparo.people.csv_records import read_records
from amparo.people.matching import make_record, name_tokens
from amparo.people.models import DuplicateCandidate, FittedModel

from .factories import PersonFactory


@pytest.mark.parametrize(("nickname", "name"), [
    ("Chepe", "José"), ("Chayo", "Rosario"), ("Chema", "José María"), ("Lupe", "Guadalupe"),
    ("Paco", "Francisco"), ("Nacho", "Ignacio"), ("Toño", "Antonio"), ("Memo", "Guillermo"),
    ("Beto", "Alberto"), ("Beto", "Roberto"), ("Chus", "Jesús"), ("Pancho", "Francisco"),
])
def test_nicknames_and_diminutives_are_their_own_level(nickname, name):
    level, _key = linkage.given_level(name_tokens(nickname), name_tokens(name))
    assert linkage.LEVELS["given"][level] == "nickname"


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Maria J", "María José", "one_given"),  # an initial is the name it stands for, told less
    ("J Antonio", "José Antonio", "one_given"),
    ("J", "José", "initial"),  # an initial alone tells little
    ("José Luis", "José Manuel", "first_same"),  # brothers are named so
    ("María J", "María Luisa", "first_same"),
])
def test_a_second_given_name_written_as_its_initial(a, b, expected):
    level, _key = linkage.given_level(name_tokens(a), name_tokens(b))
    assert linkage.LEVELS["given"][level] == expected


def test_a_given_name_as_its_initial_with_surnames_in_the_other_order_is_suggested():
    """The intake volunteer types «Maria J Lopez de Hernandez», same birth date: the pass
    suggests her as María José Hernández López (the page's own example)."""
    a = make_record(1, given_names="María José", first_surname="Hernández", second_surname="López",
                    birth=dt.date(1981, 3, 15))
    b = make_record(2, given_names="Maria J", first_surname="Lopez de Hernandez", birth=dt.date(1981, 3, 15))
    assert linkage.model_for([a, b]).explain(a, b).probability >= linkage.MATCH_PROBABILITY


def _level(field, a, b):
    found, _keys = linkage.levels(a, b, [field])
    return linkage.LEVELS[field][found[0]] if found[0] >= 0 else "missing"


def test_surname_and_birth_levels():
    base = make_record(1, given_names="Ana", first_surname="López", second_surname="Hernández",
                       birth=dt.date(1981, 3, 4))
    swapped = make_record(2, given_names="ANA", first_surname="Hernandez", second_surname="Lopez",
                          birth=dt.date(1981, 4, 3))
    one = make_record(3, given_names="Ana", first_surname="López", birth=dt.date(1981, 3, 5))
    # A birth date a day off counts as near only when something else ties the records.
    same_phone = make_record(31, given_names="Ana", first_surname="López", second_surname="Hernández",
                             birth=dt.date(1981, 3, 4), phones=["213 555 0101"])
    near_phone = make_record(32, given_names="Ana", first_surname="López", birth=dt.date(1981, 3, 5),
                             phones=["(213) 555-0101"])
    other_phone = make_record(33, given_names="Ana", first_surname="López", birth=dt.date(1981, 3, 5),
                              phones=["323 555 0199"])
    other_second = make_record(4, given_names="Ana", first_surname="López", second_surname="Cruz",
                               birth=dt.date(1981, 11, 20))
    no_birth = make_record(5, given_names="Ana", first_surname="Lopes", second_surname="Ernández")
    assert _level("surname", base, swapped) == "swapped" and _level("birth", base, swapped) == "swapped"
    assert _level("surname", base, one) == "one_missing" and _level("birth", base, one) == "other"
    assert _level("birth", same_phone, near_phone) == "days_apart"
    assert _level("birth", same_phone, other_phone) == "other"
    assert _level("surname", base, other_second) == "one_of_two" and _level("birth", base, other_second) == "other"
    assert _level("surname", base, no_birth) == "phonetic" and _level("birth", base, no_birth) == "missing"
    assert _level("given", base, swapped) == "same"  # case and accents folded


def test_given_name_and_surname_typed_in_each_others_box():
    a = make_record(1, given_names="Amanda", first_surname="Gibson", birth=dt.date(1981, 12, 30))
    b = make_record(2, given_names="Gibson", first_surname="Amanda", birth=dt.date(1981, 12, 30))
    assert _level("given", a, b) == "same" and _level("surname", a, b) == "same"


@pytest.fixture(scope="module")
def fitted():
    rows, truth = synthetic.generate(3000, seed=5)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, synthetic.COLUMNS)
            writer.writeheader()
            writer.writerows(synthetic.iter_clean(rows))
        records, _bad = read_records(path)
    return linkage.fit(records), records, truth


def test_weights_are_estimated_from_the_data(fitted):
    model, records, truth = fitted
    for f in ("given", "surname", "birth"):
        assert model.m[f][0] > 0.4 and model.u[f][0] < 0.05  # agreeing is common in matches, rare otherwise
        assert model.level_weight(f, 0) > 3 > 0 > model.level_weight(f, len(linkage.LEVELS[f]) - 1)
    assert 0 < model.prior < 0.01 and model.description["sessions"]
    found = {tuple(sorted((a.id, b.id))) for a, b, _e in linkage.find_links(records, model)}
    tp = len(found & truth)
    assert tp / len(found) > 0.95 and tp / len(truth) > 0.95


def test_a_common_value_agreeing_counts_for_less_than_a_rare_one(fitted):
    model, _records, _truth = fitted
    common = model.level_weight("surname", 2, "hernandez")
    rare = model.level_weight("surname", 2, "iraheta")
    assert rare > common + 2


def test_a_missing_field_is_neutral_and_the_model_adapts_to_the_file(fitted):
    model, _records, _truth = fitted
    a = make_record(1, given_names="Delmy", first_surname="Interiano", birth=dt.date(1970, 1, 2))
    b = make_record(2, given_names="Delmy", first_surname="Interiano")
    parts = {f: (level, w) for f, level, w in model.explain(a, b).parts}
    assert parts["birth"] == ("missing", 0.0) and parts["phone"] == ("missing", 0.0)
    english = [make_record(k, given_names="Ann", first_surname=f"Smith{k}") for k in range(10)]
    assert linkage.present_fields(english) == ("given", "surname")


def test_models_are_stored_versioned_and_read_without_refitting(fitted, admin_user):
    model, _records, _truth = fitted
    first = services.store_model(model, by=admin_user)
    second = services.store_model(model, by=admin_user)
    assert (first.version, second.version) == (1, 2)
    row, loaded = services.current_model()
    assert row.version == 2 and loaded.fields == model.fields and loaded.prior == pytest.approx(model.prior)
    assert FittedModel.objects.get(version=2).description["records"] == 3000


def test_find_duplicates_maps_spanish_headers_and_explains(tmp_path):
    source, out = tmp_path / "personas.csv", tmp_path / "pares.csv"
    source.write_text(
        "id,Nombres,Primer apellido,Segundo apellido,Fecha de nacimiento,Teléfono\n"
        "1,José María,Hernández,Flores,1975-10-02,213 555 0101\n"
        "2,Chema,Hernandez,,1975-02-10,\n"
        "3,Rosa,Iraheta,Cruz,1990-01-01,\n", encoding="utf-8")
    stdout = StringIO()
    call_command("find_duplicates", str(source), "--out", str(out), "--explain", stdout=stdout)
    text = stdout.getvalue()
    assert "Default parameters" in text and "nickname" in text and "m=" in text and "u=" in text
    with out.open(newline="", encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    assert [(p["record_id_a"], p["record_id_b"]) for p in pairs] == [("1", "2")]
    assert "given:nickname" in pairs[0]["weights"] and "birth:swapped" in pairs[0]["weights"]


def _pair(admin_user):
    a = services.create_person(by=admin_user, fields={
        "given_names": "José Antonio", "first_surname": "Menjívar", "second_surname": "Alvarado",
        "birth": parse("1975-10-02")})
    b = services.create_person(by=admin_user, fields={
        "given_names": "Chepe Antonio", "first_surname": "Menjivar", "second_surname": "",
        "birth": parse("1975-02-10")})
    return a, b


def test_duplicates_page_explains_each_pair_in_both_languages(admin_user, make_user,
                                                             django_capture_on_commit_callbacks):
    a, b = _pair(admin_user)
    PersonFactory(given_names="Óscar", first_surname="Reyes", birth_date=dt.date(2001, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.start_duplicate_pass(by=admin_user)
    pair = DuplicateCandidate.objects.get()
    assert {f for f, _l, _w in pair.weights} >= {"given", "surname", "birth", "prior"}
    client = sign_in(Client(), make_user(Role.PARALEGAL))
    page = client.get("/people/duplicates/").content.decode()
    assert "Weight field by field" in page and "a nickname or diminutive of the other" in page
    assert "day and month swapped" in page and "one surname missing, the other the same" in page
    spanish = sign_in(Client(), make_user(Role.PARALEGAL, language="es"))
    page = spanish.get("/people/duplicates/").content.decode()
    assert "Peso campo por campo" in page and "un apodo o diminutivo del otro" in page
    assert "día y mes intercambiados" in page


def test_a_pair_marked_different_people_is_never_suggested_again(admin_user, django_capture_on_commit_callbacks):
    _pair(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_duplicate_pass(by=admin_user)
    services.mark_not_duplicate(candidate=DuplicateCandidate.objects.get(), by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_duplicate_pass(by=admin_user)
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.DISTINCT
    assert not DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).exists()


def test_two_people_of_one_name_born_a_day_apart_are_not_suggested_unless_something_ties_them(fitted):
    model, _records, _truth = fitted
    first = make_record(1, given_names="Delmy Yamileth", first_surname="Interiano", second_surname="Xicará",
                        birth=dt.date(1984, 6, 11), phones=["213 555 0142"], street="1420 Pico Blvd",
                        postcode="90015", city="Los Angeles")
    cousin = make_record(2, given_names="Delmy Yamileth", first_surname="Interiano", second_surname="Xicará",
                         birth=dt.date(1984, 6, 12), phones=["818 555 0177"], street="77 Van Nuys Blvd",
                         postcode="91405", city="Van Nuys")
    retyped = make_record(3, given_names="Delmy Yamileth", first_surname="Interiano", second_surname="Xicara",
                          birth=dt.date(1984, 6, 12), phones=["(213) 555-0142"], street="1420 Pico Blvd",
                          postcode="90015", city="Los Angeles")
    assert model.explain(first, cousin).probability < model.threshold
    assert {f: level for f, level, _w in model.explain(first, cousin).parts}["birth"] == "other"
    assert model.explain(first, retyped).probability >= model.threshold
    assert {f: level for f, level, _w in model.explain(first, retyped).parts}["birth"] == "days_apart"


def test_an_identifier_one_typo_off_is_its_own_level_and_blocks_the_pair_together():
    from amparo.people import matching

    a = make_record(1, given_names="Lisa", first_surname="Russell", identifier="6454304")
    b = make_record(2, given_names="1isa", first_surname="Russell", identifier="9454304")
    c = make_record(3, given_names="Lisa", first_surname="Russell", identifier="6454340")
    d = make_record(4, given_names="Lisa", first_surname="Russell", identifier="1234567")
    assert _level("identifier", a, b) == "one_edit" and _level("identifier", a, c) == "one_edit"
    assert _level("identifier", a, d) == "other"
    assert _level("given", a, b) == "same"  # a digit read as the letter it looks like
    assert matching.pass_keys(a) & matching.pass_keys(b)


def test_swapped_and_doubly_mistyped_names_still_meet_in_the_pass():
    from amparo.people import matching

    a = make_record(1, given_names="Hayden", first_surname="Miller", birth=dt.date(1974, 3, 10))
    b = make_record(2, given_names="Haydn", first_surname="Millre", birth=dt.date(1974, 3, 10))
    c = make_record(3, given_names="Miller", first_surname="Hayden", birth=dt.date(1974, 3, 10))
    assert matching.pass_keys(a) & matching.pass_keys(b) and matching.pass_keys(a) & matching.pass_keys(c)


def test_a_merged_pair_is_never_suggested_again(admin_user, django_capture_on_commit_callbacks):
    a, b = _pair(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_duplicate_pass(by=admin_user)
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.OPEN
    services.merge_people(keep=a, drop=b, by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_duplicate_pass(by=admin_user)
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.MERGED
    assert not DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).exists()


def test_a_model_stored_with_other_levels_is_not_read(fitted, admin_user):
    model, _records, _truth = fitted
    old = {**model.to_json(), "schema": linkage.SCHEMA - 1}
    FittedModel.objects.create(version=1, parameters=old, description={"records": 3000})
    row, loaded = services.current_model()
    assert row is None and loaded.description.get("default")
    assert services.store_model(model, by=admin_user).version == 2
    assert services.current_model()[0].version == 2
