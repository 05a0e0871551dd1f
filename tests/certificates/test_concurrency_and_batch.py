import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from curriculum.loader import load_curriculum
from curriculum.models import Subject
from lms import clock
from lms.certificates import services
from lms.certificates.models import Certificate, IssuanceBatch
from lms.organisations.models import Job
from lms.outbox import services as outbox
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def records(count):
    load_curriculum()
    centre, institute = factories.CentreFactory(), factories.InstituteFactory()
    issuer = factories.person(institute, Job.INSTITUTE_STAFF)
    subject = Subject.objects.get(code="poverty-support")
    made = [
        factories.TrainingRecordFactory(
            person=factories.person(centre, Job.SUPPORTER_INDIVIDUAL), subject=subject, completed_on=datetime.date(2026, 6, 12), hours=Decimal("18"),
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
        except Exception as error:
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


@pytest.mark.postgres
def test_two_people_issuing_the_same_record_at_once_get_one_certificate_and_a_clear_refusal(settings, tmp_path, monkeypatch):
    from django.core.exceptions import ValidationError

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, [record] = records(1)
    other_issuer = factories.person(factories.InstituteFactory(), Job.INSTITUTE_STAFF)
    real_reserve_serials = services.reserve_serials

    def slow_reserve_serials(year, count):
        # Hold each issuance between "no certificate yet" and creating one: without the record lock
        # both would pass the check and the second would hit the unique constraint (a 500).
        time.sleep(0.5)
        return real_reserve_serials(year, count)

    monkeypatch.setattr(services, "reserve_serials", slow_reserve_serials)
    barrier = threading.Barrier(2)
    outcomes = []

    def issue(by):
        try:
            barrier.wait()
            services.issue_certificate(record=record, by=by, today=datetime.date(2026, 7, 1))
            outcomes.append("issued")
        except ValidationError as error:
            outcomes.append("refused: " + " ".join(error.messages))
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(by,)) for by in (issuer, other_issuer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0] == "issued" and sorted(outcomes)[1].startswith("refused: ")
    assert "2026-000001" in sorted(outcomes)[1]
    assert Certificate.objects.filter(record=record).count() == 1


def test_a_batch_left_by_a_dead_worker_is_taken_over_when_its_lease_runs_out(celery_worker, settings, tmp_path):
    """Not at the outbox sweep's next pass (none runs here): the worker that finds the batch still
    leased tries again the moment the lease ends (docs: README, Production, background work)."""
    from django.utils import timezone

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    settings.BATCH_LEASE_SECONDS = 4
    issuer, made = records(3)
    batch = IssuanceBatch.objects.create(requested_by=issuer, record_ids=[record.pk for record in made], total=3)
    # A worker took it a second ago and died: its heartbeat is fresh, so nobody may take over yet.
    IssuanceBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=1))
    with transaction.atomic():
        outbox.send(services.run_issuance_batch, batch_id=batch.pk)
    deadline = time.monotonic() + 30
    while not IssuanceBatch.objects.get(pk=batch.pk).finished and time.monotonic() < deadline:
        time.sleep(0.2)
    batch.refresh_from_db()
    assert batch.finished and batch.done == 3 and Certificate.objects.count() == 3


def run_batch(records, issuer):
    """Run a batch's handler here, as the worker would (the worker tests above run it on one)."""
    batch = IssuanceBatch.objects.create(requested_by=issuer, record_ids=sorted(record.pk for record in records), total=len(records))
    services.run_issuance_batch(batch.pk)
    batch.refresh_from_db()
    return batch


def test_a_refresher_in_the_same_batch_as_its_persons_first_course_supersedes_it(settings, tmp_path):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(3)
    renewal = factories.TrainingRecordFactory(
        person=made[1].person, subject=made[1].subject, completed_on=datetime.date(2026, 6, 20), hours=Decimal("6"), is_refresher=True,
    )
    batch = run_batch([*made, renewal], issuer)
    assert batch.finished and batch.done == 4 and batch.errors == []
    first, renewed = Certificate.objects.get(record=made[1]), Certificate.objects.get(record=renewal)
    assert renewed.supersedes == first
    year = clock.today().year  # issued on the day the batch runs
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [f"{year}-{n:06d}" for n in range(1, 5)]
    assert len(set(Certificate.objects.values_list("status_position", flat=True))) == 4


def test_a_batch_names_whom_it_refused_and_why_and_issues_the_rest(settings, tmp_path):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(4)
    first = services.issue_certificate(record=made[0], by=issuer)
    made[2].status = made[2].Status.PENDING
    made[2].save()
    gone = made[3].pk
    batch = IssuanceBatch.objects.create(requested_by=issuer, record_ids=[*sorted(r.pk for r in made[:3]), gone + 1000], total=4)
    services.run_issuance_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.finished and batch.done == 4 and len(batch.errors) == 3
    assert any(str(made[0].person) in error and first.serial in error for error in batch.errors)  # already issued, with its serial
    assert any(str(made[2].person) in error for error in batch.errors)  # not verified
    assert any(str(gone + 1000) in error for error in batch.errors)  # the record no longer exists
    assert Certificate.objects.filter(record=made[1]).exists()


@pytest.mark.postgres
def test_a_batch_costs_the_same_queries_for_ten_certificates_as_for_sixty(settings, tmp_path):
    """Issued a chunk at a time in a few statements (the goal is 150 certificates a second)."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    counts = []
    for size in (1, 10, 60):  # the first makes the year's serial counter, once a year
        issuer, made = records(size)
        batch = IssuanceBatch.objects.create(requested_by=issuer, record_ids=sorted(r.pk for r in made), total=size)
        with CaptureQueriesContext(db) as queries:
            services.run_issuance_batch(batch.pk)
        counts.append(len(queries))
        assert Certificate.objects.filter(record__in=made).count() == size
    assert counts[1] == counts[2]


def test_a_record_deleted_while_its_chunk_is_read_is_reported_gone_not_counted_issued(settings, tmp_path, monkeypatch):
    """Found by review: the chunk's records are listed, then locked; one deleted in between was
    neither issued nor refused, and the batch counted it as issued."""
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    issuer, made = records(2)
    real_next_chunk = services._next_chunk

    def next_chunk_then_delete(record_ids):
        chunk = real_next_chunk(record_ids)
        type(made[1]).objects.filter(pk=made[1].pk).delete()
        return chunk

    monkeypatch.setattr(services, "_next_chunk", next_chunk_then_delete)
    batch = run_batch(made, issuer)
    assert batch.finished and batch.done == 2
    assert batch.errors == [f"研修記録 {made[1].pk} はもうありません。"]
    assert Certificate.objects.count() == 1
