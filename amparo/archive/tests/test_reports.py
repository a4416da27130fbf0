"""The accountability report: acts of a unit during an officer's tenure, partial dates shown as such."""

import csv
import io

from django.utils import translation

from amparo.archive import reports
from amparo.archive.tests.factories import ActFactory, CareerFactory, InvolvementFactory
from amparo.core.partial_dates import Overlap


def test_unit_report_names_the_commander_certainly_or_possibly(accountability, admin_user):
    report = reports.unit_report(admin_user, accountability["unit"])
    by_act = {row.act.pk: row for row in report.rows}
    certain = by_act[accountability["certain"].pk]
    assert [(a.career.person, a.overlap) for a in certain.officers] == [(accountability["colonel"], Overlap.CERTAIN)]
    # An act of a company within the battalion, in April 1981: the commander left in April 1981.
    possible = by_act[accountability["possible"].pk]
    assert possible.unit == accountability["company"]
    assert [a.overlap for a in possible.officers] == [Overlap.POSSIBLE]
    assert by_act[accountability["outside"].pk].officers == []
    assert report.uncertain == 1
    assert certain.sources == [accountability["source"]]


def test_counts_by_act_type_and_year(accountability, admin_user):
    with translation.override("en"):
        report = reports.unit_report(admin_user, accountability["unit"])
    assert dict(report.by_type) == {"Massacre": 1, "Torture": 1, "Killing": 1}
    assert dict(report.by_year) == {"1981": 2, "1982": 1}
    assert report.years == ["1981", "1982"]
    with translation.override("es"):
        report = reports.unit_report(admin_user, accountability["unit"])
    assert "Masacre" in dict(report.by_type)


def test_officer_report_lists_acts_of_his_units_during_his_tenure(accountability, admin_user):
    report = reports.officer_report(admin_user, accountability["colonel"])
    acts = {row.act.pk: row.overlap for row in report.rows}
    assert acts == {accountability["certain"].pk: Overlap.CERTAIN, accountability["possible"].pk: Overlap.POSSIBLE}
    assert len(report.sections) == 1


def test_the_same_person_in_two_sources_is_linked_not_merged(accountability, admin_user):
    from amparo.archive import services

    other = services.actor_save(by=None, data={"kind": "person", "name": "Domingo Monterroza (sic)",
                                               "same_as": accountability["colonel"], "access": "public"})
    later = CareerFactory(person=other, unit=accountability["unit"], start="1981-05", end="1982-12")
    report = reports.officer_report(admin_user, accountability["colonel"])
    assert later in report.careers
    assert accountability["outside"].pk in {row.act.pk for row in report.rows}
    assert other.same_as == accountability["colonel"] and other.pk != accountability["colonel"].pk


def test_restricted_acts_stay_out_of_reports_for_those_without_access(accountability, make_user):
    from amparo.accounts.roles import Role

    hidden = ActFactory(event=accountability["event"], date="1981-02", access="restricted")
    InvolvementFactory(act=hidden, perpetrator=accountability["unit"])
    volunteer = make_user(Role.VOLUNTEER)
    archivist = make_user(Role.ARCHIVIST)
    assert hidden.pk not in {r.act.pk for r in reports.unit_report(volunteer, accountability["unit"]).rows}
    assert hidden.pk in {r.act.pk for r in reports.unit_report(archivist, accountability["unit"]).rows}
    public = reports.unit_report(None, accountability["unit"], public=True)
    assert hidden.pk not in {r.act.pk for r in public.rows}
    assert all("Rufina" not in r.victim for r in public.rows)


def test_report_csv_and_pdf(accountability, admin_client):
    url = f"/archive/actors/{accountability['unit'].pk}/accountability/"
    response = admin_client.get(url, {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Date"
    assert len(rows) == 4
    assert any("possible" in r[7] for r in rows[1:])
    assert any("TEST-EM-1981" in r[9] for r in rows[1:])
    response = admin_client.get(url, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_embeds_a_font_with_accents(accountability, admin_user, rf):
    """Accents need a font that has them: DejaVu Sans is embedded, in English and in Spanish."""
    from django.contrib.auth.models import AnonymousUser

    from amparo.archive import pdf

    request = rf.get("/")
    request.user = AnonymousUser()
    for language in ("en", "es"):
        with translation.override(language):
            report = reports.unit_report(admin_user, accountability["unit"])
            data = pdf.report_pdf(request, report, public=False, uncompressed=True)
        assert b"+Amparo-Sans" in data  # the bundled DejaVu Sans (amparo/core/fonts)
