"""Small-cell suppression for reports that leave the center.

A count from 1 to N-1 (N = the threshold, 5 unless set) could point at a person: "the one
Guatemalan woman over 65 with a T visa". Such cells are shown as "<N". Totals stay, so a single
hidden cell in a row or a column could be worked out from the total minus the others: each
row and column with a hidden cell gets a second one (the smallest count left showing),
repeated until no row or column has exactly one (complementary suppression). Totals that are
themselves small are hidden too. Zeros are shown: they reveal no one. Columns that count
nobody (``Table.not_counts``: a grant's target) are left as they are.
"""

from __future__ import annotations

from .base import Table


def suppress(table: Table, threshold: int = 5) -> Table:
    mark = f"<{threshold}"
    every = [c.key for c in table.columns if c.key not in table.not_counts]
    columns = [c for c in every if c != table.total_column]  # a row's parts (its total is the row total)
    hidden: set[tuple[str, str]] = set()
    cells = {(r.key, c): r.cells.get(c, 0) for r in table.rows for c in every}
    for position, count in cells.items():
        if 0 < count < threshold:
            hidden.add(position)

    def complete(lines: list[list[tuple[str, str]]]) -> bool:
        changed = False
        for line in lines:
            secret = [p for p in line if p in hidden]
            if len(secret) == 1:
                showing = sorted((cells[p], p) for p in line if p not in hidden and cells[p] > 0)
                if showing:
                    hidden.add(showing[0][1])
                    changed = True
        return changed

    rows = [[(r.key, c) for c in columns] for r in table.rows]
    cols = [[(r.key, c) for r in table.rows] for c in every]
    while complete(rows) | complete(cols):
        pass
    for position in hidden:
        table.shown[position] = mark
    for key, count in (table.totals or {}).items():
        if key not in table.not_counts and 0 < count < threshold:
            table.shown[("__total__", key)] = mark
    return table
