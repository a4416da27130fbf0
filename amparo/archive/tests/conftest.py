from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from amparo.archive import services
from amparo.archive.models import ActType

REPO = Path(__file__).resolve().parents[3]
MUC3 = REPO.parent / "shared/data/muc3/dev"


@pytest.fixture
def muc3_dir() -> Path:
    if not MUC3.is_dir():
        pytest.skip(f"MUC-3 reports not found at {MUC3}")
    return MUC3


@pytest.fixture
def muc3_sample(tmp_path: Path, muc3_dir: Path) -> Path:
    """A folder with some real reports (including the Jesuit and Atlacatl ones)."""
    folder = tmp_path / "muc3"
    folder.mkdir()
    names = sorted(p.name for p in muc3_dir.glob("*.xhtml"))
    wanted = set(names[:40]) | {"DEV-MUC3-0088.xhtml", "DEV-MUC3-0990.xhtml", "DEV-MUC3-0841.xhtml"}
    for name in wanted:
        (folder / name).write_bytes((muc3_dir / name).read_bytes())
    return folder


@pytest.fixture
def accountability(db: Any) -> dict[str, Any]:
    """A unit with a dated commander, a sub-unit, and acts certainly and possibly in his tenure."""
    system = None
    unit = services.actor_save(by=system, data={"kind": "unit", "name": "Batallón Atlácatl", "access": "public",
                                                "aliases": "BIRI Atlacatl\nAtlacatl Battalion"})
    company = services.actor_save(by=system, data={"kind": "unit", "name": "Compañía de comandos",
                                                   "parent": unit, "access": "public"})
    colonel = services.actor_save(by=system, data={"kind": "person", "name": "Coronel Domingo Monterrosa",
                                                   "access": "public"})
    services.career_save(by=system, data={"person": colonel, "unit": unit, "rank": "Teniente coronel",
                                          "position": "Comandante", "is_command": True, "start": "1980-06",
                                          "end": "1981-04", "access": "public"})
    source = services.source_save(by=system, data={
        "identifier": "TEST-EM-1981", "source_type": _type("report"), "title": "Testimonio sobre El Mozote",
        "date": "1981-12", "language": "es", "text": "Los soldados del batallón mataron a Rufina Amaya.",
        "access": "public"})
    victim = services.actor_save(by=system, data={"kind": "person", "name": "Rufina Amaya", "access": "public"})
    event = services.event_save(by=system, data={"title": "Masacre en Morazán", "date": "1981-03",
                                                 "access": "public"}, sources=[source])
    certain = services.act_save(by=system, data={"event": event, "act_type": ActType.objects.get(code="massacre"),
                                                 "date": "1981-03", "victim": victim, "source": source,
                                                 "access": "public"}, perpetrators=[(unit, "direct")])
    possible = services.act_save(by=system, data={"event": event, "act_type": ActType.objects.get(code="torture"),
                                                  "date": "1981-04", "victim_description": "un catequista",
                                                  "source": source, "access": "public"},
                                 perpetrators=[(company, "direct")])
    outside = services.act_save(by=system, data={"event": event, "act_type": ActType.objects.get(code="killing"),
                                                 "date": "1982-01-10", "source": source, "access": "public"},
                                perpetrators=[(unit, "direct")])
    return {"unit": unit, "company": company, "colonel": colonel, "source": source, "event": event,
            "certain": certain, "possible": possible, "outside": outside, "victim": victim}


def _type(code: str) -> Any:
    from amparo.archive.models import SourceType

    return SourceType.objects.get(code=code)
