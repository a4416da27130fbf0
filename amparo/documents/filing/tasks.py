"""Building a filing packet in the background. Takes a primary key; running it twice keeps one document.

No lock is taken anywhere: each packet reads its own documents and ``build_packet`` is pure, so
any number of workers can build packets at the same time.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django_tasks import task

from amparo.core.i18n import language as in_language
from amparo.core.tracked import track

from ..models import DocumentVersion
from ..pdf import PacketItem, PdfProblem, build_packet
from . import services
from .models import FilingPacket


def _content(version_id: int) -> bytes:
    version = DocumentVersion.objects.get(pk=version_id)
    with version.file.open("rb") as handle:
        return handle.read()


@task()
def build_filing_packet(packet_id: int) -> int | None:
    packet = FilingPacket.objects.select_related("case", "created_by").get(pk=packet_id)
    if packet.status == FilingPacket.Status.DONE:
        return packet.document_id
    FilingPacket.objects.filter(pk=packet.pk).update(status=FilingPacket.Status.RUNNING)
    with track(str(packet.progress_id) if packet.progress_id else None, "Filing packet") as run:
        run.start(total=None)
        try:
            packet = _build(packet, progress=lambda done, total: run.set(done=done, total=total))
        except PdfProblem as problem:
            with in_language(packet.created_by.language):
                message = str(problem)
            FilingPacket.objects.filter(pk=packet.pk).update(status=FilingPacket.Status.FAILED, message=message,
                                                              finished_at=timezone.now())
            run.fail(message)
            return None
        except Exception:
            FilingPacket.objects.filter(pk=packet.pk).update(status=FilingPacket.Status.FAILED,
                                                              finished_at=timezone.now())
            raise
        run.finish(message=packet.title[:500])
    return packet.document_id


def _build(packet: FilingPacket, *, progress: Callable[[int, int], None]) -> FilingPacket:
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
                       language=packet.language, progress=progress)
    return services.finish_packet(packet=packet, content=pdf)
