"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core.testing import sign_in


def pytest_configure(config: Any) -> None:
    """Compile the Spanish catalogues when one is missing or older than its .po file."""
    from pathlib import Path

    from django.core.management import call_command

    package = Path(__file__).parent / "amparo"
    for po in package.glob("**/locale/es/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            call_command("compilemessages", locale=["es"], verbosity=0, ignore_patterns=[".venv/*"])
            return


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    def make(role: str = Role.VOLUNTEER, **kwargs: Any) -> Any:
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def admin_user(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, full_name="Ana Administradora")


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    return sign_in(Client(), admin_user)


@pytest.fixture(autouse=True)
def _isolated_files(settings: Any, tmp_path: Any) -> None:
    """Uploaded and generated files go to a fresh folder in every test."""
    settings.MEDIA_ROOT = tmp_path / "files"
