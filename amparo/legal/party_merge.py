"""When People merges two records that are both parties to the same case, the case keeps one
party row per role for the person: a dropped row joins the kept row of the same role, or else
the kept person's strongest row, which takes the stronger role (a principal client outranks a
derivative, a derivative any other role, any role the adverse party); notes are combined.
The dropped person's rows in that case leave the party list but are kept, with the kept rows as
they were, in ``PartyMerge`` — so the case's history stays whole and
``people.services.undo_merge`` puts everything back. Each case changed is audited on its own
timeline.

Declared in ``LegalConfig.merge_hooks`` (core.plugins puts it in ``people.services.MERGE_HOOKS``);
runs inside the merge's (and the undo's) transaction.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from amparo.core.audit import log_action

from .kinds import PartyRole
from .models import CaseParty, PartyMerge

STRENGTH = {role: rank for rank, role in enumerate((
    PartyRole.PRINCIPAL, PartyRole.SPOUSE, PartyRole.CHILD, PartyRole.BENEFICIARY, PartyRole.PETITIONER,
    PartyRole.SPONSOR, PartyRole.GUARDIAN, PartyRole.OTHER, PartyRole.ADVERSE))}


def _strongest(rows: list[CaseParty]) -> CaseParty:
    return min(rows, key=lambda r: (STRENGTH.get(r.role, len(STRENGTH)), r.pk))


class PartyMergeHook:
    def before_merge(self, *, keep: Any, drop: Any, by: Any) -> None:
        shared = set(CaseParty.objects.filter(person=keep.pk).values_list("case_id", flat=True)) & set(
            CaseParty.objects.filter(person=drop.pk).values_list("case_id", flat=True))
        for case_id in sorted(shared):
            rows = list(CaseParty.objects.select_for_update().select_related("case").filter(
                case_id=case_id, person__in=[keep.pk, drop.pk]).order_by("pk"))
            kept = [r for r in rows if r.person_id == keep.pk]
            dropped = [r for r in rows if r.person_id == drop.pk]
            record = PartyMerge.objects.create(
                case_id=case_id, kept_person_id=keep.pk, dropped_person_id=drop.pk,
                kept_rows=[{"id": r.pk, "role": r.role, "note": r.note} for r in kept],
                dropped_rows=[{"id": r.pk, "role": r.role, "note": r.note, "added_at": r.added_at.isoformat()}
                              for r in dropped])
            by_role = {r.role: r for r in kept}
            strongest = _strongest(kept)
            before = {r.pk: r.role for r in kept}
            CaseParty.objects.filter(pk__in=[r.pk for r in dropped]).delete()
            for row in dropped:
                target = by_role.get(row.role, strongest)
                if target is strongest and STRENGTH.get(row.role, 99) < STRENGTH.get(strongest.role, 99):
                    target.role = row.role
                if row.note and row.note not in target.note:
                    target.note = "; ".join(n for n in (target.note, row.note) if n)[:200]
            for row in kept:
                CaseParty.objects.filter(pk=row.pk).update(role=row.role, note=row.note)
            changes = {"role": [before[strongest.pk], strongest.role]} if strongest.role != before[strongest.pk] else {}
            log_action(action="case.party.merge", actor=by, obj=rows[0].case, changes=changes,
                       extra={"kept": keep.pk, "dropped": drop.pk, "record": record.pk, "role": strongest.role,
                              "dropped_roles": [r.role for r in dropped]})

    def after_undo(self, *, merge: Any, by: Any) -> None:
        records = PartyMerge.objects.select_related("case").filter(
            kept_person_id=merge.kept_id, dropped_person_id=merge.dropped_id, undone_at__isnull=True)
        for record in records:
            for row in record.kept_rows:
                CaseParty.objects.filter(pk=row["id"]).update(role=row["role"], note=row["note"])
            restored = []
            for row in record.dropped_rows:
                if CaseParty.objects.filter(case=record.case, person=record.dropped_person_id,
                                            role=row["role"]).exists():
                    continue
                party = CaseParty.objects.create(id=row["id"], case=record.case, person_id=record.dropped_person_id,
                                                 role=row["role"], note=row["note"])
                CaseParty.objects.filter(pk=party.pk).update(added_at=parse_datetime(row["added_at"]))
                restored.append(row["role"])
            record.undone_at = timezone.now()
            record.save(update_fields=["undone_at"])
            log_action(action="case.party.merge.undo", actor=by, obj=record.case,
                       extra={"kept": merge.kept_id, "restored": merge.dropped_id, "roles": restored,
                              "record": record.pk})
