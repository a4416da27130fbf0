"""Building a filing packet in the background. Takes a primary key; running it twice keeps one document.

No lock is taken anywhere: each packet reads its own documents and ``build_packet`` is pure, so
any number of workers can build packets at the same time.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from amparo.core import services as core_services
from amparo.core.i18n import language as in_language
from amparo.core.models import TaskProgress

from ..models import DocumentVersion
from ..pdf import PacketItem, PdfProblem, build_packet
from . import services
from .models import FilingPacket

log = logging.getLogger(__name__)


def _content(version_id: int) -> bytes:
    version = DocumentVersion.objects.get(pk=version_id)
    with version.file.open("rb") as handle:
        return handle.read()


@task()
def build_filing_packet(packet_id: int) -> int | None:
    packet = FilingPacket.objects.select_related("case", "created_by").get(pk=packet_id)
    if packet.status == FilingPacket.Status.DONE:
        return packet.document_id
    progress_id = str(packet.progress_id) if packet.progress_id else None
    FilingPacket.objects.filter(pk=packet.pk).update(status=FilingPacket.Status.RUNNING)
    if progress_id:
        core_services.progress_running(progress_id, total=None)

    def report(done: int, total: int) -> None:
        if progress_id:
            TaskProgress.objects.filter(pk=progress_id).update(done=done, total=total, updated_at=timezone.now())

    try:
        cover = None
        forms: list[PacketItem] = []
        exhibits: list[PacketItem] = []
        for item in packet.items:
            content = _content(item["version"])
            if item["role"] == "cover":
                cover = content
            elif item["role"] == "form":
                forms.append(PacketItem(title=item["title"], content=content))
            else:
                exhibits.append(PacketItem(title=item["title"], content=content))
        pdf = build_packet(cover=cover, forms=forms, exhibits=exhibits, title=packet.title,
                           language=packet.language, progress=report)
        packet = services.finish_packet(packet=packet, content=pdf)
    except PdfProblem as problem:
        with in_language(packet.created_by.language):
            message = str(problem)
        FilingPacket.objects.filter(pk=packet.pk).update(status=FilingPacket.Status.FAILED, message=message,
                                                          finished_at=timezone.now())
        if progress_id:
            core_services.progress_fail(progress_id, message=message)
        return None
    except Exception:
        log.exception("Filing packet %s failed", packet_id)
        FilingPacket.objects.filter(pk=packet.pk).update(status=FilingPacket.Status.FAILED, finished_at=timezone.now())
        if progress_id:
            core_services.progress_fail(progress_id, message="error")
        raise
    if progress_id:
        core_services.progress_finish(progress_id, message=packet.title[:500])
    return packet.document_id
