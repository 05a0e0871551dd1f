"""Two imports of the same file run at the same moment: they take turns, the second finds everything
in place and says so, and neither fails (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection

from lms.directory import services
from lms.directory.models import StaffImport
from lms.organisations.models import Job
from tests import factories

from .test_import import check, csv_bytes, three_staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_second_of_two_imports_of_one_file_at_once_finds_it_done(monkeypatch):
    centre = factories.CentreFactory(name="取込センター")
    director = factories.person(centre, Job.DIRECTOR)
    institute_staff = factories.person(factories.InstituteFactory(), Job.INSTITUTE_STAFF)
    # The centre's director and the institute upload the same file, each unaware of the other.
    first, _ = check(director, csv_bytes(three_staff(centre)))
    second, _ = check(institute_staff, csv_bytes(three_staff(centre)))
    for staff_import in (first, second):  # both confirmed: the worker runs them (here, two threads at once)
        StaffImport.objects.filter(pk=staff_import.pk).update(status=StaffImport.Status.QUEUED)

    real_apply = services.apply_plan

    def slow_apply(*args, **kwargs):
        # Hold the first import's write open: without taking turns the second would plan to create
        # the same three people meanwhile, and fail on them when it writes.
        real_apply(*args, **kwargs)
        time.sleep(0.5)

    monkeypatch.setattr(services, "apply_plan", slow_apply)
    barrier = threading.Barrier(2, timeout=10)
    errors = []

    def run(staff_import):
        try:
            barrier.wait()
            services.run_staff_import(staff_import.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(staff_import,)) for staff_import in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    done = sorted(StaffImport.objects.filter(pk__in=[first.pk, second.pk]), key=lambda staff_import: -staff_import.created)
    assert [staff_import.status for staff_import in done] == [StaffImport.Status.DONE, StaffImport.Status.DONE]
    assert (done[0].created, done[1].created, done[1].unchanged) == (3, 0, 3)
    assert done[1].found_everything_in_place and not done[0].found_everything_in_place
    assert type(director).objects.filter(email__in=["sato.hanako@example.jp", "suzuki.ichiro@example.jp"]).count() == 2
