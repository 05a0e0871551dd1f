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


def publish_test(subject, *, day=1, questions=None, title=None):
    """A published understanding test under the subject's page: by default a single choice (1 point),
    a multiple choice (2 points) and a short written answer (2 points)."""
    import json

    from curriculum.models import SubjectPage, UnderstandingTestPage
    from curriculum.setup import ensure_curriculum_pages

    ensure_curriculum_pages()
    questions = questions if questions is not None else [
        {"type": "single_choice", "id": "q1", "value": {"prompt": "伴走型支援で最初に大切にすることは？", "points": 1, "explanation": "関係づくりから。",
                                                         "choices": [{"text": "関係づくり", "correct": True}, {"text": "書類の確認", "correct": False}]}},
        {"type": "multiple_choice", "id": "q2", "value": {"prompt": "当てはまるものをすべて選ぶ", "points": 2, "explanation": "",
                                                           "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C", "correct": False}]}},
        {"type": "short_text", "id": "q3", "value": {"prompt": "明日から何をしますか", "points": 2, "model_answer": "具体的な行動"}},
    ]
    page = SubjectPage.objects.get(subject=subject).add_child(instance=UnderstandingTestPage(
        title=title or f"{day}日目 習得度テスト", day=day, edition="2026年度版", questions=json.dumps(questions),
    ))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def queries_for(client, url):
    """How many SQL queries the page at `url` takes (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def participant_who_attended(session):
    """A new person with a confirmed place who was present on the session's first day."""
    person = factories.UserFactory()
    enrolment = factories.EnrolmentFactory(session=session, person=person, status=Enrolment.Status.CONFIRMED)
    Attendance.objects.create(enrolment=enrolment, day=session.days.order_by("date").first(), present=True, marked_by=person)
    return person, enrolment
