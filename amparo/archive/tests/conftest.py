from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from amparo.archive.tests.factories import build_accountability_example

REPO = Path(__file__).resolve().parents[3]
MUC3 = REPO.parent / "shared/data/muc3/dev"


@pytest.fixture
def muc3_dir() -> Path:
    if not MUC3.is_dir():
        reason = f"MUC-3 REPORTS NOT FOUND at {MUC3}: the shared data must sit beside the repository"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
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
    return build_accountability_example()
