"""Campaign writes: signatures counted once per person (email, phone, or name and postcode read
as people's matching reads names), turnout from check-ins plus estimates, edits that collide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from amparo.accounts.roles import Role
from amparo.campaigns import services
from amparo.campaigns.models import Signature
from amparo.core.exceptions import ConcurrentEdit
from amparo.core.models import AuditEntry

from .factories import DAY, campaign, petition


@pytest.fixture
def organizer(make_user):
    return make_user(Role.ORGANIZER, full_name="Beatriz Villalta")


def test_the_same_email_or_phone_signs_once(organizer):
    p = petition(organizer)
    first = services.sign(petition=p, name="Ana Rivas", email="Ana.Rivas@Example.org ", postcode="90015")
    again = services.sign(petition=p, name="Ana R.", email="ana.rivas@example.org")
    by_phone = services.sign(petition=p, name="Berta Cruz", phone="(213) 555-0101")
    phone_again = services.sign(petition=p, name="Berta", phone="+1 213 555 0101", comment="¡Sí se puede!")
    assert first.new and not again.new and by_phone.new and not phone_again.new
    assert again.signature.pk == first.signature.pk
    assert services.signature_count(p) == 2
    berta = Signature.objects.get(pk=by_phone.signature.pk)
    assert berta.times_signed == 2 and berta.comment == "¡Sí se puede!"  # what the second adds is kept


def test_without_contact_the_same_name_at_the_same_postcode_is_the_same_signer(organizer):
    p = petition(organizer)
    services.sign(petition=p, name="José Hernández López", postcode="90015")
    # Accents, case and the order of the surnames do not make another person.
    assert not services.sign(petition=p, name="jose lopez hernandez", postcode="90015").new
    assert not services.sign(petition=p, name="José Hernandes López", postcode="90015").new  # a sound-alike
    # The same name elsewhere is someone else; so is another name at the same postcode.
    assert services.sign(petition=p, name="José Hernández López", postcode="91331").new
    assert services.sign(petition=p, name="Reina Portillo", postcode="90015").new
    assert services.signature_count(p) == 3


def test_a_signature_with_contact_is_matched_by_a_later_one_without(organizer):
    p = petition(organizer)
    services.sign(petition=p, name="Wilmer Argueta Cruz", phone="3235550102", postcode="90006")
    assert not services.sign(petition=p, name="Wilmer Argueta Cruz", postcode="90006").new
    # Two people of the same name at one postcode with their own phones are two signers.
    assert services.sign(petition=p, name="Wilmer Argueta Cruz", phone="3235550199", postcode="90006").new
    assert services.signature_count(p) == 2


def test_a_signature_needs_a_name_and_a_way_to_tell_people_apart(organizer):
    p = petition(organizer)
    with pytest.raises(ValidationError) as exc:
        services.sign(petition=p, name="  ", email="no-at-sign")
    assert set(exc.value.message_dict) == {"name", "email"}
    with pytest.raises(ValidationError) as exc:
        services.sign(petition=p, name="Ana")
    assert "phone" in exc.value.message_dict
    services.save_petition(by=organizer, campaign=p.campaign, is_open=False)
    p.refresh_from_db()
    with pytest.raises(ValidationError):
        services.sign(petition=p, name="Ana", phone="2135550101")


def test_signing_is_audited_without_the_signers_name(organizer):
    p = petition(organizer)
    s = services.sign(petition=p, name="Ana Rivas", phone="2135550101").signature
    entry = AuditEntry.objects.get(action="petition.sign")
    assert entry.object_id == str(s.pk) and "Ana" not in entry.object_label


def test_turnout_counts_check_ins_at_linked_events_and_the_largest_estimate_of_each_day(organizer):
    from amparo.outreach import services as outreach

    start = dt.datetime(2026, 11, 10, 18, tzinfo=dt.UTC)
    event = outreach.create_event(by=organizer, title="Asamblea TPS", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2))
    regs = [outreach.register(event=event, given_names=n, phone=f"21355501{i:02}", notify=False)
            for i, n in enumerate(["Ana", "Berta", "Carla"])]
    outreach.bulk_check_in(event=event, registrations=event.registrations.filter(pk__in=[r.pk for r in regs[:2]]),
                           at=start, by=organizer)
    c = campaign(organizer, kind="march", events=[event])
    services.add_estimate(by=organizer, campaign=c, on=DAY, people=1200, source="Policía")
    services.add_estimate(by=organizer, campaign=c, on=DAY, people=2000, source="Organizadores")
    services.add_estimate(by=organizer, campaign=c, on=DAY + dt.timedelta(days=1), people=300)
    t = services.turnout(c)
    assert (t.checked_in, t.estimated, t.total) == (2, 2300, 2302)


def test_a_campaign_saved_by_someone_else_meanwhile_is_not_overwritten(organizer):
    c = campaign(organizer)
    services.update_campaign(by=organizer, campaign=c, version=1, status="active")
    with pytest.raises(ConcurrentEdit):
        services.update_campaign(by=organizer, campaign=c, version=1, status="won")
    c.refresh_from_db()
    assert (c.status, c.version) == ("active", 2)
    entry = AuditEntry.objects.get(action="campaign.update")
    assert entry.changes["status"] == ["planned", "active"]


def test_a_campaign_cannot_end_before_it_starts(organizer):
    with pytest.raises(ValidationError) as exc:
        campaign(organizer, ends_on=DAY - dt.timedelta(days=1))
    assert exc.value.messages


def test_partners_contacts_targets_and_meetings(organizer):
    c = campaign(organizer)
    alliance = services.save_organization(by=organizer, name="Alianza Nacional NACARA", kind="alliance")
    member = services.save_organization(by=organizer, name="Comité de Familias")
    services.save_organization(by=organizer, organization=alliance, name=alliance.name, kind="alliance",
                               members=[member, alliance])
    assert list(alliance.members.all()) == [member]  # never a member of itself
    services.set_partner(by=organizer, campaign=c, organization=alliance, role="endorser")
    services.set_partner(by=organizer, campaign=c, organization=alliance, role="lead")
    assert list(c.partnerships.values_list("role", flat=True)) == ["lead"]
    services.add_contact(by=organizer, organization=alliance, name="Ana Gladys Rivas", role="Coordinadora")
    target = services.save_target(by=organizer, name="Rep. CA-34", kind="legislator", position="support",
                                  campaigns=[c])
    services.add_meeting(by=organizer, target=target, on=DAY, attendees="Comité", outcome="Firmará la carta")
    assert list(c.targets.all()) == [target] and target.meetings.count() == 1
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"campaign.partner", "organization.contact", "target.save", "target.meeting"} <= actions
