"""Small cells hidden for outsiders, with a second cell hidden wherever one could be worked out."""

from amparo.reports.base import Column, Row, Table
from amparo.reports.suppression import suppress


def _table():
    columns = [Column("a", "A"), Column("b", "B"), Column("c", "C"), Column("total", "Total")]
    rows = [Row("r1", "R1", {"a": 10, "b": 3, "c": 20, "total": 33}),
            Row("r2", "R2", {"a": 12, "b": 9, "c": 30, "total": 51}),
            Row("r3", "R3", {"a": 0, "b": 15, "c": 40, "total": 55})]
    return Table("t", "T", columns, rows, total_label="Total", total_column="total").finish()


def test_a_small_cell_and_the_cells_that_would_give_it_away_are_hidden():
    table = suppress(_table(), 5)
    assert table.value("r1", "b") == "<5"
    # Row r1 would give the 3 away (33 - 10 - 20): its smallest other count goes too.
    assert table.value("r1", "a") == "<5"
    # Column B would give it away (27 - 9 - 15), and column A (22 - 0 - 10): second cells there.
    assert table.value("r2", "b") == "<5" and table.value("r2", "a") == "<5"
    # Each row and column now hides none or at least two cells; zeros and large counts show.
    assert table.value("r3", "a") == 0 and table.value("r3", "c") == 40 and table.value("__total__", "total") == 139
    for row in ("r1", "r2", "r3"):
        hidden = [c for c in "abc" if table.value(row, c) == "<5"]
        assert len(hidden) != 1
    for column in "abc":
        hidden = [r for r in ("r1", "r2", "r3") if table.value(r, column) == "<5"]
        assert len(hidden) != 1


def test_small_totals_are_hidden_and_a_table_with_no_small_cells_is_untouched():
    columns = [Column("n", "N")]
    table = suppress(Table("t", "T", columns, [Row("x", "X", {"n": 2}), Row("y", "Y", {"n": 0})]).finish(), 5)
    assert table.value("x", "n") == "<5" and table.value("__total__", "n") == "<5" and table.value("y", "n") == 0
    untouched = suppress(Table("t", "T", columns, [Row("x", "X", {"n": 7})]).finish(), 5)
    assert untouched.shown == {}
