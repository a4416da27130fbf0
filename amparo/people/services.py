"""Writes of people. Every function: keyword-only arguments, one transaction, one audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import diff, log_action, snapshot
from amparo.core.encryption import lookup_hash
from amparo.core.exceptions import ConcurrentEdit
from amparo.core.partial_dates import PartialDate

from . import linkage, matching
from .identifiers import normalize_a_number, normalize_ssn
from .models import (
    ConflictCheck,
    ContactPoint,
    DuplicateCandidate,
    FittedModel,
    Intake,
    Merge,
    OtherName,
    Person,
    PersonKey,
    Relationship,
)

PERSON_FIELDS = (
    "given_names", "first_surname", "second_surname", "preferred_name", "sex", "gender", "pronouns",
    "country_of_birth", "nationalities", "languages", "preferred_language", "notes",
)


# --- Matching keys -------------------------------------------------------------------------------

def person_record(person: Person) -> matching.Record:
    phones = [c.value for c in person.contacts.all() if c.kind == ContactPoint.Kind.PHONE]
    address = person.addresses.order_by("until", "-since", "-id").first()
    return matching.make_record(
        person.pk, given_names=person.given_names, first_surname=person.first_surname,
        second_surname=person.second_surname, preferred_name=person.preferred_name,
        other_names=[(o.kind, o.given_names, o.first_surname, o.second_surname) for o in person.other_names.all()],
        birth=person.birth_date, birth_precision=person.birth_precision, phones=phones,
        identifier=person.a_number_hash, postcode=address.postcode if address else "",
        street=address.street if address else "", city=address.city if address else "",
    )


def refresh_keys(person: Person) -> None:
    """Recompute a person's stored matching data and blocking keys (inside the caller's transaction)."""
    record = person_record(person)
    Person.objects.filter(pk=person.pk).update(match_data=record.to_data())
    person.match_data = record.to_data()
    PersonKey.objects.filter(person=person).delete()
    if person.merged_into_id is None:
        PersonKey.objects.bulk_create([PersonKey(person=person, key=k) for k in sorted(matching.block_keys(record))])


# --- People ------------------------------------------------------------------------------------

def _apply_fields(person: Person, fields: Mapping[str, Any]) -> None:
    for name in PERSON_FIELDS:
        if name in fields:
            setattr(person, name, (fields[name] or "").strip() if isinstance(fields[name], str) or
                    fields[name] is None else fields[name])
    if "birth" in fields:
        birth: PartialDate | None = fields["birth"]
        person.birth_date = birth.date if birth else None
        person.birth_precision = birth.precision if birth else "day"
        person.birth_approximate = birth.approximate if birth else False
    if "a_number" in fields:
        person.a_number = normalize_a_number(fields["a_number"])
        person.a_number_hash = lookup_hash(person.a_number)
    if "ssn" in fields:
        person.ssn = normalize_ssn(fields["ssn"])
        person.ssn_hash = lookup_hash(person.ssn)
    if not (person.given_names or "").strip():
        raise ValidationError({"given_names": _("Enter at least a given name.")})


def _add_contacts(person: Person, contacts: Iterable[Mapping[str, Any]]) -> None:
    for contact in contacts:
        value = (contact.get("value") or "").strip()
        if not value:
            continue
        kind = contact.get("kind", ContactPoint.Kind.PHONE)
        normalized = matching.normalize_phone(value) if kind == ContactPoint.Kind.PHONE else value.lower()
        if person.contacts.filter(kind=kind, normalized=normalized).exists():
            continue
        texts_ok = bool(contact.get("texts_ok"))
        person.contacts.create(kind=kind, value=value, normalized=normalized, label=contact.get("label", ""),
                               texts_ok=texts_ok, texts_consent_at=timezone.now() if texts_ok else None,
                               is_primary=not person.contacts.exists())


def _add_children(person: Person, *, other_names: Iterable[Mapping[str, Any]] = (),
                  contacts: Iterable[Mapping[str, Any]] = (), addresses: Iterable[Mapping[str, Any]] = (),
                  arrivals: Iterable[Mapping[str, Any]] = (), trips: Iterable[Mapping[str, Any]] = ()) -> None:
    for name in other_names:
        if any((name.get(k) or "").strip() for k in ("given_names", "first_surname", "second_surname")):
            person.other_names.create(**{k: (name.get(k) or "").strip() for k in
                                         ("kind", "given_names", "first_surname", "second_surname", "note")
                                         if k in name})
    _add_contacts(person, contacts)
    for address in addresses:
        if (address.get("street") or "").strip():
            person.addresses.create(**{k: v for k, v in address.items() if v not in (None,)})
    for arrival in arrivals:
        when: PartialDate | None = arrival.get("when")
        if when is None and not arrival.get("place") and arrival.get("manner", "unknown") == "unknown":
            continue
        person.arrivals.create(
            date=when.date if when else None, date_precision=when.precision if when else "day",
            date_approximate=when.approximate if when else False, manner=arrival.get("manner") or "unknown",
            place=arrival.get("place", ""), apprehended=arrival.get("apprehended") or "unknown",
            note=arrival.get("note", ""),
        )
    for trip in trips:
        left, back = trip.get("left"), trip.get("back")
        if left is None and back is None:
            continue
        person.trips.create(departed=left.date if left else None, departed_precision=left.precision if left else "day",
                            returned=back.date if back else None,
                            returned_precision=back.precision if back else "day",
                            destination=trip.get("destination", ""))


@transaction.atomic
def create_person(*, by: Any, fields: Mapping[str, Any], other_names: Sequence[Mapping[str, Any]] = (),
                  contacts: Sequence[Mapping[str, Any]] = (), addresses: Sequence[Mapping[str, Any]] = (),
                  arrivals: Sequence[Mapping[str, Any]] = (), trips: Sequence[Mapping[str, Any]] = ()) -> Person:
    person = Person(created_by=by)
    _apply_fields(person, fields)
    person.save()
    _add_children(person, other_names=other_names, contacts=contacts, addresses=addresses, arrivals=arrivals,
                  trips=trips)
    refresh_keys(person)
    log_action(action="person.create", actor=by, obj=person, changes=diff({}, snapshot(person)))
    return person


@transaction.atomic
def update_person(*, person: Person, by: Any, fields: Mapping[str, Any], version: int | None = None,
                  other_names: Sequence[Mapping[str, Any]] = (), contacts: Sequence[Mapping[str, Any]] = (),
                  addresses: Sequence[Mapping[str, Any]] = (), arrivals: Sequence[Mapping[str, Any]] = (),
                  trips: Sequence[Mapping[str, Any]] = ()) -> Person:
    """Change a person; ``version`` is the one the form was opened with (concurrent edits are refused)."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if version is not None and locked.version != version:
        raise ConcurrentEdit(version)
    before = snapshot(locked)
    _apply_fields(locked, fields)
    locked.version += 1
    locked.save()
    _add_children(locked, other_names=other_names, contacts=contacts, addresses=addresses, arrivals=arrivals,
                  trips=trips)
    refresh_keys(locked)
    log_action(action="person.update", actor=by, obj=locked, changes=diff(before, snapshot(locked)))
    return locked


