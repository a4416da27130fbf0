"""Writes of campaigns: keyword-only arguments, one transaction each, one audit entry each.

Signatures are deduplicated: the same email or phone on one petition is one signature (unique
keys, so two submissions at the same moment still make one); without a contact, the same name
and postcode — compared with the people app's matching (accents, nicknames, order of surnames,
sound-alike spellings) — is the same person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import diff, log_action, snapshot
from amparo.core.exceptions import ConcurrentEdit
from amparo.people.matching import compare, key_token, make_record, name_tokens, normalize, normalize_phone

from .models import (
    Action,
    Campaign,
    Material,
    Meeting,
    Organization,
    OrgContact,
    Partnership,
    Petition,
    Signature,
    Target,
    TurnoutEstimate,
)

# Two names at the same postcode with no contact are one signer from this score of the people
# app's comparison (a full name agreeing in full scores 0.77 there with a postcode).
SAME_SIGNER = 0.7


def clean(value: Any, limit: int) -> str:
    """Text as stored: no control characters (PostgreSQL refuses NUL), trimmed."""
    text = "".join(c for c in str(value or "") if c >= " " or c in "\t\n")
    return text.strip()[:limit]


def _validated(obj: models.Model, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude or [])


def _save_new(obj: models.Model, *, by: Any, action: str, exclude: list[str] | None = None) -> Any:
    _validated(obj, exclude)
    obj.save()
    log_action(action=action, actor=by, obj=obj, changes={k: [None, v] for k, v in snapshot(obj).items()
                                                          if v not in (None, "", [])})
    return obj


# --- Campaigns -------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = ("name", "kind", "status", "starts_on", "ends_on", "goal", "description_es", "description_en")


def _fields(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """The allowed fields, text cleaned of control characters (the API takes any string)."""
    return {k: clean(v, 20000) if isinstance(v, str) else v for k, v in fields.items() if k in allowed}


@transaction.atomic
def create_campaign(*, by: Any, events: Any = (), **fields: Any) -> Campaign:
    campaign = Campaign(created_by=by, **_fields(fields, CAMPAIGN_FIELDS))
    _save_new(campaign, by=by, action="campaign.create", exclude=["created_by"])
    if events:
        campaign.events.set(events)
    return campaign


@transaction.atomic
def update_campaign(*, by: Any, campaign: Campaign, version: int, events: Any = None, **fields: Any) -> Campaign:
    """Refused with ``ConcurrentEdit`` when someone saved the campaign since ``version`` was read."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.version != version:
        raise ConcurrentEdit(locked.version)
    before = snapshot(locked) | {"events": sorted(locked.events.values_list("pk", flat=True))}
    for key, value in _fields(fields, CAMPAIGN_FIELDS).items():
        setattr(locked, key, value)
    locked.full_clean(exclude=["created_by"])
    locked.version += 1
    locked.save()
    if events is not None:
        locked.events.set(events)
    after = snapshot(locked) | {"events": sorted(locked.events.values_list("pk", flat=True))}
    log_action(action="campaign.update", actor=by, obj=locked, changes=diff(before, after))
    return locked


@transaction.atomic
def add_action(*, by: Any, campaign: Campaign, on: dt.date, what: str, who: str = "", outcome: str = "") -> Action:
    return _save_new(Action(campaign=campaign, on=on, what=clean(what, 300), who=clean(who, 300),
                            outcome=clean(outcome, 5000)), by=by, action="campaign.action")


@transaction.atomic
def add_estimate(*, by: Any, campaign: Campaign, on: dt.date, people: int, source: str = "") -> TurnoutEstimate:
    return _save_new(TurnoutEstimate(campaign=campaign, on=on, people=people, source=clean(source, 200)),
                     by=by, action="campaign.estimate")


@transaction.atomic
def add_material(*, by: Any, campaign: Campaign, title: str, kind: str, language: str, url: str = "",
                 file: Any = None) -> Material:
    if not url and not file:
        raise ValidationError({"url": _("Give a link or choose a file.")})
    material = Material(campaign=campaign, title=clean(title, 200), kind=kind, language=language, url=url)
    if file:
        material.file = file
    return _save_new(material, by=by, action="campaign.material")


@transaction.atomic
def set_partner(*, by: Any, campaign: Campaign, organization: Organization, role: str) -> Partnership:
    """An organization's role in a campaign (changed if it already had one)."""
    if role not in Partnership.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    link, created = Partnership.objects.get_or_create(campaign=campaign, organization=organization,
                                                      defaults={"role": role})
    old = None if created else link.role
    if not created and link.role != role:
        link.role = role
        link.save(update_fields=["role"])
    log_action(action="campaign.partner", actor=by, obj=campaign, changes={str(organization): [old, role]})
    return link


