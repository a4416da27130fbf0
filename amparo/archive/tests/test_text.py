import pytest

from amparo.archive.text import fold, highlight, parse_query, redact, term, terms


@pytest.mark.parametrize(("a", "b"), [
    ("JESUITS", "jesuit"), ("jesuitas", "jesuit"), ("Jesuíta", "jesuit"), ("masacre", "MASSACRE"),
    ("masacres", "massacres"), ("batallón", "BATTALION"), ("Atlácatl", "ATLACATL"), ("tortura", "tortured"),
    ("desaparecidos", "disappeared"), ("sacerdotes", "priests"), ("asesinato", "murdered"),
])
def test_words_that_should_find_each_other_share_a_term(a, b):
    assert term(a) == term(b)


@pytest.mark.parametrize(("a", "b"), [("army", "arms"), ("kill", "mill"), ("peace", "police")])
def test_unrelated_words_stay_apart(a, b):
    assert term(a) != term(b)


def test_terms_are_snowball_stems_and_accents_never_matter():
    assert term("naciones") == term("nación") == term("nacion") == term("NACIÓN")
    assert term("torturaron") == term("torturaran")
    assert term("killings") == term("killing") == term("killed")


def test_fold_ignores_case_and_accents():
    assert fold("ÑANDÚ Ahuachapán") == "nandu ahuachapan"


def test_stop_words_are_not_searched():
    assert parse_query("los jesuitas") == [["jesuit"]]
    assert parse_query('"human rights" El Salvador') == [[term("human"), term("rights")], [term("salvador")]]
    assert "the" not in terms("THE JESUITS")


def test_highlight_marks_matches_and_escapes_the_rest():
    snippet = highlight("<b>THE JESUITS</b> WERE KILLED", {"jesuit"})
    assert "<mark>JESUITS</mark>" in snippet
    assert "<b>" not in snippet and "&lt;/b&gt;" in snippet


def test_redact_ignores_accents_and_case():
    text = "Testigos vieron a JOSE MARIA GUTIERREZ y a José María Gutiérrez en Perquín."
    out = redact(text, ["José María Gutiérrez"])
    assert "GUTIERREZ" not in out and "Gutiérrez" not in out
    assert out.count("[…]") == 2
    assert "Perquín" in out
