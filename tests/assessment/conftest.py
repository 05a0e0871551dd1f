import datetime

import pytest

from lms.assessment.models import CompletionRule
from lms.training.models import Attendance, Enrolment
from tests import factories
from tests.training.conftest import make_session

LAST_DAY = datetime.date(2027, 1, 22)
QUESTION = "３日目の研修で学んだ方法・技術を、あなたは明日からの実践に具体的にどのように活かしていきたいですか。"


@pytest.fixture
def course(curriculum, world):
    """A three-day session of 生活困窮者支援論 in January 2027 whose rule asks for every day and an
    accepted report within 30 days; the lecturer teaches it; the supporter and their colleague took part."""
    session = make_session(organiser=world.institute)
    session.lecturers.add(world.lecturer)
    rule = CompletionRule.objects.create(
        subject=session.subject, effective_from=datetime.date(2026, 4, 1), report_required=True, report_question=QUESTION,
        report_length=2000, report_due_days=30,
    )
    people = [world.supporter, world.community_supporter]
    enrolments = [factories.EnrolmentFactory(session=session, person=person, status=Enrolment.Status.CONFIRMED) for person in people]
    for enrolment in enrolments:
        for day in session.days.all():
            Attendance.objects.create(enrolment=enrolment, day=day, present=True, marked_by=world.institute_staff)
    session.rule = rule
    session.mine, session.colleagues = enrolments
    return session