@dataclass(frozen=True)
class Turnout:
    checked_in: int  # people checked in at the linked events (each check-in counted once)
    estimated: int  # the recorded estimates (marches), the largest of each day
    events: int

    @property
    def total(self) -> int:
        return self.checked_in + self.estimated


def turnout(campaign: Campaign) -> Turnout:
    from amparo.outreach.models import Registration

    event_ids = list(campaign.events.values_list("pk", flat=True))
    checked = Registration.objects.filter(event_id__in=event_ids, checked_in_at__isnull=False).count()
    per_day = campaign.estimates.values("on").annotate(top=models.Max("people")).values_list("top", flat=True)
    return Turnout(checked_in=checked, estimated=sum(per_day), events=len(event_ids))


# --- Petitions and signatures -------------------------------------------------------------------------

PETITION_FIELDS = ("title_es", "title_en", "text_es", "text_en", "addressed_to", "target", "is_open")


@transaction.atomic
def save_petition(*, by: Any, campaign: Campaign, **fields: Any) -> Petition:
    petition = Petition.objects.filter(campaign=campaign).first() or Petition(campaign=campaign)
    before = snapshot(petition) if petition.pk else {}
    for key, value in _fields(fields, PETITION_FIELDS).items():
        setattr(petition, key, value)
    petition.full_clean()
    petition.save()
    log_action(action="petition.save", actor=by, obj=petition, changes=diff(before, snapshot(petition)))
    return petition


def signature_count(petition: Petition) -> int:
    return petition.signatures.count()


def split_name(name: str) -> tuple[str, str]:
    """(given names, surnames) of a name typed in one box: four words or more are two given names
    and two surnames; three are a given name and two surnames (the Spanish norm)."""
    words = name.split()
    given = max(1, len(words) - 2) if len(words) >= 3 else 1
    return " ".join(words[:given]), " ".join(words[given:])


def _record(name: str, postcode: str, pk: Any = None) -> Any:
    given, surnames = split_name(name)
    return make_record(pk, given_names=given, first_surname=surnames, postcode=postcode)


def keys(*, name: str, email: str, phone: str, postcode: str) -> dict[str, str]:
    tokens = sorted(key_token(t) for t in name_tokens(name))
    return {"email_key": email.strip().lower(), "phone_key": normalize_phone(phone),
            "name_key": (" ".join(tokens) + "|" + normalize(postcode).replace(" ", ""))[:300]}


def _existing(petition: Petition, k: Mapping[str, str], *, name: str, postcode: str) -> Signature | None:
    contact = Q(pk__in=[])
    if k["email_key"]:
        contact |= Q(email_key=k["email_key"])
    if k["phone_key"]:
        contact |= Q(phone_key=k["phone_key"])
    if k["email_key"] or k["phone_key"]:
        return petition.signatures.filter(contact).order_by("pk").first()
    same = petition.signatures.filter(name_key=k["name_key"]).order_by("pk").first()
    if same is not None or not k["name_key"].split("|")[1]:
        return same
    # No contact: the same name (as people's matching reads names) at the same postcode.
    mine = _record(name, postcode)
    best, best_score = None, SAME_SIGNER
    for other in petition.signatures.filter(postcode__iexact=postcode.strip()).order_by("pk")[:500]:
        score = compare(mine, _record(other.name, other.postcode, other.pk)).score
        if score >= best_score:
            best, best_score = other, score
    return best


@dataclass(frozen=True)
class Signed:
    signature: Signature
    new: bool  # False: the same person had signed already (counted once)


def _again(found: Signature, *, email: str, phone: str, postcode: str, comment: str, may_contact: bool,
           k: Mapping[str, str]) -> Signature:
    Signature.objects.filter(pk=found.pk).update(times_signed=F("times_signed") + 1, last_signed_at=timezone.now())
    found.refresh_from_db()
    # What the second signature adds (a phone the first lacked) is kept, when no one else has it.
    updates = {}
    if email and not found.email:
        updates |= {"email": email, "email_key": k["email_key"]}
    if phone and not found.phone:
        updates |= {"phone": phone, "phone_key": k["phone_key"]}
    if postcode and not found.postcode:
        updates["postcode"] = postcode
    if comment and not found.comment:
        updates["comment"] = comment
    if may_contact and not found.may_contact:
        updates["may_contact"] = True
    if updates:
        if "email" in updates or "phone" in updates:
            updates["contactless"] = False
        try:
            with transaction.atomic():
                Signature.objects.filter(pk=found.pk).update(**updates)
        except IntegrityError:
            pass  # that contact is another signature's: keep the first as it was
        found.refresh_from_db()
    return found


