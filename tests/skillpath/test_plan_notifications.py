"""Plan notifications go through a real Celery worker (Redis in CI) and arrive by email."""

import time

import pytest
from django.core import mail

from curriculum.loader import load_curriculum
from lms.organisations.models import Job
from skillpath import services
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_submission_reaches_the_approvers_through_the_worker(celery_worker):
    load_curriculum()
    centre = factories.CentreFactory()
    person = factories.person(centre, Job.SUPPORTER_INDIVIDUAL, email="p@example.jp")
    factories.person(centre, Job.SUPERVISOR, email="sv@example.jp")
    plan = services.plan_create(person=person, fiscal_year=2026)
    mail.outbox.clear()
    services.plan_submit(plan=plan, by=person)
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [message.to for message in mail.outbox] == [["sv@example.jp"]]
    assert "承認申請中" in mail.outbox[0].subject and plan.person.get_full_name() in mail.outbox[0].body
