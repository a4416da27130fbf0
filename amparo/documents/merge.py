"""When People merges two records, the dropped person's documents become the kept person's.

``people.services.merge_people`` moves every link to the dropped person, documents included
(withdrawn ones too), and records their ids in ``Merge.moved`` so that ``undo_merge`` can put
back exactly those (documents added to the kept person since stay with the kept person). This
hook, declared in ``DocumentsConfig.merge_hooks`` (core.plugins) and run inside
the merge's (and the undo's) transaction, writes each move on the document's own timeline and
says which moved documents hold a file the kept person already has (same SHA-256), so staff can
withdraw the copy.
"""

from __future__ import annotations

from typing import Any

from amparo.core.audit import log_action

from .models import Document, DocumentVersion

MOVED_KEY = "documents.document.person"


class DocumentMergeHook:
    def before_merge(self, *, keep: Any, drop: Any, by: Any) -> None:
        documents = list(Document.objects.filter(person=drop.pk).order_by("pk"))
        if not documents:
            return
        kept_files: dict[str, int] = {}
        for sha, document_id in DocumentVersion.objects.filter(document__person=keep.pk) \
                .order_by("document_id").values_list("sha256", "document_id"):
            kept_files.setdefault(sha, document_id)
        files: dict[int, set[str]] = {}
        for document_id, sha in DocumentVersion.objects.filter(document__in=documents) \
                .values_list("document_id", "sha256"):
            files.setdefault(document_id, set()).add(sha)
        for document in documents:
            same = sorted({kept_files[sha] for sha in files.get(document.pk, ()) if sha in kept_files})
            log_action(action="document.owner.merge", actor=by, obj=document,
                       changes={"person": [drop.pk, keep.pk]},
                       extra={"kept": keep.pk, "dropped": drop.pk, "withdrawn": document.deleted_at is not None,
                              "same_file_as": same})

    def after_undo(self, *, merge: Any, by: Any) -> None:
        ids = merge.moved.get(MOVED_KEY, [])
        for document in Document.objects.filter(pk__in=ids, person=merge.dropped_id).order_by("pk"):
            log_action(action="document.owner.merge.undo", actor=by, obj=document,
                       changes={"person": [merge.kept_id, merge.dropped_id]},
                       extra={"kept": merge.kept_id, "restored": merge.dropped_id, "merge": merge.pk})
