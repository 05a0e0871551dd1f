"""Marking a test is a step of the attempt's workflow, with its history entry."""

import pytest

from lms.audit.selectors import history_of

pytestmark = pytest.mark.django_db


def test_marking_a_test_is_a_step_in_its_history(world, course, frozen):
    from lms.assessment import services as assessment
    from tests.assessment.conftest import LAST_DAY, publish_test
    from tests.clock import at

    test = publish_test(course.subject)
    frozen.move_to(at(LAST_DAY), tick=False)
    attempt = assessment.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers={"q1": ["0"], "q2": ["0", "1"], "q3": "答え"})
    assessment.attempt_mark(attempt=attempt, by=world.lecturer, awarded={"q3": 2})
    [entry] = history_of(attempt)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == ("marked", "awaiting_marking", "passed", world.lecturer)
