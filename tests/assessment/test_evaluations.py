"""Course evaluations: anonymous, once per participant, after the last day; summaries shown only
from five answers, to those who teach the session and to the subject's committee."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.assessment import selectors, services
from lms.assessment.models import EvaluationReceipt, EvaluationResponse
from tests import factories
from tests.clock import at

from .conftest import LAST_DAY, participant_who_attended

pytestmark = [pytest.mark.django_db, pytest.mark.today(LAST_DAY)]

GOOD = {"content": 5, "method": 4, "lecturer": 5, "usefulness": 3}


def answer(session, count, comment="学びが多かった"):
    for _index in range(count):
        person, enrolment = participant_who_attended(session)
        services.evaluation_submit(enrolment=enrolment, by=person, ratings=GOOD, comment=comment)


def test_an_answer_is_kept_without_the_person_and_only_once(world, course):
    response = services.evaluation_submit(enrolment=course.mine, by=world.supporter, ratings=GOOD, comment="よかった")
    field_names = {field.name for field in EvaluationResponse._meta.get_fields()}
    assert not field_names & {"person", "enrolment", "user", "created_at"}  # nothing that points at who wrote it
    assert response.answered_on == LAST_DAY and EvaluationReceipt.objects.filter(enrolment=course.mine).exists()
    with pytest.raises(ValidationError):
        services.evaluation_submit(enrolment=course.mine, by=world.supporter, ratings=GOOD)
    assert EvaluationResponse.objects.count() == 1


def test_only_participants_answer_and_only_from_the_last_day(world, course, frozen):
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(enrolment=course.mine, by=world.community_supporter, ratings=GOOD)
    frozen.move_to(at(LAST_DAY - datetime.timedelta(days=1)), tick=False)
    with pytest.raises(ValidationError):
        services.evaluation_submit(enrolment=course.mine, by=world.supporter, ratings=GOOD)
    for bad in ({**GOOD, "content": 6}, {**GOOD, "method": 0}):
        frozen.move_to(at(LAST_DAY), tick=False)
        with pytest.raises(ValidationError):
            services.evaluation_submit(enrolment=course.mine, by=world.supporter, ratings=bad)
    assert not EvaluationResponse.objects.exists() and not EvaluationReceipt.objects.exists()


def test_fewer_than_five_answers_are_never_shown(world, course, login):
    answer(course, 4, comment="四人目までのコメント")
    summary = selectors.evaluation_summary(EvaluationResponse.objects.filter(session=course))
    assert summary["shown"] is False and "items" not in summary and "comments" not in summary
    page = login(world.lecturer).get(f"/sessions/{course.pk}/evaluation/summary/").content.decode()
    assert "四人目までのコメント" not in page and "5 人以上が回答してから" in page
    answer(course, 1, comment="五人目")
    page = login(world.lecturer).get(f"/sessions/{course.pk}/evaluation/summary/").content.decode()
    assert "四人目までのコメント" in page and "五人目" in page
    summary = selectors.evaluation_summary(EvaluationResponse.objects.filter(session=course))
    content = next(item for item in summary["items"] if item["name"] == "content")
    assert content["average"] == 5 and content["spread"][0] == (5, 5, 100)


def test_who_reads_the_summaries(world, course, login):
    answer(course, 5)
    url = f"/sessions/{course.pk}/evaluation/summary/"
    assert login(world.lecturer).get(url).status_code == 200
    assert login(world.institute_staff).get(url).status_code == 200
    for outsider in (world.supporter, world.director):
        assert login(outsider).get(url).status_code == 403
    subject_url = f"/sessions/evaluations/{course.subject.code}/?year=2026"
    assert login(world.editor).get(subject_url).status_code == 200
    assert "学びが多かった" in login(world.editor).get(subject_url).content.decode()
    assert login(world.lecturer).get(subject_url).status_code == 403  # teaches the session, not assigned to the subject
    assert login(world.supporter).get(subject_url).status_code == 403


def test_the_form_keeps_the_answers_when_one_is_missing(world, course, login):
    client = login(world.supporter)
    response = client.post(f"/sessions/{course.pk}/evaluation/", {"content": "5", "method": "4", "lecturer": "5", "comment": "書いた感想"})
    assert response.status_code == 200 and "書いた感想" in response.content.decode() and not EvaluationResponse.objects.exists()
    response = client.post(f"/sessions/{course.pk}/evaluation/", {**{k: str(v) for k, v in GOOD.items()}, "comment": "書いた感想"})
    assert response.status_code == 302 and EvaluationResponse.objects.get().comment == "書いた感想"
    assert "回答済み" in client.get(f"/sessions/{course.pk}/evaluation/").content.decode()


def test_a_lecturer_reads_the_evaluations_of_the_sessions_they_taught(world, course, login):
    answer(course, 5, comment="講師の説明が具体的だった")
    other = factories.person(world.institute, "lecturer", email="other.lecturer@example.jp")
    url = f"/sessions/evaluations/lecturers/{world.lecturer.pk}/?year=2026"
    page = login(world.lecturer).get(url).content.decode()
    assert "講師の説明が具体的だった" in page and course.title in page
    assert login(other).get(url).status_code == 403
    assert login(world.institute_staff).get(url).status_code == 200
    assert "講師の説明が具体的だった" not in login(other).get(f"/sessions/evaluations/lecturers/{other.pk}/?year=2026").content.decode()


def test_a_subject_total_leaves_out_sessions_below_five(world, course, login):
    """Otherwise the small session's answers follow by subtracting the shown session's summary."""
    answer(course, 5, comment="大きい回")
    small = factories.TrainingSessionFactory(days=[datetime.date(2027, 1, 10)], title="小さい回")
    answer(small, 1, comment="小さい回のコメント")
    page = login(world.editor).get(f"/sessions/evaluations/{course.subject.code}/?year=2026").content.decode()
    assert "回答 5 件" in page and "小さい回のコメント" not in page and "小さい回" not in page  # its one answer waits for four more


def test_the_rating_radios_have_no_blank_choice(world, course, login):
    page = login(world.supporter).get(f"/sessions/{course.pk}/evaluation/").content.decode()
    assert "---------" not in page and page.count('type="radio"') == 20


def test_the_evaluation_closes_thirty_days_after_the_last_day(world, course, login, frozen):
    frozen.move_to(at(LAST_DAY + datetime.timedelta(days=31)), tick=False)
    with pytest.raises(ValidationError, match="2027年2月21日"):
        services.evaluation_submit(enrolment=course.mine, by=world.supporter, ratings=GOOD)
    page = login(world.supporter).get(f"/sessions/{course.pk}/evaluation/").content.decode()
    assert "2027年2月21日に締め切りました" in page
    frozen.move_to(at(LAST_DAY + datetime.timedelta(days=30)), tick=False)
    services.evaluation_submit(enrolment=course.mine, by=world.supporter, ratings=GOOD)
    assert EvaluationResponse.objects.count() == 1


def test_a_participant_who_attended_no_day_does_not_evaluate(world, course):
    course.mine.attendance.update(present=False)
    with pytest.raises(ValidationError):
        services.evaluation_submit(enrolment=course.mine, by=world.supporter, ratings=GOOD)
    assert not EvaluationResponse.objects.exists()


def test_a_session_is_filed_whole_under_the_year_of_its_last_day(world, course, login):
    """Answers given after 1 April stay with their session's year, so no page's total differs from
    another's by just those answers."""
    for index in range(5):
        EvaluationResponse.objects.create(session=course, answered_on=LAST_DAY, comment=f"一月の回答{index}", released=True, **GOOD)
    for index in range(3):
        EvaluationResponse.objects.create(session=course, answered_on=datetime.date(2027, 4, 3), comment=f"四月の回答{index}", released=True, **GOOD)
    subject_page = login(world.editor).get(f"/sessions/evaluations/{course.subject.code}/?year=2026").content.decode()
    assert "四月の回答0" in subject_page and "一月の回答0" in subject_page and "回答 8 件" in subject_page
    assert "四月の回答0" not in login(world.editor).get(f"/sessions/evaluations/{course.subject.code}/?year=2027").content.decode()


