import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_report_cache():
    """Each test's database starts over, and so must the reports' cache."""
    cache.clear()
    yield
    cache.clear()
