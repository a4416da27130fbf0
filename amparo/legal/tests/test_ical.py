import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from amparo.legal import ical


def test_escaping_follows_rfc5545():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Apelación ñandú " * 20
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


@given(st.text(min_size=0, max_size=400))
def test_folding_round_trips(text):
    line = "SUMMARY:" + ical.escape_text(text)
    parts = ical.fold(line).split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


def test_calendar_structure():
    body = ical.calendar("Amparo", [ical.event(uid="deadline-1@x", summary="Deadline — case #1",
                                               start=dt.date(2026, 6, 15))])
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20260615\r\nDTEND;VALUE=DATE:20260616" in body
    assert "\n" not in body.replace("\r\n", "")
