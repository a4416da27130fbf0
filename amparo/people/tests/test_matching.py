"""The matching engine on the spellings a front desk really sees."""

import datetime as dt

import pytest

from amparo.people import matching as m

MARIA = m.make_record(1, given_names="María José", first_surname="Hernández", second_surname="López",
                      birth=dt.date(1981, 3, 15))


def test_normalization_ignores_case_accents_particles_and_titles():
    assert m.name_tokens("Doña MARÍA de la Luz  Núñez y Peña") == ("maria", "luz", "nunez", "pena")
    assert m.normalize("  López-de Hernández ") == "lopez de hernandez"


@pytest.mark.parametrize(("a", "b"), [("Hernández", "Ernandes"), ("Vásquez", "Basques"), ("Yolanda", "Llolanda"),
                                      ("Cecilia", "Sesilia"), ("Quintanilla", "Kintanilla"), ("Xiomara", "Siomara")])
def test_phonetic_code_hears_spanish_spellings_alike(a, b):
    assert m.phonetic(m.normalize(a)) == m.phonetic(m.normalize(b))


@pytest.mark.parametrize(("nick", "name"), [("pepe", "jose"), ("chepe", "jose"), ("paco", "francisco"),
                                            ("pancho", "francisco"), ("lupe", "guadalupe"), ("john", "juan"),
                                            ("chucho", "jesus"), ("memo", "guillermo")])
def test_nicknames_and_english_forms_share_a_canonical_name(nick, name):
    assert m.canonical(nick) == name


@pytest.mark.parametrize("typed", [
    "Maria Hernandez", "María José Hernández López", "MARIA J LOPEZ DE HERNANDEZ", "hernandez lopez maria",
    "Mari Ernandes", "maria jose hernandez 15/03/1981", "Hernández 1981",
])
def test_search_finds_her_under_every_spelling(typed):
    query = m.parse_query(typed)
    assert m.query_keys(query) & m.block_keys(MARIA), "no shared blocking key"
    assert m.score_query(query, MARIA).score >= 0.5


def test_search_reasons_explain_the_match():
    result = m.score_query(m.parse_query("MARIA J LOPEZ DE HERNANDEZ"), MARIA)
    assert m.R_INITIAL in result.reasons and m.R_SWAPPED_SURNAMES in result.reasons
    result = m.score_query(m.parse_query("Pepe Hernandez"), m.make_record(2, given_names="José",
                                                                          first_surname="Hernández"))
    assert m.R_NICKNAME in result.reasons


def test_parse_query_takes_out_dates_phones_and_a_numbers():
    q = m.parse_query("Hernández A012-345-678 (213) 555-0199 1981-03-15")
    assert q.a_numbers == ("012345678",) and q.phones == ("2135550199",)
    assert q.dates == (dt.date(1981, 3, 15),) and q.tokens == ("hernandez",)
    assert m.parse_query("03/04/1990").dates == (dt.date(1990, 4, 3), dt.date(1990, 3, 4))


@pytest.mark.parametrize(("other", "reason"), [
    ({"given_names": "Maria J", "first_surname": "Lopez de Hernandez",
     "birth": dt.date(1981, 3, 15)}, m.R_SWAPPED_SURNAMES),
    ({"given_names": "María José", "first_surname": "Hernández", "birth": dt.date(1981, 3, 15)}, m.R_MISSING_SURNAME),
    ({"given_names": "Maria Jose", "first_surname": "Hernandes", "second_surname": "Lopes",
     "birth": dt.date(1981, 3, 15)},
     m.R_SPELLING),
    ({"given_names": "María José", "first_surname": "Hernández", "second_surname": "López",
          "birth": dt.date(1981, 15 - 12, 15)}, m.R_BIRTH),
    ({"given_names": "Maria Jose", "first_surname": "Hernandez", "second_surname": "Lopez",
     "birth": dt.date(1981, 3, 15),
          "other_names": [("married", "", "Hernández de Pérez", "")]}, m.R_NAME),
])
def test_same_person_scores_high_with_the_reason(other, reason):
    match = m.compare(MARIA, m.make_record(2, **other))
    assert match.score >= m.DUPLICATE_THRESHOLD
    assert reason in match.reasons


def test_day_and_month_swapped_is_explained():
    a = m.make_record(1, given_names="Wilmer", first_surname="Orellana", birth=dt.date(1990, 5, 4))
    b = m.make_record(2, given_names="Wilmer", first_surname="Orellana", birth=dt.date(1990, 4, 5))
    assert m.R_BIRTH_SWAPPED in m.compare(a, b).reasons


def test_married_name_matches():
    record = m.make_record(1, given_names="Rosa Elena", first_surname="Cruz", second_surname="Ayala",
                           other_names=[("married", "", "Cruz de Mejía", "")], birth=dt.date(1970, 1, 2))
    query = m.parse_query("Rosa Mejia")
    result = m.score_query(query, record)
    assert result.score >= 0.5 and m.R_MARRIED in result.reasons


