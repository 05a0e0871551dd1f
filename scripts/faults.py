"""Scripted fault checks against the real services: a Celery worker killed mid-batch, and a broker
that is down while people work. Prints what happened; exits 1 if the site did not recover.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_faults \
        .venv/bin/python scripts/faults.py [--certificates 300] [--kill-after 0.5]

Uses its own Redis database (13) as the broker and builds its data in the database it is given
(which it empties of certificates first): do not point it at a database you use.
"""

import argparse
import datetime
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
# Short enough to watch: the batch is taken over 10 s after its worker's last progress.
os.environ.setdefault("BATCH_LEASE_SECONDS", "10")
os.environ.setdefault("OUTBOX_STALE_SECONDS", "10")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from curriculum.loader import load_curriculum  # noqa: E402
from curriculum.models import Subject  # noqa: E402
from lms.celery import app  # noqa: E402
from lms.certificates import services as certificate_services  # noqa: E402
from lms.certificates.models import Certificate, IssuanceBatch, SerialCounter  # noqa: E402
from lms.directory import services as directory_services  # noqa: E402
from lms.organisations.models import Job, Membership, Organisation, Prefecture  # noqa: E402
from lms.outbox import services as outbox  # noqa: E402
from lms.outbox.models import Message  # noqa: E402
from lms.training.models import TrainingRecord  # noqa: E402


def start_worker():
    command = [sys.executable, "-m", "celery", "-A", "lms", "worker", "-P", "solo", "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"]
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True)


def kill(worker):
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def build(count):
    """`count` verified central records with no certificate, and an institute issuer."""
    User = get_user_model()
    if not Prefecture.objects.exists():
        call_command("loaddata", "fixtures/prefectures.json", verbosity=0)
    load_curriculum()
    subject = Subject.objects.get(code="poverty-support")
    institute, _ = Organisation.objects.get_or_create(kind=Organisation.Kind.INSTITUTE, name="故障試験の研修機関", defaults={"prefecture_id": 13})
    centre, _ = Organisation.objects.get_or_create(kind=Organisation.Kind.CENTRE, name="故障試験のセンター", defaults={"prefecture_id": 40})
    issuer, _ = User.objects.get_or_create(email="faults-issuer@example.jp")
    Membership.objects.get_or_create(user=issuer, organisation=institute, job=Job.INSTITUTE_STAFF, started_on=datetime.date(2020, 4, 1))
    people = User.objects.bulk_create(User(email=f"faults-{n:04d}@example.jp", last_name="試験", first_name=str(n)) for n in range(count))
    Membership.objects.bulk_create(Membership(user=person, organisation=centre, job=Job.SUPPORTER_INDIVIDUAL, started_on=datetime.date(2020, 4, 1)) for person in people)
    day = datetime.date(2026, 6, 12)
    records = TrainingRecord.objects.bulk_create(
        TrainingRecord(person=person, subject=subject, title="故障試験", kind=TrainingRecord.Kind.CENTRAL, started_on=day, completed_on=day,
                       hours=Decimal("18"), fiscal_year=2026, status=TrainingRecord.Status.VERIFIED)
        for person in people
    )
    return issuer, records


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def worker_killed_mid_batch(count, kill_after):
    call_command("migrate", verbosity=0)
    # What an earlier run left, in the order the protecting keys allow.
    Certificate.objects.all().delete()
    IssuanceBatch.objects.all().delete()
    SerialCounter.objects.all().delete()
    TrainingRecord.objects.filter(title="故障試験").delete()
    get_user_model().objects.filter(email__startswith="faults-").exclude(email="faults-issuer@example.jp").delete()
    issuer, records = build(count)
    app.control.purge()
    worker = start_worker()
    time.sleep(3)  # the worker connects
    batch = certificate_services.start_batch(records=records, by=issuer)
    wait_for(lambda: IssuanceBatch.objects.get(pk=batch.pk).done > 0, 30)
    time.sleep(kill_after)
    kill(worker)
    batch.refresh_from_db()
    print(f"worker killed with SIGKILL {kill_after} s into the batch: {batch.done}/{batch.total} issued, finished={batch.finished}")
    worker = start_worker()
    started = time.monotonic()
    # Beat's sweep, run by hand here every 2 s: the message comes back once its lease has run out.
    resumed = wait_for(lambda: outbox.republish_pending() is not None and IssuanceBatch.objects.get(pk=batch.pk).finished, 120)
    kill(worker)
    batch.refresh_from_db()
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    numbers = [int(serial.split("-")[1]) for serial in serials]
    gapless = numbers == list(range(1, len(numbers) + 1))
    one_each = Certificate.objects.values("record").distinct().count() == len(serials) == count
    print(f"after a restart: {batch.done}/{batch.total}, finished={batch.finished} in {time.monotonic() - started:.0f} s; "
          f"{len(serials)} certificates, serials gapless={gapless}, one per record={one_each}, errors={batch.errors}")
    return resumed and gapless and one_each and not batch.errors


def broker_down():
    """A step that queues an email while the broker refuses connections: how long it takes, and
    whether the email goes once the broker is back."""
    from django.db import transaction

    working = os.environ["CELERY_BROKER_URL"]
    os.environ["CELERY_BROKER_URL"] = "redis://127.0.0.1:9/0"  # Celery reads it before its configuration
    app.conf.update(broker_url="redis://127.0.0.1:9/0")
    app._pool = None
    app.amqp._producer_pool = None
    started = time.monotonic()
    with transaction.atomic():
        # An invitation to nobody: the worker runs it and finds no one to write to.
        message = outbox.send(directory_services.send_invitation, user_id=0)
    took = time.monotonic() - started
    message.refresh_from_db()
    print(f"broker down: the step returned in {took * 1000:.0f} ms; the message waits (published={message.published_at is not None}, error: {message.last_error[:60]})")
    os.environ["CELERY_BROKER_URL"] = working
    app.conf.update(broker_url=working)
    app._pool = None
    app.amqp._producer_pool = None
    Message.objects.filter(pk=message.pk).update(created_at=message.created_at - datetime.timedelta(minutes=2))
    worker = start_worker()
    time.sleep(3)
    outbox.republish_pending()
    done = wait_for(lambda: Message.objects.get(pk=message.pk).done_at is not None, 30)
    kill(worker)
    print(f"broker back: the sweep published it and the worker ran it: {done}")
    return took < 3 and done


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=300)
    parser.add_argument("--kill-after", type=float, default=0.5)
    args = parser.parse_args()
    ok = worker_killed_mid_batch(args.certificates, args.kill_after)
    ok = broker_down() and ok
    print("recovered from every fault" if ok else "DID NOT RECOVER")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
