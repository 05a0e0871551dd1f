"""Seed 004 part 2 (更新講座): the refresher renews a completion of the course; it is not the course."""

import datetime

import pytest

from curriculum.models import RenewalPolicy, Subject
from lms.training import selectors, services
from lms.training.models import Enrolment
from tests import factories

from .conftest import TODAY, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def test_seed004_part2_refresher_is_refused_to_someone_who_never_completed_the_course(world, curriculum):
    refresher = make_session(organiser=world.institute, is_refresher=True)
    refusal = selectors.application_refusal(refresher, world.supporter, TODAY)
    assert "本講座" in refusal
    outcome = services.enrolment_nominate(session=refresher, people=[world.supporter], by=world.director)[0]
    assert outcome.enrolment is None and not Enrolment.objects.filter(session=refresher).exists()


def test_seed004_part2_refresher_is_open_to_someone_whose_completion_is_due(world, curriculum):
    factories.TrainingRecordFactory(person=world.supporter, subject=Subject.objects.get(code="poverty-support"),
                                    completed_on=datetime.date(2021, 9, 1))
    refresher = make_session(organiser=world.institute, is_refresher=True)
    assert selectors.application_refusal(refresher, world.supporter, TODAY) is None


def test_after_a_lapse_the_renewal_policy_decides_between_refresher_and_full_course(world, curriculum):
    subject = Subject.objects.get(code="poverty-support")
    factories.TrainingRecordFactory(person=world.supporter, subject=subject, completed_on=datetime.date(2019, 9, 1))  # due 31 March 2025
    refresher = make_session(organiser=world.institute, is_refresher=True)
    course = make_session(organiser=world.institute)
    RenewalPolicy.objects.filter(subject=subject).update(after_lapse=RenewalPolicy.AfterLapse.FULL_COURSE)
    assert "2025年3月31日" in selectors.application_refusal(refresher, world.supporter, TODAY)
    assert selectors.application_refusal(course, world.supporter, TODAY) is None  # the course again
    RenewalPolicy.objects.filter(subject=subject).update(after_lapse=RenewalPolicy.AfterLapse.REFRESHER)
    assert selectors.application_refusal(refresher, world.supporter, TODAY) is None
    assert selectors.application_refusal(course, world.supporter, TODAY) is not None  # completed: the refresher renews it


def test_a_completed_person_still_cannot_retake_the_course_while_it_is_valid(world, curriculum):
    factories.TrainingRecordFactory(person=world.clerk, subject=Subject.objects.get(code="poverty-support"), completed_on=datetime.date(2025, 9, 1))
    assert "2025年9月1日" in selectors.application_refusal(make_session(organiser=world.institute), world.clerk, TODAY)
