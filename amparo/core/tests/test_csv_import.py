"""The strict CSV reader of imports: broken rows are refused with their line, good rows kept."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from amparo.core.csv_import import CsvFileError, decode, read_rows


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def _read(text):
    header, rows = read_rows(text)
    return header, [(r.line, r.values, r.error) for r in rows]


def test_an_unclosed_quote_is_reported_and_the_rows_it_swallowed_are_kept():
    header, rows = _read('kind,name\nunit,"Batallón Bracamonte\nperson,Juan\nperson,Pedro\n')
    assert header == ["kind", "name"]
    assert rows[0][0] == 2 and rows[0][1] is None and "never closed" in rows[0][2]
    assert [r[1] for r in rows[1:]] == [{"kind": "person", "name": "Juan"}, {"kind": "person", "name": "Pedro"}]


def test_text_after_a_closing_quote_is_refused():
    _, rows = _read('kind,name\nunit,"Bata"llón\nperson,Juan\n')
    assert rows[0][:2] == (2, None) and "closing quotation mark" in rows[0][2]
    assert rows[1] == (3, {"kind": "person", "name": "Juan"}, "")


def test_a_quoted_value_over_several_lines_is_one_row_at_its_first_line():
    _, rows = _read('title,description\n"A","one\nand two"\nB,three\n\n')
    assert rows == [(2, {"title": "A", "description": "one\nand two"}, ""),
                    (4, {"title": "B", "description": "three"}, "")]


def test_a_quote_left_open_for_too_many_lines_is_a_missing_quote():
    text = 'a,b\n1,"open\n' + "".join(f"{n},x\n" for n in range(150))
    _, rows = _read(text)
    assert rows[0][:2] == (2, None) and "more than 100 lines" in rows[0][2]
    assert len([r for r in rows if r[1]]) == 150


def test_rows_of_the_wrong_width_are_refused_with_the_counts():
    _, rows = _read("a,b\n1,2,3\n4\n5,6\n")
    assert [(r[0], r[1]) for r in rows] == [(2, None), (3, None), (4, {"a": "5", "b": "6"})]
    assert "(3, not 2)" in rows[0][2] and "(1, not 2)" in rows[1][2]


def test_windows_and_old_mac_line_ends():
    assert _read("a,b\r\n1,2\r\n")[1] == [(2, {"a": "1", "b": "2"}, "")]
    assert _read("a,b\r1,2\r")[1] == [(2, {"a": "1", "b": "2"}, "")]


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"), ('"a,b\n1,2\n', "header"), ("a,b,a\n1,2,3\n", "twice: a"),
])
def test_a_file_without_a_readable_header_is_refused_whole(text, message):
    with pytest.raises(CsvFileError, match=message):
        read_rows(text)


def test_a_file_that_is_not_utf8_is_refused_whole():
    with pytest.raises(CsvFileError, match="UTF-8"):
        decode(b"\xff\xfe\x00binary")
    assert decode("\ufeffa,b".encode()) == "a,b"


cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@given(st.lists(st.tuples(cells, cells), max_size=8))
def test_whatever_a_csv_writer_writes_is_read_back_exactly(pairs):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["a", "b"])
    writer.writerows(pairs)
    _, rows = _read(out.getvalue())
    assert [(r[1]["a"], r[1]["b"]) for r in rows] == pairs
