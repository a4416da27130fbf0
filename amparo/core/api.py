import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from .api_errors import one_of, responses
from .models import AuditEntry, TaskProgress
from .paging import MAX_PAGE, Id
from .permissions import get_visible_or_404, require
from .selectors import audit_entries

router = Router(tags=["core"])


class TaskOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    status: one_of(TaskProgress.Status)  # type: ignore[valid-type]
    done: int
    total: int | None
    percent: int | None
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


class AuditOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object: str
    changes: dict[str, Any]
    ip_address: str | None

    @staticmethod
    def resolve_actor(obj: AuditEntry) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_object(obj: AuditEntry) -> str:
        return obj.object_label


class AuditQuery(Schema):
    actor: Id | None = None
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class AuditPages(PageNumberPagination):
    """Pages of 100, numbered from 1 to a bound (a page past the end is empty, never an error)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)


@router.get("/tasks/{task_id}", response=responses({200: TaskOut}, 404, 422),
            summary="Progress of a background task you started")
def get_task(request: HttpRequest, task_id: uuid.UUID) -> TaskProgress:
    return get_visible_or_404(request.user, TaskProgress.objects, pk=task_id)


@router.get("/audit", response=responses({200: list[AuditOut]}, 404, 422), summary="The audit trail (administrators)")
@paginate(AuditPages, page_size=100, max_page_size=100)
def list_audit(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    require(request.user, "audit.view")
    return audit_entries(request.user, filters.dict())  # type: ignore[arg-type]