@transaction.atomic
def add_relationship(*, person: Person, other: Person, kind: str, by: Any, since: dt.date | None = None,
                     until: dt.date | None = None, note: str = "") -> Relationship:
    if person.pk == other.pk:
        raise ValidationError(_("A person cannot be related to themselves."))
    rel = Relationship.objects.create(person=person, other=other, kind=kind, since=since, until=until, note=note)
    log_action(action="person.relationship.add", actor=by, obj=person,
               extra={"other": other.pk, "kind": kind, "relationship": rel.pk})
    return rel


@transaction.atomic
def set_restriction(*, person: Person, restricted: bool, offices: Iterable[Any], by: Any,
                    hidden: bool | None = None) -> Person:
    """Restrict a person's file to some offices or teams (legal cases call this for asylum,
    VAWA/T/U, SIJS and minors), or lift the restriction. ``hidden`` also keeps the person herself
    out of sight of everyone else (``None``: as it was); lifting the restriction lifts it too."""
    offices = list(offices)
    if restricted and not offices:
        raise ValidationError(_("Choose at least one office or team that may see this person."))
    before = {"restricted": person.restricted, "hidden": person.hidden,
              "offices": sorted(person.allowed_offices.values_list("pk", flat=True))}
    person.restricted = restricted
    person.hidden = restricted and (person.hidden if hidden is None else hidden)
    person.save(update_fields=["restricted", "hidden", "updated_at"])
    person.allowed_offices.set(offices if restricted else [])
    after = {"restricted": restricted, "hidden": person.hidden,
             "offices": sorted(o.pk for o in offices) if restricted else []}
    log_action(action="person.restriction", actor=by, obj=person, changes=diff(before, after))
    return person