def test_answers_are_added_to_the_summary_five_at_a_time(world, course, login):
    """Read before and after one more answer, a summary must not give that answer away."""
    answer(course, 5, comment="最初の五人")
    url = f"/sessions/{course.pk}/evaluation/summary/"
    before = selectors.evaluation_summary(EvaluationResponse.objects.filter(session=course))
    answer(course, 1, comment="六人目の感想")
    after = selectors.evaluation_summary(EvaluationResponse.objects.filter(session=course))
    assert (after["count"], after["items"], after["waiting"]) == (before["count"], before["items"], 1)
    page = login(world.lecturer).get(url).content.decode()
    assert "六人目の感想" not in page and "あと 1 件" in page
    answer(course, 4, comment="次の四人")
    page = login(world.lecturer).get(url).content.decode()
    assert "六人目の感想" in page and "回答 10 件" in page and "あと" not in page


def test_someone_who_attended_no_day_is_told_so_instead_of_the_form(world, course, login):
    course.mine.attendance.update(present=False)
    client = login(world.supporter)
    assert "出席した人だけです" in client.get(course.get_absolute_url()).content.decode()
    page = client.get(f"/sessions/{course.pk}/evaluation/").content.decode()
    assert "出席した人だけです" in page and 'type="radio"' not in page
