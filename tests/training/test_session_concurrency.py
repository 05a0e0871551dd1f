"""Two people taking the last place at the same moment: exactly one gets it (PostgreSQL row lock)."""

import threading
import time

import pytest
from django.db import connection

from curriculum.loader import load_curriculum
from lms.organisations.models import Job
from lms.training import services
from lms.training.models import Enrolment
from tests import factories
from tests.training.conftest import TODAY, make_session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.today(TODAY)]


def test_last_place_goes_to_exactly_one_of_two_simultaneous_nominations(monkeypatch):
    real_place = services._place

    def slow_place(session, enrolment, now):
        # Hold each nomination between counting the places and saving: without the session row lock
        # both would count a free place and both would be confirmed.
        real_place(session, enrolment, now)
        time.sleep(0.5)

    monkeypatch.setattr(services, "_place", slow_place)
    load_curriculum()
    centre, other = factories.CentreFactory(), factories.CentreFactory()
    institute = factories.InstituteFactory()
    directors = [factories.person(centre, Job.DIRECTOR), factories.person(other, Job.DIRECTOR)]
    staff = [factories.person(centre, Job.SUPPORTER_INDIVIDUAL), factories.person(other, Job.SUPPORTER_INDIVIDUAL)]
    session = make_session(organiser=institute, capacity=1)
    barrier = threading.Barrier(2)
    errors = []

    def nominate(director, person):
        try:
            barrier.wait()
            services.enrolment_nominate(session=session, people=[person], by=director)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate, args=pair) for pair in zip(directors, staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    statuses = sorted(Enrolment.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == [Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED]