# --- Conflict check and intake --------------------------------------------------------------------

@transaction.atomic
def record_conflict_check(*, by: Any, searched: Mapping[str, Any], matches: Any,
                          person: Person | None = None) -> ConflictCheck:
    """Keep the result of a conflict check (``matches`` is a ``selectors.IntakeMatches``)."""
    findings = [
        {"person": c["person"].pk, "score": c["match"].score, "reasons": list(c["match"].reasons),
         "kind": c["kind"], "client": c["client"].pk if c.get("client") else None}
        for c in matches.conflicts
    ]
    check = ConflictCheck.objects.create(
        person=person, searched=dict(searched), result=matches.result, findings=findings,
        hidden_findings=matches.hidden_conflict, checked_by=by,
    )
    log_action(action="conflict.check", actor=by, obj=check, object_label=str(check.get_result_display()),
               extra={"result": check.result, "findings": len(findings), "hidden": matches.hidden_conflict,
                      "person": person.pk if person else None})
    return check


@transaction.atomic
def waive_conflict(*, check: ConflictCheck, by: Any, reason: str) -> ConflictCheck:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the conflict is waived.")})
    if check.result != ConflictCheck.Result.POSSIBLE:
        raise ValidationError(_("Only a possible conflict can be waived."))
    check.result = ConflictCheck.Result.WAIVED
    check.waived_by = by
    check.waived_at = timezone.now()
    check.waiver_reason = reason
    check.save(update_fields=["result", "waived_by", "waived_at", "waiver_reason"])
    log_action(action="conflict.waive", actor=by, obj=check, changes={"result": ["possible", "waived"]},
               extra={"reason": reason})
    return check


@transaction.atomic
def take_intake(*, by: Any, person: Person | None, fields: Mapping[str, Any], needs: Sequence[str],
                notes: str = "", check: ConflictCheck | None = None,
                other_names: Sequence[Mapping[str, Any]] = (), contacts: Sequence[Mapping[str, Any]] = (),
                addresses: Sequence[Mapping[str, Any]] = (), arrivals: Sequence[Mapping[str, Any]] = (),
                trips: Sequence[Mapping[str, Any]] = (),
                relatives: Sequence[Mapping[str, Any]] = ()) -> Intake:
    """A walk-in: create the person (or add to the one chosen), their family and history, and
    keep the intake with its conflict check."""
    children = {"other_names": other_names, "contacts": contacts, "addresses": addresses,
                "arrivals": arrivals, "trips": trips}
    if person is None:
        person = create_person(by=by, fields=fields, **children)
        created = True
    else:
        blanks = {k: v for k, v in fields.items() if v and not getattr(person, k, None) and k in PERSON_FIELDS}
        person = update_person(person=person, by=by, fields=blanks, **children)
        created = False
    housemates: list[tuple[Person, str]] = []
    for relative in relatives:
        other = relative.get("person")
        if other is None:
            other = create_person(by=by, fields={k: relative.get(k, "") for k in
                                                 ("given_names", "first_surname", "second_surname")} |
                                  {"birth": relative.get("birth")})
        add_relationship(person=person, other=other, kind=relative["kind"], by=by)
        if relative.get("household"):
            housemates.append((other, relative["kind"]))
    if housemates:
        from .households import add_relatives_to_household

        add_relatives_to_household(person=person, relatives=housemates, by=by)
    if check is not None and check.person_id is None:
        check.person = person
        check.save(update_fields=["person"])
    intake = Intake.objects.create(person=person, needs=list(needs), notes=notes, conflict_check=check, by=by)
    log_action(action="person.intake", actor=by, obj=person,
               extra={"intake": intake.pk, "new_person": created, "needs": list(needs),
                      "conflict_check": check.pk if check else None,
                      "conflict": check.result if check else None})
    return intake


