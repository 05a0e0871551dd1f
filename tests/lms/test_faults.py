"""Faults the site must live through: a broker that is down, a worker killed mid-batch, a database
that goes away. The broker and the database are really unreachable here (a port nobody listens on);
the killed worker is the state it leaves behind (scripts/faults.py kills a real one)."""

import datetime
import os

import pytest
from django.db import connection, transaction
from django.test import Client

from lms import clock
from lms.celery import app
from lms.certificates import services as certificate_services
from lms.certificates.models import Certificate, IssuanceBatch
from lms.outbox import services as outbox
from lms.outbox.models import Message
from skillpath import services as plan_services
from skillpath.models import TrainingPlan
from tests.certificates.test_concurrency_and_batch import records

pytestmark = [pytest.mark.django_db, pytest.mark.parts]
NOBODY_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: connection refused at once


@pytest.fixture
def broker_down(monkeypatch):
    """Celery pointed at a broker that refuses connections, as when Redis is stopped."""
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    # Celery reads CELERY_BROKER_URL (set in CI) before its configuration: change both.
    monkeypatch.setenv("CELERY_BROKER_URL", NOBODY_LISTENS)
    app.conf.update(task_always_eager=False, broker_url=NOBODY_LISTENS)
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(**previous)
    app._pool = None
    app.amqp._producer_pool = None


def test_a_plan_submitted_while_the_broker_is_down_is_saved_and_its_email_follows(transactional_db, world, login, broker_down, mailoutbox):
    # Real commits (transactional_db): the outbox publishes inside the request, as in production.
    plan = plan_services.plan_create(person=world.supporter, fiscal_year=2026)
    client = login(world.supporter)
    response = client.post(f"/plans/{plan.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert "自動的に送られます" in response.content.decode()  # told it will follow, not shown an error
    plan.refresh_from_db()
    assert plan.status == TrainingPlan.Status.SUBMITTED
    [message] = Message.objects.filter(handler="skillpath.plan_event")
    assert message.published_at is None and message.done_at is None and message.last_error
    assert mailoutbox == []

    # The broker is back: the sweep (beat, every minute) sends what waited, once.
    os.environ["CELERY_BROKER_URL"] = "memory://"
    app.conf.update(task_always_eager=True, broker_url="memory://")
    app._pool = None
    app.amqp._producer_pool = None
    later = clock.now() + datetime.timedelta(minutes=2)
    assert outbox.republish_pending(now=later) == 1
    message.refresh_from_db()
    assert message.done_at is not None
    assert [sorted(mail.to) for mail in mailoutbox] == [sorted([world.director.email, world.supervisor.email])]
    assert outbox.republish_pending(now=later) == 0


def test_a_batch_started_while_the_broker_is_down_waits_and_is_never_doubled(world, broker_down, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(3)
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificate_services.start_batch(records=made, by=issuer)
    assert IssuanceBatch.objects.count() == 1 and Certificate.objects.count() == 0
    os.environ["CELERY_BROKER_URL"] = "memory://"
    app.conf.update(task_always_eager=True, broker_url="memory://")
    app._pool = None
    app.amqp._producer_pool = None
    outbox.republish_pending(now=clock.now() + datetime.timedelta(minutes=2))
    batch.refresh_from_db()
    assert batch.finished and batch.done == 3 and Certificate.objects.count() == 3


@pytest.mark.today("2026-11-20")
def test_a_batch_whose_worker_died_resumes_from_where_it_stopped_without_gaps_or_repeats(settings, tmp_path, frozen, django_capture_on_commit_callbacks):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(6)
    with django_capture_on_commit_callbacks(execute=False):  # the worker never got it: we play its part
        batch = certificate_services.start_batch(records=made, by=issuer)
    message = Message.objects.get(handler="certificates.issuance_batch")
    # What a worker killed after two records leaves: two certificates, done=2, a heartbeat, the
    # message handed to the broker and never finished.
    started = clock.now()
    for record in sorted(made, key=lambda record: record.pk)[:2]:
        certificate_services.issue_certificate(record=record, by=issuer)
    IssuanceBatch.objects.filter(pk=batch.pk).update(done=2, heartbeat_at=started)
    Message.objects.filter(pk=message.pk).update(published_at=started)

    # Soon after, a redelivery finds the batch still leased to the (dead) worker and leaves it.
    assert outbox.run(message.pk) == "busy"
    assert Certificate.objects.count() == 2
    # The lease runs out; the sweep publishes the message again and the batch carries on.
    frozen.move_to(started + datetime.timedelta(minutes=6), tick=False)
    assert outbox.republish_pending() == 1
    batch.refresh_from_db()
    assert batch.finished and batch.done == 6 and batch.errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    year = clock.today().year
    assert serials == [f"{year}-{n:06d}" for n in range(1, 7)]
    assert Certificate.objects.values("record").distinct().count() == 6


@pytest.mark.postgres
def test_an_unreachable_database_gives_a_styled_japanese_503_and_the_site_recovers(world, transactional_db):
    client = Client(raise_request_exception=False)
    client.force_login(world.supporter)
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = "9"  # nothing listens: as when PostgreSQL is restarting
    try:
        response = client.get("/handbook/")
    finally:
        connection.close()
        settings_dict["PORT"] = port
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "ただいまご利用いただけません" in page and "/static/css/site.css" in page and 'lang="ja"' in page
    assert client.get("/handbook/").status_code == 200  # back without a restart


@pytest.mark.today("2026-11-20")
def test_a_batch_worker_that_lost_its_lease_stops_and_leaves_the_batch_to_the_other(settings, tmp_path, frozen, django_capture_on_commit_callbacks):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(3)
    with django_capture_on_commit_callbacks(execute=False):
        batch = certificate_services.start_batch(records=made, by=issuer)
    stalled_at = clock.now()
    IssuanceBatch.objects.filter(pk=batch.pk).update(heartbeat_at=stalled_at - datetime.timedelta(minutes=10))
    # Another worker took the batch over after the lease ran out and moved its heartbeat on.
    assert certificate_services._claim_batch(batch.pk, stalled_at)
    IssuanceBatch.objects.filter(pk=batch.pk).update(heartbeat_at=stalled_at + datetime.timedelta(seconds=1))
    message = Message.objects.get(handler="certificates.issuance_batch")
    frozen.move_to(stalled_at + datetime.timedelta(minutes=10), tick=False)
    IssuanceBatch.objects.filter(pk=batch.pk).update(heartbeat_at=clock.now())  # the other is alive
    assert outbox.run(message.pk) == "busy"
    batch.refresh_from_db()
    assert batch.done == 0 and batch.errors == [] and Certificate.objects.count() == 0


def test_a_failing_email_is_counted_and_says_why_and_the_step_stands(world, settings, mailoutbox):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nobody listens: the mail server is down
    from lms.directory import services as directory_services

    outbox.start_request()
    with transaction.atomic():
        message = directory_services.invitation_send(person=world.supporter, by=world.institute_staff)
    outbox.publish_many([(message.pk, message.handler)])
    message.refresh_from_db()
    assert message.done_at is None and message.attempts == 1 and "ConnectionRefused" in message.last_error
    assert outbox.waiting_in_this_request() == []  # not mistaken for the broker being down
