"""Limits are keyed on the real client behind the proxy, sized for a training room, and answer 429."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.clock import at
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def still_clock(time_machine):
    """Limits count per minute window: keep every request of a test inside one window."""
    time_machine.move_to(at("2026-11-24", hour=10, minute=0), tick=False)


def from_client(address):
    """A browser at `address` reaching the site through the one trusted proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_verification_over_the_limit_answers_429_with_a_page(client):
    statuses = [client.get("/verify/NO-SUCH-CODE/").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429
    response = client.get("/verify/NO-SUCH-CODE/")
    assert response.status_code == 429 and "1分ほど待ってから" in response.content.decode()


def test_verification_limit_is_per_client_behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    busy = from_client("203.0.113.7")
    for _ in range(31):
        last = busy.get("/verify/NO-SUCH-CODE/")
    assert last.status_code == 429
    assert from_client("198.51.100.20").get("/verify/NO-SUCH-CODE/").status_code == 404


def test_a_spoofed_forwarded_address_does_not_escape_the_limit(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it saw; whatever the browser put before it is ignored.
    statuses = [
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7").get("/verify/NO-SUCH-CODE/").status_code
        for n in range(31)
    ]
    assert statuses[-1] == 429


def test_a_training_room_of_200_signs_in_at_once_from_one_address(settings, world):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [
        from_client("203.0.113.50").post(reverse("account_login"), {"login": "supporter@example.jp", "password": PASSWORD}).status_code
        for _ in range(200)
    ]
    assert statuses == [302] * 200


def test_guessing_one_persons_password_is_locked_out(world):
    for _ in range(5):
        assert Client().post(reverse("account_login"), {"login": "supporter@example.jp", "password": "wrong"}).status_code == 200
    response = Client().post(reverse("account_login"), {"login": "supporter@example.jp", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("forwarded", ["not-an-address", "203.0.113.7, unknown", " "])
def test_a_forwarded_entry_that_is_no_address_falls_back_to_the_peer(settings, world, forwarded):
    """A broken or forged last X-Forwarded-For entry must not refuse sign-in: the peer's address counts."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    response = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).post(
        reverse("account_login"), {"login": "supporter@example.jp", "password": PASSWORD},
    )
    assert response.status_code == 302 and "/accounts/login/" not in response["Location"]


def test_every_answer_says_which_browser_features_are_off(client):
    for url in ("/", "/accounts/login/", "/verify/", "/static/css/site.css"):
        policy = client.get(url).headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy, url