# --- Merge and undo ---------------------------------------------------------------------------

SKIP_RELATIONS = {(DuplicateCandidate, "first"), (DuplicateCandidate, "second"), (Merge, "kept"),
                  (Merge, "dropped"), (PersonKey, "person"), (Person, "merged_into")}
# Modules whose links to a person need more than moving (legal: a case has one party row per
# person and role) declare an object with before_merge(*, keep, drop, by) and
# after_undo(*, merge, by) as ``merge_hooks`` on their AppConfig; core.plugins fills this in.
MERGE_HOOKS: dict[str, Any] = {}
FILLABLE = ("preferred_name", "sex", "gender", "pronouns", "country_of_birth", "nationalities", "languages",
            "a_number", "a_number_hash", "ssn", "ssn_hash", "birth_date", "birth_precision", "notes")


def _links(person: Person) -> Iterable[tuple[type[models.Model], str]]:
    """Every foreign key, in any app, that points at a person (so a merge moves links
    added by modules written later, such as legal cases)."""
    for rel in Person._meta.related_objects:
        if rel.many_to_many:
            continue
        if (rel.related_model, rel.field.name) in SKIP_RELATIONS:
            continue
        yield rel.related_model, rel.field.name


@transaction.atomic
def merge_people(*, keep: Person, drop: Person, by: Any) -> Merge:
    """Merge ``drop`` into ``keep``: every link moves, nothing is lost, and it can be undone."""
    if keep.pk == drop.pk or drop.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("These records cannot be merged."))
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    drop = Person.objects.select_for_update().get(pk=drop.pk)
    before = snapshot(keep)
    for hook in MERGE_HOOKS.values():
        hook.before_merge(keep=keep, drop=drop, by=by)
    moved: dict[str, list[int]] = {}
    for model, field_name in _links(drop):
        ids = list(model._default_manager.filter(**{field_name: drop}).values_list("pk", flat=True))
        if ids:
            model._default_manager.filter(pk__in=ids).update(**{field_name: keep})
            moved[f"{model._meta.label_lower}.{field_name}"] = ids
    filled: dict[str, Any] = {}
    for name in FILLABLE:
        if not getattr(keep, name) and getattr(drop, name):
            filled[name] = getattr(keep, name)
            setattr(keep, name, getattr(drop, name))
    if "birth_date" not in filled and keep.birth_date and drop.birth_date and \
            keep.birth_precision != "day" and drop.birth_precision == "day" and \
            keep.birth_date.year == drop.birth_date.year:
        filled.update(birth_date=keep.birth_date, birth_precision=keep.birth_precision)
        keep.birth_date, keep.birth_precision = drop.birth_date, drop.birth_precision
    added = None
    if matching.name_tokens(drop.full_name) != matching.name_tokens(keep.full_name):
        added = keep.other_names.create(kind=OtherName.Kind.OTHER, given_names=drop.given_names,
                                        first_surname=drop.first_surname, second_surname=drop.second_surname,
                                        note=_("From merged record %(id)s") % {"id": drop.pk})
    restriction = {"restricted": keep.restricted, "hidden": keep.hidden,
                   "offices": list(keep.allowed_offices.values_list("pk", flat=True))}
    if drop.restricted:  # the stricter record's protection carries over
        keep.restricted = True
        keep.hidden = keep.hidden or drop.hidden
        keep.allowed_offices.add(*drop.allowed_offices.all())
    keep.version += 1
    keep.save()
    drop.merged_into = keep
    drop.save(update_fields=["merged_into", "updated_at"])
    merge = Merge.objects.create(kept=keep, dropped=drop, moved=moved, filled={k: _json(v) for k, v in filled.items()},
                                 added_other_name=added, kept_restriction=restriction, by=by)
    DuplicateCandidate.objects.filter(
        models.Q(first=keep, second=drop) | models.Q(first=drop, second=keep)
    ).update(status=DuplicateCandidate.Status.MERGED, decided_by=by)
    refresh_keys(keep)
    refresh_keys(drop)
    log_action(action="person.merge", actor=by, obj=keep, changes=diff(before, snapshot(keep)),
               extra={"merge": merge.pk, "dropped": drop.pk, "moved": {k: len(v) for k, v in moved.items()}})
    return merge


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def undo_merge(*, merge: Merge, by: Any) -> Merge:
    """Put everything back where it was before ``merge`` (links added since stay with the kept person)."""
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    keep = Person.objects.select_for_update().get(pk=merge.kept_id)
    drop = Person.objects.select_for_update().get(pk=merge.dropped_id)
    before = snapshot(keep)
    from django.apps import apps

    for label, ids in merge.moved.items():
        app_model, field_name = label.rsplit(".", 1)
        model = apps.get_model(app_model)
        model._default_manager.filter(pk__in=ids, **{field_name: keep}).update(**{field_name: drop})
    for hook in MERGE_HOOKS.values():
        hook.after_undo(merge=merge, by=by)
    for name, old in merge.filled.items():
        field = Person._meta.get_field(name)
        setattr(keep, name, field.to_python(old) if old not in (None, "") else old)
    if merge.added_other_name_id:
        OtherName.objects.filter(pk=merge.added_other_name_id).delete()
    keep.restricted = merge.kept_restriction.get("restricted", keep.restricted)
    keep.hidden = merge.kept_restriction.get("hidden", keep.hidden and keep.restricted)
    keep.allowed_offices.set(merge.kept_restriction.get("offices", []))
    keep.version += 1
    keep.save()
    drop.merged_into = None
    drop.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.save(update_fields=["undone_at", "undone_by"])
    DuplicateCandidate.objects.filter(
        models.Q(first=keep, second=drop) | models.Q(first=drop, second=keep)
    ).update(status=DuplicateCandidate.Status.OPEN, decided_by=None)
    refresh_keys(keep)
    refresh_keys(drop)
    log_action(action="person.merge.undo", actor=by, obj=keep, changes=diff(before, snapshot(keep)),
               extra={"merge": merge.pk, "restored": drop.pk})
    return merge


