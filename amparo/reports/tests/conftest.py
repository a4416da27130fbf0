import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_report_cache(request):
    """Each test's database starts over, and so must the reports' cache (a table in it: only for
    tests that use the database)."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("db")
        cache.clear()
    yield
    if uses_db:
        cache.clear()
