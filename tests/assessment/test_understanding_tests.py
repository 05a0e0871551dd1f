"""Understanding tests: taken on their day, choices marked at once, written answers by the lecturer;
the pass mark and the number of attempts from the rule; answers private and never changed; the
session completes only when each day's test is passed (when the rule asks)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.assessment import rules, selectors, services
from lms.assessment.models import CompletionRule, TestAttempt
from lms.training import services as training
from tests import factories
from tests.clock import at

from .conftest import LAST_DAY, publish_test, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.today(LAST_DAY)]

ALL_RIGHT = {"q1": ["0"], "q2": ["0", "1"], "q3": "関係づくりから始める"}


def test_choices_are_marked_at_once_and_written_answers_wait_for_the_lecturer(world, course):
    test = publish_test(course.subject)
    attempt = services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)
    assert attempt.status == TestAttempt.Status.AWAITING_MARKING and attempt.points == {"q1": 1, "q2": 2, "q3": None}
    attempt = services.attempt_mark(attempt=attempt, by=world.lecturer, awarded={"q3": 1})
    assert (attempt.score, attempt.max_score, attempt.status) == (4, 5, TestAttempt.Status.PASSED)  # 80% ≥ 60%


def test_a_partly_right_multiple_choice_scores_nothing():
    question = rules.Question(id="q", kind=rules.MULTIPLE, prompt="", points=2, choices=(("A", True), ("B", True), ("C", False)))
    assert rules.mark_choices([question], {"q": [0]}) == {"q": 0}
    assert rules.mark_choices([question], {"q": [0, 1, 2]}) == {"q": 0}
    assert rules.mark_choices([question], {"q": [1, 0]}) == {"q": 2}


@pytest.mark.parametrize(("score", "max_score", "pass_mark", "status"), [
    (3, 5, 60, "passed"), (2, 5, 60, "failed"), (4, 7, 60, "failed"), (5, 7, 60, "passed"), (10, 10, 100, "passed"), (0, 5, 1, "failed"),
])
def test_the_pass_mark_is_a_percentage_of_the_points(score, max_score, pass_mark, status):
    points = {"a": score}
    assert rules.test_result(points, max_score, pass_mark) == (score, status)


def test_the_test_opens_on_its_day(world, course, frozen):
    test = publish_test(course.subject, day=2)
    frozen.move_to(at(datetime.date(2027, 1, 20)), tick=False)
    with pytest.raises(ValidationError):
        services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)
    frozen.move_to(at(datetime.date(2027, 1, 21)), tick=False)
    assert services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT).number == 1


def test_attempts_are_limited_by_the_rule_and_stop_after_a_pass(world, course):
    choice_only = [{"type": "single_choice", "id": "q1", "value": {"prompt": "問", "points": 1, "explanation": "",
                                                                    "choices": [{"text": "正", "correct": True}, {"text": "誤", "correct": False}]}}]
    test = publish_test(course.subject, questions=choice_only)
    CompletionRule.objects.filter(pk=course.rule.pk).update(attempts_allowed=2)
    wrong, right = {"q1": ["1"]}, {"q1": ["0"]}
    assert services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=wrong).status == "failed"
    assert services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=wrong).status == "failed"
    with pytest.raises(ValidationError):
        services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=right)  # no third attempt
    assert services.test_submit(enrolment=course.colleagues, test=test, by=world.community_supporter, answers=right).status == "passed"
    with pytest.raises(ValidationError):
        services.test_submit(enrolment=course.colleagues, test=test, by=world.community_supporter, answers=right)  # passed already


def test_tampered_answers_and_other_peoples_places_are_refused(world, course):
    test = publish_test(course.subject)
    for answers in ({**ALL_RIGHT, "q1": ["0", "1"]}, {**ALL_RIGHT, "q2": ["7"]}, {**ALL_RIGHT, "q3": "長" * 2001}):
        with pytest.raises(ValidationError):
            services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=answers)
    with pytest.raises(PermissionDenied):
        services.test_submit(enrolment=course.mine, test=test, by=world.community_supporter, answers=ALL_RIGHT)
    assert not TestAttempt.objects.exists()


def test_an_attempt_is_marked_against_the_version_taken(world, course):
    """The editors may publish a new edition while an attempt waits: the attempt keeps its questions."""
    import json

    test = publish_test(course.subject)
    attempt = services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)
    test.questions = json.dumps([{"type": "short_text", "id": "q9", "value": {"prompt": "別の問い", "points": 5, "model_answer": ""}}])
    test.save_revision().publish()
    attempt = services.attempt_mark(attempt=attempt, by=world.lecturer, awarded={"q3": 2})
    assert (attempt.score, attempt.max_score) == (5, 5)


def test_only_those_who_teach_the_session_mark_and_marks_are_in_range(world, course):
    test = publish_test(course.subject)
    attempt = services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)
    for stranger in (world.supporter, world.director, factories.person(world.institute, "lecturer", email="x.lecturer@example.jp")):
        with pytest.raises(PermissionDenied):
            services.attempt_mark(attempt=attempt, by=stranger, awarded={"q3": 1})
    for awarded in ({"q3": 3}, {"q3": -1}, {}):
        with pytest.raises(ValidationError):
            services.attempt_mark(attempt=attempt, by=world.lecturer, awarded=awarded)
    services.attempt_mark(attempt=attempt, by=world.lecturer, awarded={"q3": 0})
    with pytest.raises(ValidationError):
        services.attempt_mark(attempt=attempt, by=world.lecturer, awarded={"q3": 2})  # marked once; the result stands


def test_completion_needs_each_days_test_passed_when_the_rule_says(world, course):
    CompletionRule.objects.filter(pk=course.rule.pk).update(tests_required=True, report_required=False)
    test = publish_test(course.subject)
    with pytest.raises(ValidationError) as refused:
        training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)
    assert "1 日目" in refused.value.messages[0] or "day 1" in refused.value.messages[0]
    attempt = services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)
    with pytest.raises(ValidationError):  # awaiting the lecturer's marking
        training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)
    services.attempt_mark(attempt=attempt, by=world.lecturer, awarded={"q3": 2})
    assert training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)


def test_a_test_not_required_by_the_rule_does_not_hold_completion(world, course):
    CompletionRule.objects.filter(pk=course.rule.pk).update(report_required=False)
    publish_test(course.subject)
    assert training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)


def test_a_participant_never_reads_another_participants_answers(world, course, login):
    test = publish_test(course.subject)
    theirs = services.test_submit(enrolment=course.colleagues, test=test, by=world.community_supporter, answers=ALL_RIGHT)
    assert login(world.supporter).get(f"/sessions/{course.pk}/tests/attempts/{theirs.pk}/").status_code == 403
    assert login(world.other_director).get(f"/sessions/{course.pk}/tests/attempts/{theirs.pk}/").status_code == 403
    # Their centre's director reads it, as they read the handbook that lists it, but never what the lecturer looks for.
    read = login(world.director).get(f"/sessions/{course.pk}/tests/attempts/{theirs.pk}/").content.decode()
    assert "関係づくりから始める" in read and "具体的な行動" not in read
    page = login(world.lecturer).get(f"/sessions/{course.pk}/tests/attempts/{theirs.pk}/").content.decode()
    assert "関係づくりから始める" in page and "具体的な行動" in page  # the lecturer sees the answer and what to look for


def test_the_take_page_shows_no_answers_and_keeps_choices_on_refusal(world, course, login):
    test = publish_test(course.subject)
    client = login(world.supporter)
    page = client.get(f"/sessions/{course.pk}/tests/{test.pk}/").content.decode()
    assert "伴走型支援で最初に大切にすることは？" in page and "具体的な行動" not in page and "correct" not in page.lower().replace("incorrect", "")
    # Each question's number is inside its box, in the legend, not a list marker hung outside it.
    assert '<legend><span class="question-number">問1</span>' in page and '<span class="question-number">問3</span>' in page
    response = client.post(f"/sessions/{course.pk}/tests/{test.pk}/", {"q-q1": ["0", "1"], "q-q3": "書いた答え"})
    assert response.status_code == 200 and "書いた答え" in response.content.decode() and not TestAttempt.objects.exists()
    response = client.post(f"/sessions/{course.pk}/tests/{test.pk}/", {"q-q1": "0", "q-q2": ["0", "1"], "q-q3": "書いた答え"})
    assert response.status_code == 302 and TestAttempt.objects.get().answers == {"q1": [0], "q2": [0, 1], "q3": "書いた答え"}


def test_the_page_of_a_test_is_never_served_to_the_public(world, course, client):
    test = publish_test(course.subject)
    assert client.get(test.url).status_code == 404


def test_the_results_of_a_session_take_the_same_queries_for_5_or_60_people(world, course, login):
    test = publish_test(course.subject)
    client = login(world.lecturer)

    def add(count):
        for _index in range(count):
            enrolment = factories.EnrolmentFactory(session=course, person=factories.UserFactory())
            TestAttempt.objects.create(enrolment=enrolment, test=test, revision=test.live_revision, number=1, submitted_at=at(LAST_DAY),
                                       score=5, max_score=5, pass_mark=60, status="passed")


    add(5)
    few = queries_for(client, f"/sessions/{course.pk}/tests/")
    add(55)
    assert queries_for(client, f"/sessions/{course.pk}/tests/") == few


def test_results_appear_in_the_handbook(world, course, login):
    test = publish_test(course.subject)
    attempt = services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)
    services.attempt_mark(attempt=attempt, by=world.lecturer, awarded={"q3": 2})
    page = login(world.supporter).get("/handbook/").content.decode()
    assert "1日目 習得度テスト" in page and "5 / 5" in page


def test_standings_name_the_missing_test_day(world, course):
    CompletionRule.objects.filter(pk=course.rule.pk).update(tests_required=True, report_required=False)
    publish_test(course.subject, day=2)
    found = selectors.standings(course, [course.mine])
    assert len(found[course.mine.pk]) == 1 and "2" in found[course.mine.pk][0]


def test_a_test_published_after_the_session_is_not_that_sessions(world, course, frozen):
    frozen.move_to(at(LAST_DAY + datetime.timedelta(days=1)), tick=False)
    publish_test(course.subject)
    assert selectors.tests_for(course) == {}
    later = factories.TrainingSessionFactory(days=[datetime.date(2027, 6, 1)])
    assert list(selectors.tests_for(later)) == [1]


def test_a_completed_participant_no_longer_takes_the_test(world, course):
    CompletionRule.objects.filter(pk=course.rule.pk).update(report_required=False)
    test = publish_test(course.subject)
    training.session_complete(session=course, enrolment_ids={course.mine.pk}, by=world.institute_staff)
    with pytest.raises(ValidationError):
        services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)


def test_odd_digits_are_refused_not_an_error(world, course, login):
    test = publish_test(course.subject)
    client = login(world.supporter)
    response = client.post(f"/sessions/{course.pk}/tests/{test.pk}/", {"q-q1": "²", "q-q2": "0", "q-q3": "答え"})
    assert response.status_code == 200 and "問題と合わない解答があります" in response.content.decode() and not TestAttempt.objects.exists()
    attempt = services.test_submit(enrolment=course.mine, test=test, by=world.supporter, answers=ALL_RIGHT)
    response = login(world.lecturer).post(f"/sessions/{course.pk}/tests/attempts/{attempt.pk}/", {"points-q3": "²"}, follow=True)
    assert response.status_code == 200 and "0〜2 点" in response.content.decode()
    response = login(world.lecturer).post(f"/sessions/{course.pk}/tests/attempts/{attempt.pk}/", {"points-q3": "２"})
    assert TestAttempt.objects.get().score == 5  # full-width digits are digits


def test_the_questions_stay_unseen_once_passed_or_before_the_day(world, course, login, frozen):
    test = publish_test(course.subject, day=3)
    client = login(world.supporter)
    frozen.move_to(at(datetime.date(2027, 1, 21)), tick=False)
    assert "伴走型支援で最初に" not in client.get(f"/sessions/{course.pk}/tests/{test.pk}/", follow=True).content.decode()
    frozen.move_to(at(LAST_DAY), tick=False)
    assert "伴走型支援で最初に" in client.get(f"/sessions/{course.pk}/tests/{test.pk}/").content.decode()


def test_answers_to_an_edition_replaced_meanwhile_are_refused(world, course, login):
    import json

    test = publish_test(course.subject)
    client = login(world.supporter)
    taken = test.live_revision_id
    test.questions = json.dumps([{"type": "short_text", "id": "q9", "value": {"prompt": "新しい問い", "points": 5, "model_answer": ""}}])
    test.save_revision().publish()
    response = client.post(f"/sessions/{course.pk}/tests/{test.pk}/", {"revision": str(taken), "q-q1": "0"})
    assert "テストが更新されました" in response.content.decode() and not TestAttempt.objects.exists()


def test_only_the_subjects_writers_open_a_test_in_the_admin(world, course, login):
    from curriculum.setup import content_groups, ensure_curriculum_pages

    test = publish_test(course.subject)
    content_groups(ensure_curriculum_pages())
    other = factories.person(world.institute, "lecturer", email="other.lecturer@example.jp")
    from curriculum.services import sync_content_groups

    for lecturer in (world.lecturer, other):
        sync_content_groups(lecturer)
    course.subject.page.lecturers.add(world.lecturer)
    urls = [f"/admin/pages/{test.pk}/history/", f"/admin/pages/{test.pk}/revisions/{test.live_revision_id}/view/"]
    for url in urls:
        assert login(other).get(url).status_code == 403, url
        assert login(world.lecturer).get(url).status_code == 200, url
        assert login(world.editor).get(url).status_code == 200, url