@transaction.atomic
def mark_not_duplicate(*, candidate: DuplicateCandidate, by: Any) -> DuplicateCandidate:
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.decided_by = by
    candidate.save(update_fields=["status", "decided_by"])
    log_action(action="person.duplicate.distinct", actor=by, obj=candidate.first,
               extra={"other": candidate.second_id})
    return candidate


def save_duplicate_pairs(pairs: Iterable[Sequence[Any]], *, model_version: int | None = None) -> int:
    """Store pairs found by a duplicate pass (from a task: idempotent; decisions are kept: a pair
    marked merged or "different people" is never suggested again). Each pair is
    (first id, second id, score, reasons) or the same with the field-by-field weights."""
    count = 0
    batch: list[DuplicateCandidate] = []
    decided = {(a, b) for a, b in DuplicateCandidate.objects.exclude(status=DuplicateCandidate.Status.OPEN)
               .values_list("first_id", "second_id")}
    for a, b, score, reasons, *rest in pairs:
        a, b = (a, b) if a < b else (b, a)
        if (a, b) in decided:
            continue
        batch.append(DuplicateCandidate(first_id=a, second_id=b, score=score, reasons=list(reasons),
                                        weights=list(rest[0]) if rest else [], model_version=model_version))
        count += 1
        if len(batch) >= 1000:
            _upsert(batch)
            batch = []
    _upsert(batch)
    return count