@pytest.mark.parametrize("other", [
    {"given_names": "María José", "first_surname": "Hernández", "second_surname": "López",
     "birth": dt.date(1994, 8, 2)},
    {"given_names": "Ana Gabriela", "first_surname": "Hernández", "second_surname": "López",
     "birth": dt.date(1983, 1, 9)},
    {"given_names": "José", "first_surname": "Ramírez", "birth": dt.date(1981, 3, 15)},
])
def test_different_people_with_common_names_stay_apart(other):
    assert m.compare(MARIA, m.make_record(2, **other)).score < m.DUPLICATE_THRESHOLD


def test_identifiers_decide():
    a = m.make_record(1, given_names="Juan", first_surname="Pérez", identifier="A012345678")
    assert m.compare(a, m.make_record(2, given_names="J", first_surname="Peres", identifier="A012345678")).score >= 0.97
    assert m.compare(a, m.make_record(2, given_names="Juan", first_surname="Pérez",
                                      identifier="A999999999")).score < m.DUPLICATE_THRESHOLD


def test_find_pairs_within_and_against():
    records = [MARIA, m.make_record(2, given_names="Maria Jose", first_surname="Hernandez", second_surname="Lopez",
                                    birth=dt.date(1981, 3, 15)),
               m.make_record(3, given_names="Wilmer", first_surname="Orellana", birth=dt.date(1990, 5, 4))]
    assert [(a.id, b.id) for a, b, _ in m.find_pairs(records)] == [(1, 2)]
    other = [m.make_record("x", given_names="Wilmer", first_surname="Orellana", birth=dt.date(1990, 5, 4))]
    assert [(a.id, b.id) for a, b, _ in m.find_pairs(records, against=other)] == [(3, "x")]


def test_record_data_round_trips():
    assert m.Record.from_data(1, MARIA.to_data()) == MARIA


def test_parallel_scoring_finds_the_same_pairs(monkeypatch):
    from amparo.people import synthetic

    rows, _truth = synthetic.generate(1500, seed=9)
    records = [m.make_record(r["record_id"], given_names=r["given_names"], first_surname=r["first_surname"],
                             second_surname=r["second_surname"], phones=[r["phone"]],
                             birth=dt.date.fromisoformat(r["birth_date"]) if "-" in r["birth_date"] else None)
               for r in rows]
    sequential = {(a.id, b.id, match.score) for a, b, match in m.find_pairs(records)}
    monkeypatch.setattr(m, "PARALLEL_MIN", 0)
    parallel = {(a.id, b.id, match.score) for a, b, match in m.find_pairs(records, workers=2)}
    assert parallel == sequential and sequential


def test_the_cheap_bound_never_drops_a_pair_the_full_comparison_would_keep():
    """The duplicate pass skips pairs whose bound is under the threshold: the bound must be at
    least the real score for every pair, or true duplicates would be lost without a trace."""
    import random

    from amparo.people import synthetic

    rows, _truth = synthetic.generate(3000, seed=5)
    records = [m.make_record(r["record_id"], given_names=r["given_names"], first_surname=r["first_surname"],
                             second_surname=r["second_surname"], phones=[r["phone"]], postcode=r["postcode"],
                             street=r["street"], identifier=r["identifier"],
                             birth=dt.date.fromisoformat(r["birth_date"]) if "-" in r["birth_date"] else None,
                             birth_precision=random.Random(i).choice(["day"] * 8 + ["month", "year"]))
               for i, r in enumerate(rows)]
    by_id = {r.id: r for r in records}
    pairs = [(by_id[a], by_id[b]) for a, b in sorted(_truth)]  # the hard ones: near-duplicates
    rng = random.Random(3)
    pairs += [(rng.choice(records), rng.choice(records)) for _ in range(20000)]
    checked = 0
    for a, b in pairs:
        score = m.compare(a, b).score
        assert score <= max(m.score_bound(a, b), 0.0) + 0.001, (a, b, score)
        checked += score >= m.DUPLICATE_THRESHOLD
    assert checked > 300  # the test did see pairs over the threshold


def test_a_very_common_name_is_cut_into_windows_but_its_duplicates_are_still_found():
    twins = [m.make_record(k, given_names="María José", first_surname="Hernández", second_surname="López",
                           birth=dt.date(1950, 1, 1) + dt.timedelta(days=37 * k)) for k in range(400)]
    copy = m.make_record("dup", given_names="Maria Jose", first_surname="Hernandez", second_surname="Lopez",
                         birth=twins[250].birth)
    pairs = {(a.id, b.id): match for a, b, match in m.find_pairs([*twins, copy])}
    assert (250, "dup") in pairs and m.R_BIRTH in pairs[(250, "dup")].reasons
