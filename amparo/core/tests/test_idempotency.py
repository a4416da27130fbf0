"""Idempotency-Key: a money-moving request sent twice, or twice at once, does its work once."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time

import pytest
from django.db import connections
from django.test import RequestFactory
from django.utils import timezone, translation

from amparo.accounts.roles import Role
from amparo.core import idempotency
from amparo.core.idempotency import idempotent
from amparo.core.models import IdempotencyKey
from amparo.core.testing import require_postgresql

PATH = "/api/v1/loans/7/repayments"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _request(user, body=None, key="key-1", path=PATH):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    request = RequestFactory().post(path, data=json.dumps(body or {"amount": "25.00"}),
                                    content_type="application/json", **headers)
    request.user = user
    return request


class Work:
    """The money-moving work: counts how often it really ran."""

    def __init__(self, status=201, pause=0.0):
        self.times = 0
        self.status = status
        self.pause = pause
        self.lock = threading.Lock()

    def __call__(self):
        time.sleep(self.pause)
        with self.lock:
            self.times += 1
            return self.status, {"receipt": f"R-{self.times}", "amount": "25.00"}


@pytest.mark.django_db
def test_without_the_header_every_request_does_its_work(make_user):
    user, work = make_user(Role.LOAN_OFFICER), Work()
    idempotent(_request(user, key=None), scope="loans.repayment:7", run=work)
    idempotent(_request(user, key=None), scope="loans.repayment:7", run=work)
    assert work.times == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_a_repeat_gets_the_first_answer_and_the_work_is_not_done_again(make_user):
    user, work = make_user(Role.LOAN_OFFICER), Work()
    first = idempotent(_request(user), scope="loans.repayment:7", run=work)
    again = idempotent(_request(user), scope="loans.repayment:7", run=work)
    assert first == again == (201, {"receipt": "R-1", "amount": "25.00"})
    assert work.times == 1


@pytest.mark.django_db
def test_a_refusal_is_also_the_answer_to_its_repeats(make_user):
    user = make_user(Role.LOAN_OFFICER)
    refused = Work(status=422)
    assert idempotent(_request(user), scope="s", run=refused)[0] == 422
    assert idempotent(_request(user), scope="s", run=refused)[0] == 422
    assert refused.times == 1


@pytest.mark.django_db
def test_the_same_key_for_a_different_request_is_refused_and_nothing_runs(make_user):
    user, work = make_user(Role.LOAN_OFFICER), Work()
    idempotent(_request(user), scope="loans.repayment:7", run=work)
    status, body = idempotent(_request(user, body={"amount": "250.00"}), scope="loans.repayment:7", run=work)
    assert status == 422 and "different request" in body["detail"]
    status, _body = idempotent(_request(user, path="/api/v1/loans/8/repayments"), scope="loans.repayment:8",
                               run=work)
    assert status == 422
    assert work.times == 1


@pytest.mark.django_db
def test_two_users_never_share_an_answer(make_user):
    work = Work()
    one, other = make_user(Role.LOAN_OFFICER), make_user(Role.LOAN_OFFICER)
    assert idempotent(_request(one), scope="s", run=work)[1]["receipt"] == "R-1"
    assert idempotent(_request(other), scope="s", run=work)[1]["receipt"] == "R-2"


@pytest.mark.django_db
def test_a_key_too_long_or_blank_is_a_clear_refusal(make_user):
    user, work = make_user(Role.LOAN_OFFICER), Work()
    for key in ("x" * 256, "   "):
        status, body = idempotent(_request(user, key=key), scope="s", run=work)
        assert status == 422 and body["errors"] == {"Idempotency-Key": [body["detail"]]}
    assert work.times == 0


@pytest.mark.django_db
def test_work_that_fails_lets_go_of_the_key_so_the_client_can_retry(make_user):
    user, work = make_user(Role.LOAN_OFFICER), Work()

    def broken():
        raise RuntimeError("the bank's line dropped")

    with pytest.raises(RuntimeError):
        idempotent(_request(user), scope="s", run=broken)
    assert idempotent(_request(user), scope="s", run=work) == (201, {"receipt": "R-1", "amount": "25.00"})


@pytest.mark.django_db
def test_a_duplicate_while_the_first_is_at_work_gets_409(make_user):
    user = make_user(Role.LOAN_OFFICER)
    seen = []

    def work():
        seen.append(idempotent(_request(user), scope="s", run=Work()))
        return 201, {"receipt": "R-1"}

    assert idempotent(_request(user), scope="s", run=work) == (201, {"receipt": "R-1"})
    assert seen[0][0] == 409 and "still being processed" in seen[0][1]["detail"]


@pytest.mark.django_db
def test_a_first_request_that_died_half_way_is_taken_over_by_one_retry(make_user, settings):
    settings.AMPARO_IDEMPOTENCY_STALE_SECONDS = 300
    user, work = make_user(Role.LOAN_OFFICER), Work()
    request = _request(user)
    IdempotencyKey.objects.create(user=user, key="key-1", scope="s",
                                  fingerprint=idempotency.fingerprint(request, "s"),
                                  created_at=timezone.now() - dt.timedelta(minutes=6))
    assert idempotent(request, scope="s", run=work)[0] == 201
    assert work.times == 1
    assert idempotent(_request(user), scope="s", run=work)[1]["receipt"] == "R-1"


@pytest.mark.django_db
def test_old_keys_are_forgotten_by_the_nightly_pruning(make_user, settings):
    settings.AMPARO_IDEMPOTENCY_DAYS = 7
    user = make_user(Role.LOAN_OFFICER)
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    for key, age in (("old", 8), ("recent", 6)):
        IdempotencyKey.objects.create(user=user, key=key, scope="s", fingerprint="f",
                                      created_at=now - dt.timedelta(days=age))
    assert idempotency.prune(now=now) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_requests_at_once_on_postgresql_do_the_work_once(make_user):
    require_postgresql("twenty simultaneous requests with one Idempotency-Key")
    user, work = make_user(Role.LOAN_OFFICER), Work(pause=0.3)
    barrier = threading.Barrier(20, timeout=30)
    answers = []

    def send():
        try:
            barrier.wait()
            answers.append(idempotent(_request(user), scope="loans.repayment:7", run=work))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert work.times == 1
    statuses = sorted(status for status, _body in answers)
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409} and len(statuses) == 20
    # Once the first has answered, every retry gets its answer.
    assert idempotent(_request(user), scope="loans.repayment:7", run=work) == (
        201, {"receipt": "R-1", "amount": "25.00"})