def _upsert(batch: list[DuplicateCandidate]) -> None:
    if batch:
        DuplicateCandidate.objects.bulk_create(batch, update_conflicts=True, unique_fields=["first", "second"],
                                               update_fields=["score", "reasons", "weights", "model_version",
                                                              "found_at"])


@transaction.atomic
def start_duplicate_pass(*, by: Any) -> Any:
    from amparo.core.models import TaskProgress

    from .tasks import duplicate_pass

    progress = TaskProgress.objects.create(owner=by, kind="people.duplicates", label=_("Find duplicate people"))
    log_action(action="person.duplicates.start", actor=by, obj=progress)
    transaction.on_commit(lambda: duplicate_pass.enqueue(str(progress.pk)))
    return progress


@transaction.atomic
def start_export(*, by: Any, query: str = "") -> Any:
    from amparo.core.models import TaskProgress

    from .tasks import export_people_csv

    progress = TaskProgress.objects.create(owner=by, kind="people.export", label="people.csv")
    log_action(action="person.export", actor=by, obj=progress, extra={"query": bool(query)})
    transaction.on_commit(lambda: export_people_csv.enqueue(str(progress.pk), query))
    return progress


# --- The linkage model -----------------------------------------------------------------------------

_MODELS: dict[int, linkage.Model] = {}


def current_model() -> tuple[FittedModel | None, linkage.Model]:
    """The newest fitted model (loaded once per process and version), or the default one. A model
    stored with other comparison levels (another schema) is not read: the next pass fits anew."""
    row = FittedModel.objects.filter(parameters__schema=linkage.SCHEMA).defer("parameters").first()
    if row is None:
        return None, linkage.default_model()
    if row.version not in _MODELS:
        stored = FittedModel.objects.get(pk=row.pk)
        _MODELS.clear()
        _MODELS[row.version] = linkage.Model.from_json(stored.parameters, stored.description)
    return row, _MODELS[row.version]


@transaction.atomic
def store_model(model: linkage.Model, *, by: Any = None) -> FittedModel:
    """Keep ``model`` as the next version (the old versions stay, for pairs found with them)."""
    last = FittedModel.objects.select_for_update().order_by("-version").values_list("version", flat=True).first()
    row = FittedModel.objects.create(version=(last or 0) + 1, parameters=model.to_json(),
                                     description=model.description, created_by=by)
    log_action(action="person.linkage.fit", actor=by, obj=row,
               extra={"version": row.version, "records": model.description.get("records")})
    return row


REFIT_GROWTH = 0.25  # the pass fits a new model when the people on file changed by this share


def model_for_pass(records: Sequence[matching.Record], *, workers: int = 1,
                   by: Any = None) -> tuple[int | None, linkage.Model]:
    """The model a duplicate pass uses: the stored one while the people on file are about those
    it was fitted on; a new fit (stored as the next version) when there is none or they changed
    by a quarter; the default parameters when there are too few people to fit."""
    row, model = current_model()
    fitted_on = (row.description.get("records") or 0) if row else 0
    if len(records) >= linkage.MIN_RECORDS_TO_FIT and (
            row is None or abs(len(records) - fitted_on) > REFIT_GROWTH * max(fitted_on, 1)):
        model = linkage.fit(records, workers=workers)
        row = store_model(model, by=by)
    return (row.version if row else None), model.for_population(max(len(records), linkage.MIN_RECORDS_TO_FIT))
