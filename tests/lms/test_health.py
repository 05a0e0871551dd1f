"""The load balancer's and the monitoring's addresses: live, ready (the database) and every part."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.parts]


def get(path, client=None, **headers):
    """The health views are async (django-health-check): Django runs them through async_to_sync,
    which cannot run in a thread with an event loop, as the test process's main thread has when
    Playwright's tests share it. A thread of its own, as a WSGI server's request thread is."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit((client or Client()).get, path, **headers).result()


def test_a_node_is_live_and_ready_when_it_reaches_the_database():
    assert get("/health/live/").content == b"ok\n"
    response = get("/health/ready/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and list(response.json().values()) == ["OK", "OK"]  # the database, the keys
    assert "no-cache" in response["Cache-Control"]


def test_readiness_fails_when_the_database_is_away_and_liveness_does_not():
    from django.db import connection

    port = connection.settings_dict["PORT"]
    engine = connection.vendor
    if engine != "postgresql":
        pytest.skip("needs PostgreSQL to stop answering")
    connection.close()
    connection.settings_dict["PORT"] = "9"
    try:
        assert get("/health/ready/", HTTP_ACCEPT="text/plain").status_code == 500
        assert get("/health/live/").status_code == 200
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port


def test_every_part_is_reported_to_the_monitoring_network_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CACHE_URL = "redis://127.0.0.1:9/0"  # Redis down: reported, while the cache still works from the table
    settings.CACHES = {"default": {"BACKEND": "lms.cache.RedisOrDatabaseCache", "LOCATION": settings.CACHE_URL}}
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = get("/health/", Client(REMOTE_ADDR="127.0.0.1"), HTTP_ACCEPT="application/json")
    report = response.json()
    assert response.status_code == 500
    assert [value for name, value in report.items() if name.startswith("Redis")] != ["OK"]
    assert all(value == "OK" for name, value in report.items() if not name.startswith("Redis")), report
    assert get("/health/", Client(REMOTE_ADDR="203.0.113.9")).status_code == 404


def test_every_part_is_refused_through_a_proxy_and_the_keys_make_a_node_ready(settings, tmp_path):
    assert get("/health/", Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")).status_code == 404
    settings.GENERATE_MISSING_KEYS = False
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    assert get("/health/ready/", HTTP_ACCEPT="application/json").status_code == 500
