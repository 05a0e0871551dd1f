"""Real infrastructure: two hosts taking the last place at once (PostgreSQL row lock), and the emails
of a nomination going through a real Celery worker (Redis in CI)."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from fieldwork import rules, services
from fieldwork.models import Placement
from lms.organisations.models import Job, Organisation
from tests import factories

from .conftest import make_offer

pytestmark = pytest.mark.django_db(transaction=True)


def open_offer(places):
    today = timezone.localdate()
    host = factories.OrganisationFactory(kind=Organisation.Kind.RELATED_BODY, name="並行テスト受入団体")
    supervisors = [factories.person(host, Job.HOST_SUPERVISOR) for _ in range(2)]
    offer = make_offer(
        host, supervisors[0], places=places, available_from=today + datetime.timedelta(days=30),
        available_until=today + datetime.timedelta(days=300), applications_close_on=today + datetime.timedelta(days=20),
    )
    return offer, supervisors


def nominated(offer, count):
    placements = []
    for _ in range(count):
        centre = factories.CentreFactory()
        director = factories.person(centre, Job.DIRECTOR)
        placements.append(services.nominate(offer=offer, person=director, by=director, reason="連携を学ぶ"))
    return placements


@pytest.mark.postgres
def test_two_hosts_accepting_the_last_place_at_once_leave_exactly_one_placement(monkeypatch):
    offer, supervisors = open_offer(places=1)
    placements = nominated(offer, 2)
    real_refusal = rules.acceptance_refusal

    def slow_refusal(**kwargs):
        # Hold each acceptance between counting the places and taking one, so without the row lock both
        # would count a free place; with it, the second waits for the first to commit and counts none.
        refusal = real_refusal(**kwargs)
        time.sleep(0.5)
        return refusal

    monkeypatch.setattr(rules, "acceptance_refusal", slow_refusal)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(placement, supervisor):
        try:
            barrier.wait()
            services.nomination_accept(placement=placement, by=supervisor)
            outcomes.append("accepted")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(placements, supervisors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "accepted"]
    assert Placement.objects.filter(offer=offer, status=Placement.Status.ACCEPTED).count() == 1


def test_a_nomination_reaches_the_hosts_supervisors_through_the_worker(celery_worker):
    offer, supervisors = open_offer(places=2)
    mail.outbox.clear()
    [placement] = nominated(offer, 1)
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    [message] = mail.outbox
    assert sorted(message.to) == sorted(person.email for person in supervisors)
    assert placement.person.get_full_name() in message.subject and placement.get_absolute_url() in message.body
