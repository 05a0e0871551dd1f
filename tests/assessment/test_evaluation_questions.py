"""A subject's own evaluation questions: its editors write them on the subject page in Wagtail; the
published version is asked after the four standard ratings; the answers are summarised like them,
never below five, and keep to their question when it is reworded."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from curriculum.models import SubjectPage
from curriculum.setup import ensure_curriculum_pages
from lms.assessment import rules, selectors, services
from lms.assessment.models import EvaluationResponse

from .conftest import LAST_DAY, participant_who_attended

pytestmark = [pytest.mark.django_db, pytest.mark.today(LAST_DAY)]

GOOD = {"content": 5, "method": 4, "lecturer": 5, "usefulness": 3}
ROLE_PLAY = rules.EvaluationQuestion(id="rp", kind="rating", question="ロールプレイの時間は十分でしたか")
WISH = rules.EvaluationQuestion(id="wish", kind="text", question="次回取り上げてほしいテーマ")


def ask(subject, *questions):
    """Publish the subject page with `questions` as its own evaluation questions."""
    ensure_curriculum_pages()
    page = SubjectPage.objects.get(subject=subject)
    page.evaluation_questions = [
        {"type": question.kind, "id": question.id, "value": {"question": question.question}} for question in questions
    ]
    page.save_revision().publish()
    return page


def answer(session, own_answers, count=1):
    for _index in range(count):
        person, enrolment = participant_who_attended(session)
        services.evaluation_submit(enrolment=enrolment, by=person, ratings=GOOD, own_answers=own_answers)


def test_an_editor_writes_the_questions_in_wagtail_and_only_the_published_ones_are_asked(world, course, login):
    ensure_curriculum_pages()
    page = SubjectPage.objects.get(subject=course.subject)
    editor = login(world.editor)
    form = nested_form_data({
        "title": page.title, "slug": page.slug, "subject": course.subject.pk, "intro": rich_text(""),
        "evaluation_questions": streamfield([("rating", {"question": "ロールプレイの時間は十分でしたか"}), ("text", {"question": "次回取り上げてほしいテーマ"})]),
    })
    response = editor.post(f"/admin/pages/{page.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    participant = login(world.supporter)
    assert "ロールプレイの時間" not in participant.get(f"/sessions/{course.pk}/evaluation/").content.decode()  # a draft asks nothing
    page.refresh_from_db()
    page.get_latest_revision().publish()
    form_page = participant.get(f"/sessions/{course.pk}/evaluation/").content.decode()
    assert "ロールプレイの時間は十分でしたか" in form_page and "次回取り上げてほしいテーマ" in form_page
    assert form_page.count('type="radio"') == 25  # the four standard ratings and the subject's own, five choices each


def test_answers_are_kept_with_their_question_and_a_rating_is_required(world, course, login):
    ask(course.subject, ROLE_PLAY, WISH)
    client = login(world.supporter)
    standard = {name: str(value) for name, value in GOOD.items()}
    response = client.post(f"/sessions/{course.pk}/evaluation/", {**standard, "own_wish": "面接の記録", "comment": "感想"})
    assert response.status_code == 200 and "面接の記録" in response.content.decode() and not EvaluationResponse.objects.exists()
    response = client.post(f"/sessions/{course.pk}/evaluation/", {**standard, "own_rp": "2", "own_wish": "面接の記録", "comment": "感想"})
    assert response.status_code == 302
    assert EvaluationResponse.objects.get().answers == [
        {"id": "rp", "kind": "rating", "question": ROLE_PLAY.question, "value": 2},
        {"id": "wish", "kind": "text", "question": WISH.question, "value": "面接の記録"},
    ]
    with pytest.raises(ValidationError):  # the service refuses a rating out of range, whatever the form does
        services.evaluation_submit(enrolment=course.colleagues, by=world.community_supporter, ratings=GOOD, own_answers={"rp": 6})


def test_own_questions_are_summarised_only_from_five_answers(world, course, login):
    ask(course.subject, ROLE_PLAY, WISH)
    answer(course, {"rp": 2, "wish": "家族支援の事例"}, count=4)
    page = login(world.lecturer).get(f"/sessions/{course.pk}/evaluation/summary/").content.decode()
    assert "ロールプレイ" not in page and "家族支援の事例" not in page
    answer(course, {"rp": 4, "wish": ""}, count=1)
    summary = selectors.evaluation_summary(EvaluationResponse.objects.filter(session=course), selectors.evaluation_questions(course.subject))
    role_play = next(item for item in summary["items"] if item["name"] == "rp")
    assert role_play["average"] == pytest.approx(2.4) and role_play["answers"] == 5
    assert summary["texts"] == [{"question": WISH.question, "texts": ["家族支援の事例"] * 4}]  # a blank answer is not listed
    page = login(world.lecturer).get(f"/sessions/{course.pk}/evaluation/summary/").content.decode()
    assert "ロールプレイの時間は十分でしたか" in page and "家族支援の事例" in page
    committee = login(world.editor).get(f"/sessions/evaluations/{course.subject.code}/?year=2026").content.decode()
    assert "次回取り上げてほしいテーマ" in committee and "家族支援の事例" in committee


def test_a_question_added_late_waits_for_five_answers_of_its_own(world, course):
    answer(course, {}, count=5)
    ask(course.subject, ROLE_PLAY)
    answer(course, {"rp": 1}, count=2)
    summary = selectors.evaluation_summary(EvaluationResponse.objects.filter(session=course), selectors.evaluation_questions(course.subject))
    assert summary["shown"] and summary["count"] == 5 and summary["waiting"] == 2  # the two wait for three more
    assert "rp" not in {item["name"] for item in summary["items"]}  # two answers would give the two people away


def test_a_reworded_question_keeps_its_answers_and_a_removed_one_is_still_summarised():
    answered = [("A", [{"id": "rp", "kind": "rating", "question": "旧い問い", "value": 3}])] * 4
    answered += [("A", [{"id": "rp", "kind": "rating", "question": "中間の問い", "value": 3}])]
    reworded = rules.EvaluationQuestion(id="rp", kind="rating", question="新しい問い")
    ratings, _texts = rules.summarise_answers([reworded], answered, 5)
    assert [(item["label"], item["answers"]) for item in ratings] == [("新しい問い", 5)]
    ratings, _texts = rules.summarise_answers([], answered, 5)
    assert [(item["label"], item["average"]) for item in ratings] == [("中間の問い", 3)]  # the wording last answered
    ratings, _texts = rules.summarise_answers([], answered[:4] + [("B", answered[4][1])], 5)
    assert ratings == []  # four in one session and one in another: neither reaches five


def test_answers_to_questions_not_asked_are_dropped_and_texts_are_trimmed():
    kept = rules.evaluation_answers([ROLE_PLAY, WISH], {"rp": 5, "wish": "  ケース会議  ", "forged": "x"})
    assert kept == [
        {"id": "rp", "kind": "rating", "question": ROLE_PLAY.question, "value": 5},
        {"id": "wish", "kind": "text", "question": WISH.question, "value": "ケース会議"},
    ]
    assert rules.evaluation_answers([WISH], {"wish": "   "})[0]["value"] == ""  # kept blank: it counts as asked
    for bad in (None, 0, 6, "5", True):
        with pytest.raises(ValueError):
            rules.evaluation_answers([ROLE_PLAY], {"rp": bad})


def stored(session, count, *, on=LAST_DAY, own=(), comment="", **ratings):
    """Answers as the service stores them (released in groups of five), without people behind them."""
    for _index in range(count):
        EvaluationResponse.objects.create(session=session, answered_on=on, comment=comment, answers=list(own), **{**GOOD, **ratings})
        services.release_in_groups(EvaluationResponse.objects.filter(session=session))


def own(question, value):
    return {"id": question.id, "kind": question.kind, "question": question.question, "value": value}


def test_a_late_rating_in_one_session_cannot_be_read_by_subtracting_it_from_the_subject_total(world, course):
    """Session B has five answers from before the question and one after; session A five to it. B's
    one answer must not be in the subject's total, or the total minus A's summary gives it away."""
    from tests.training.conftest import make_session

    ask(course.subject, ROLE_PLAY)
    other = make_session(organiser=world.institute)
    stored(other, 5)
    stored(other, 1, own=[own(ROLE_PLAY, 1)])
    stored(course, 5, own=[own(ROLE_PLAY, 5)])
    subject = selectors.subject_evaluations(course.subject, 2026)["summary"]
    role_play = next(item for item in subject["items"] if item["name"] == "rp")
    assert role_play["answers"] == 5 and role_play["average"] == 5


def test_texts_of_a_question_added_late_wait_for_five_answers_to_it(world, course, login):
    stored(course, 5)
    ask(course.subject, WISH)
    stored(course, 1, own=[own(WISH, "六人目だけの記述")])
    assert "六人目だけの記述" not in login(world.lecturer).get(f"/sessions/{course.pk}/evaluation/summary/").content.decode()
    stored(course, 4, own=[own(WISH, "")])  # blank answers count as asked, and are not listed
    page = login(world.lecturer).get(f"/sessions/{course.pk}/evaluation/summary/").content.decode()
    assert "六人目だけの記述" in page and page.count("<li></li>") == 0


def test_a_draft_of_an_unpublished_subject_page_asks_nothing(world, course, login):
    """Wagtail saves an unpublished page's drafts into its row: the questions come from the live revision only."""
    page = ask(course.subject, ROLE_PLAY)
    page.unpublish()
    page.refresh_from_db()
    page.evaluation_questions = [{"type": "text", "id": "name", "value": {"question": "お名前と所属センター"}}]
    page.save()  # what Wagtail's edit view does when the page is not live
    page.save_revision()
    form_page = login(world.supporter).get(f"/sessions/{course.pk}/evaluation/").content.decode()
    assert "お名前と所属センター" not in form_page and "ロールプレイ" not in form_page
    assert selectors.evaluation_questions(course.subject) == []


def test_the_committee_page_shows_where_the_questions_are_written(world, course, login):
    ask(course.subject)
    page = SubjectPage.objects.get(subject=course.subject)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    assert edit_url in login(world.editor).get(f"/sessions/evaluations/{course.subject.code}/").content.decode()
    assert edit_url not in login(world.institute_staff).get(f"/sessions/evaluations/{course.subject.code}/").content.decode()
