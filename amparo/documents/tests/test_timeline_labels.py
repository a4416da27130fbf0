"""The case timeline shows what the documents app did in words, in the reader's language."""

from django.utils import translation

from amparo.legal.templatetags.legal import timeline_label


def test_document_actions_on_a_case_read_as_words_in_both_languages():
    with translation.override("en"):
        assert timeline_label("document.checklist.create") == "Document checklist prepared"
        assert timeline_label("filing.packet_built") == "Filing packet built"
    with translation.override("es"):
        assert timeline_label("document.checklist.update") == "Lista de documentos actualizada"
        assert timeline_label("document.letter") == "Carta generada"


def test_an_action_nobody_named_still_shows_its_code():
    assert timeline_label("something.new") == "something.new"
