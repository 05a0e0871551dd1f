"""Redis down stops nobody: sign-in, password reset and /verify/ work, and the limits that guard
them hold, counted in the database's cache table (lms/cache.py). Redis is really unreachable here
(a port nobody listens on, connection refused), and really used when it is up (CI's Redis)."""

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from lms import cache as site_cache
from tests.clock import at
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:9/0"
MACHINE_REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture(autouse=True)
def still_clock(time_machine):
    time_machine.move_to(at("2026-11-24", hour=10, minute=0), tick=False)


def use_cache_at(settings, location):
    settings.CACHES = {"default": {"BACKEND": "lms.cache.RedisOrDatabaseCache", "LOCATION": location}}
    return caches["default"]


def sign_in(password=PASSWORD):
    return Client().post(reverse("account_login"), {"login": "supporter@example.jp", "password": password})


def test_with_redis_down_people_sign_in_reset_passwords_and_verify_certificates(settings, world, mailoutbox, django_capture_on_commit_callbacks):
    cache = use_cache_at(settings, NOBODY_LISTENS)
    assert sign_in().status_code == 302
    assert cache.redis_is_away  # found away once, and left alone for the next calls

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/accounts/password/reset/", {"email": "supporter@example.jp"}, follow=True)
    assert response.status_code == 200 and len(mailoutbox) == 1
    assert Client().get("/verify/NO-SUCH-CODE/").status_code == 404


def test_with_redis_down_guessing_a_password_is_still_locked_out(settings, world):
    use_cache_at(settings, NOBODY_LISTENS)
    for _ in range(5):
        assert sign_in("wrong").status_code == 200
    response = sign_in()
    assert response.status_code in (200, 429) and not response.wsgi_request.user.is_authenticated


def test_with_redis_down_the_verification_limit_still_answers_429(settings):
    use_cache_at(settings, NOBODY_LISTENS)
    client = Client()
    statuses = [client.get("/verify/NO-SUCH-CODE/").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429


def test_redis_is_tried_again_after_a_while_and_used_once_it_answers(settings, world, time_machine):
    cache = use_cache_at(settings, MACHINE_REDIS)
    try:
        redis.Redis.from_url(MACHINE_REDIS, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("needs the machine's Redis (make test finds it on 127.0.0.1:6379)")
    # As if an earlier call had found Redis away: the next calls use the table until the pause ends.
    cache._redis_away_until = site_cache.time.monotonic() + site_cache.RETRY_SECONDS
    cache.set("during-outage", 1)
    assert cache.database.get("during-outage") == 1 and cache.redis.get("during-outage") is None
    cache._redis_away_until = 0
    for _ in range(2):
        sign_in("wrong")
    assert redis.Redis.from_url(MACHINE_REDIS).dbsize() > 0  # the failed sign-ins are counted in Redis
    assert not cache.redis_is_away
