"""The recount on a real Celery worker, and two recounts at once on PostgreSQL."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from lms.organisations.models import Job
from lms.reports import services
from lms.reports.models import AreaFigures, Refresh, StaffYear
from tests import factories
from tests.clock import at

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date(2026, 11, 29)


def _centre_with_staff(count=4):
    factories.MinimumHoursPolicyFactory(effective_from=datetime.date(2020, 4, 1), ojt_hours=Decimal("50"), offjt_hours=Decimal("50"))
    centre = factories.CentreFactory()
    people = [factories.person(centre, Job.SUPPORTER_INDIVIDUAL) for _ in range(count)]
    factories.TrainingRecordFactory(person=people[0], completed_on=datetime.date(2026, 6, 1), hours=Decimal("50"))
    return centre, people


def test_a_first_visit_has_the_worker_compute_the_figures_and_the_page_then_shows_them(celery_worker, world, login, time_machine):
    """Through the broker to a real worker (Redis in CI): the page says the figures are coming, then shows them."""
    time_machine.move_to(at(TODAY), tick=True)
    _centre_with_staff()
    client = login(world.institute_staff)
    assert "計算中" in client.get("/reports/?year=2026").content.decode()
    deadline = time.monotonic() + 30
    while not Refresh.objects.filter(fiscal_year=2026, finished_at__isnull=False).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert AreaFigures.objects.get(fiscal_year=2026, area="country").staff == StaffYear.objects.filter(fiscal_year=2026).count()
    assert "計算中" not in client.get("/reports/?year=2026").content.decode()


@pytest.mark.postgres
def test_two_recounts_at_once_take_turns_and_leave_one_set_of_figures(time_machine):
    time_machine.move_to(at(TODAY), tick=True)
    centre, people = _centre_with_staff(6)
    barrier = threading.Barrier(3)
    errors = []

    def recount():
        try:
            barrier.wait()
            services.refresh(2026)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=recount) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert StaffYear.objects.filter(fiscal_year=2026).count() == 6
    assert AreaFigures.objects.filter(fiscal_year=2026, area="country").count() == 1
    assert Refresh.objects.get(fiscal_year=2026).generation == 3
