"""Criminal bars shared by several screeners (the numbers live in ``criminal_bar`` records)."""

from __future__ import annotations

from .check import Check
from .facts import Facts


def criminal_bars(c: Check, facts: Facts) -> None:
    """Apply the ``criminal_bar`` record for the check's program, if the data has one."""
    rec = c.rules.at("criminal_bar", c.on, program=c.program)
    if rec is None:
        return
    limits = (
        ("felonies", rec.opt_num("felonies_max")),
        ("significant_misdemeanors", rec.opt_num("significant_misdemeanors_max")),
        ("misdemeanors", rec.opt_num("misdemeanors_max")),
    )
    needed = [name for name, limit in limits if limit is not None]
    if rec.get("aggravated_felony_bars"):
        needed.append("aggravated_felony")
    crim = facts.criminal
    if crim is None:
        c.missing("criminal")
        return
    barred = False
    for name, limit in limits:
        if limit is None:
            continue
        count = getattr(crim, name)
        if count is None:
            c.missing(f"criminal.{name}")
        elif count > limit:
            c.fail(f"bar.{name}", rec, count=count, allowed=limit)
            barred = True
    if "aggravated_felony" in needed:
        if crim.aggravated_felony is None:
            c.missing("criminal.aggravated_felony")
        elif crim.aggravated_felony:
            c.fail("bar.aggravated_felony", rec)
            barred = True
    if not barred and all(
        getattr(crim, n) is not None for n in needed
    ):
        c.ok("bar.none", rec)
