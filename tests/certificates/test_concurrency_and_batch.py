import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from curriculum.loader import load_curriculum
from curriculum.models import Subject
from lms.certificates import services
from lms.certificates.models import Certificate, IssuanceBatch
from lms.organisations.models import Job
from skillpath.models import TrainingRecord
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def records(count):
    load_curriculum()
    centre, institute = factories.CentreFactory(), factories.InstituteFactory()
    issuer = factories.person(institute, Job.INSTITUTE_STAFF)
    subject = Subject.objects.get(code="poverty-support")
    made = [
        TrainingRecord.objects.create(
            person=factories.person(centre, Job.SUPPORTER_INDIVIDUAL), subject=subject, title=subject.name, kind="central",
            started_on=datetime.date(2026, 6, 10), completed_on=datetime.date(2026, 6, 12), hours=Decimal("18"), status="verified",
        )
        for _ in range(count)
    ]
    return issuer, made


@pytest.mark.postgres
def test_concurrent_issuance_gives_unique_gapless_serials(settings, tmp_path):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(8)
    barrier = threading.Barrier(len(made))
    errors = []

    def issue(record):
        try:
            barrier.wait()
            services.issue_certificate(record=record, by=issuer, today=datetime.date(2026, 7, 1))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(record,)) for record in made]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == [f"2026-{n:06d}" for n in range(1, 9)]


def test_bulk_issuance_runs_on_the_worker_and_reports_progress(celery_worker, settings, tmp_path):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(5)
    services.issue_certificate(record=made[0], by=issuer)  # one already has its certificate
    batch = services.start_batch(records=made, by=issuer)
    deadline = time.monotonic() + 30
    while not IssuanceBatch.objects.get(pk=batch.pk).finished and time.monotonic() < deadline:
        time.sleep(0.2)
    batch.refresh_from_db()
    assert batch.finished and batch.done == 5 and len(batch.errors) == 1
    assert Certificate.objects.count() == 5
