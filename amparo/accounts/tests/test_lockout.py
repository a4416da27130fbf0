"""Lock-out per account, and per address only at a much higher count (an office shares one address)."""

from django.conf import settings
from django.test import Client

from amparo.accounts.tests.factories import PASSWORD


def post_login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_one_account_locked_leaves_the_others_at_the_same_address_able_to_sign_in(make_user):
    make_user(email="ana@amparo.test")
    make_user(email="beto@amparo.test")
    desk = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(desk, "ana@amparo.test", "guess")
    assert post_login(desk, "ana@amparo.test").status_code == 429  # ana is locked, even with her password
    # ... from another address too, and whatever the case of her email
    assert post_login(Client(REMOTE_ADDR="198.51.100.2"), "ANA@amparo.test ").status_code == 429
    other_desk = Client(REMOTE_ADDR="203.0.113.7")
    response = post_login(other_desk, "beto@amparo.test")
    assert response.status_code == 302 and response.url == "/"


def test_failures_spread_over_accounts_lock_the_address_at_its_own_limit(make_user):
    make_user(email="beto@amparo.test")
    limit = settings.AMPARO_LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit >= 10 * settings.AXES_FAILURE_LIMIT
    sprayer = Client(REMOTE_ADDR="192.0.2.66")
    for n in range(limit - 1):
        post_login(sprayer, f"guess{n % 20}@amparo.test", "Winter2026!")
    assert post_login(Client(REMOTE_ADDR="192.0.2.66"), "beto@amparo.test").status_code == 302  # not yet
    Client(REMOTE_ADDR="192.0.2.66").post("/accounts/logout/")
    post_login(sprayer, "guess-last@amparo.test", "Winter2026!")  # the address's 50th failure
    assert post_login(Client(REMOTE_ADDR="192.0.2.66"), "beto@amparo.test").status_code == 429
    assert post_login(Client(REMOTE_ADDR="192.0.2.67"), "beto@amparo.test").status_code == 302