def sign(*, petition: Petition, name: str, email: str = "", phone: str = "", postcode: str = "",
         comment: str = "", may_contact: bool = False, language: str = "es", by: Any = None) -> Signed:
    """Sign a petition; the same person signing again is counted once."""
    name, email, phone = clean(name, 200), clean(email, 254), clean(phone, 40)
    postcode, comment = clean(postcode, 12), clean(comment, 1000)
    errors: dict[str, list[str]] = {}
    if not name_tokens(name):
        errors["name"] = [_("Enter your name.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    if phone and not normalize_phone(phone):
        errors["phone"] = [_("Enter a phone number with its area code.")]
    if not (email or phone or postcode):
        errors["phone"] = [_("Give a phone number, an email or at least your postcode.")]
    if errors:
        raise ValidationError(errors)
    if not petition.is_open:
        raise ValidationError(_("This petition is closed."))
    k = keys(name=name, email=email, phone=phone, postcode=postcode)
    extra = {"email": email, "phone": phone, "postcode": postcode, "comment": comment, "may_contact": may_contact,
             "k": k}
    with transaction.atomic():
        found = _existing(petition, k, name=name, postcode=postcode)
        if found is None:
            try:
                with transaction.atomic():
                    signature = Signature.objects.create(
                        petition=petition, name=name, email=email, phone=phone, postcode=postcode, comment=comment,
                        may_contact=may_contact, language=language if language in ("es", "en") else "es",
                        contactless=not (k["email_key"] or k["phone_key"]), **k)
            except IntegrityError:
                # Signed at this very moment by another request: that one is the signature.
                found = _existing(petition, k, name=name, postcode=postcode)
                if found is None:
                    raise
            else:
                log_action(action="petition.sign", actor=by, obj=signature, object_label=f"#{signature.pk}",
                           extra={"petition": petition.pk})
                return Signed(signature, True)
        signature = _again(found, **extra)
        log_action(action="petition.sign_again", actor=by, obj=signature, object_label=f"#{signature.pk}",
                   extra={"petition": petition.pk})
        return Signed(signature, False)


# --- Coalitions and advocacy ---------------------------------------------------------------------------

ORG_FIELDS = ("name", "kind", "description", "website")
TARGET_FIELDS = ("name", "kind", "office", "position", "position_since", "decision_on", "outcome")


@transaction.atomic
def save_organization(*, by: Any, organization: Organization | None = None, members: Any = None,
                      **fields: Any) -> Organization:
    org = organization or Organization()
    before = snapshot(org) if org.pk else {}
    for key, value in _fields(fields, ORG_FIELDS).items():
        setattr(org, key, value)
    org.full_clean()
    org.save()
    if members is not None:
        org.members.set([m for m in members if m.pk != org.pk])
    log_action(action="organization.save", actor=by, obj=org, changes=diff(before, snapshot(org)))
    return org


@transaction.atomic
def add_contact(*, by: Any, organization: Organization, name: str, role: str = "", email: str = "",
                phone: str = "") -> OrgContact:
    return _save_new(OrgContact(organization=organization, name=clean(name, 200), role=clean(role, 200),
                                email=clean(email, 254), phone=clean(phone, 40)), by=by, action="organization.contact")


@transaction.atomic
def save_target(*, by: Any, target: Target | None = None, campaigns: Any = None, **fields: Any) -> Target:
    obj = target or Target()
    before = snapshot(obj) if obj.pk else {}
    for key, value in _fields(fields, TARGET_FIELDS).items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    if campaigns is not None:
        obj.campaigns.set(campaigns)
    log_action(action="target.save", actor=by, obj=obj, changes=diff(before, snapshot(obj)))
    return obj


@transaction.atomic
def add_meeting(*, by: Any, target: Target, on: dt.date, attendees: str, notes: str = "",
                outcome: str = "") -> Meeting:
    return _save_new(Meeting(target=target, on=on, attendees=clean(attendees, 500), notes=clean(notes, 10000),
                             outcome=clean(outcome, 5000)), by=by, action="target.meeting")

