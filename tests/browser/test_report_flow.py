"""On a phone: a participant takes day 1's understanding test and submits the course report; the
lecturer returns the report with comments, the participant resubmits, the lecturer accepts; the
institute completes the session, the rule met, and issues the certificate; the participant answers
the course evaluation, and its summary opens to the lecturer once five have answered."""

import datetime

import pytest

from curriculum.loader import load_curriculum
from lms.assessment import services as assessment
from lms.assessment.models import CompletionRule
from lms.certificates.models import Certificate
from lms.organisations.models import Job
from lms.training.models import Attendance, Enrolment, TrainingRecord
from tests import factories
from tests.assessment.conftest import participant_who_attended, publish_test
from tests.clock import at
from tests.conftest import give_totp
from tests.training.conftest import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "３日目の研修で学んだ方法・技術を、明日からの実践にどう活かしますか。"


def test_report_returned_resubmitted_accepted_then_completed(page, live_server, browser_login, time_machine):
    time_machine.move_to(at("2027-01-22", hour=18), tick=True)  # the evening of the last day
    load_curriculum()
    centre, institute = factories.CentreFactory(name="北九州ブラウザセンター"), factories.InstituteFactory()
    supporter = factories.person(centre, Job.SUPPORTER_INDIVIDUAL, email="r.supporter@example.jp", last_name="山田", first_name="花子")
    lecturer = factories.person(institute, Job.LECTURER, email="r.lecturer@example.jp", last_name="講師", first_name="一郎")
    staff = factories.person(institute, Job.INSTITUTE_STAFF, email="r.institute@example.jp")
    session = make_session(organiser=institute)
    session.lecturers.add(lecturer)
    CompletionRule.objects.create(
        subject=session.subject, effective_from=datetime.date(2026, 4, 1), tests_required=True, report_required=True,
        report_question=QUESTION, report_length=2000,
    )
    publish_test(session.subject, questions=[
        {"type": "single_choice", "id": "q1", "value": {"prompt": "最初に大切にすることは？", "points": 1, "explanation": "関係づくりが土台です。",
                                                         "choices": [{"text": "関係づくり", "correct": True}, {"text": "書類の確認", "correct": False}]}},
        {"type": "multiple_choice", "id": "q2", "value": {"prompt": "つなぐ方法をすべて選ぶ", "points": 2, "explanation": "",
                                                           "choices": [{"text": "居場所の紹介", "correct": True}, {"text": "出会いの場", "correct": True}, {"text": "書類審査", "correct": False}]}},
    ])
    enrolment = factories.EnrolmentFactory(session=session, person=supporter, status=Enrolment.Status.CONFIRMED)
    for day in session.days.all():
        Attendance.objects.create(enrolment=enrolment, day=day, present=True, marked_by=staff)

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, supporter)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    assert "レポート未提出" in page.content()  # the session page says what is still to do
    assert "1 日目の習得度テストに未合格" in page.content()
    page.get_by_role("link", name="習得度テスト").click()
    page.get_by_role("link", name="テストを受ける").click()
    page.get_by_label("関係づくり").check()
    page.get_by_label("居場所の紹介").check()
    page.get_by_label("出会いの場").check()
    page.get_by_role("button", name="解答を提出する").click()
    assert "解答を提出しました" in page.content() and "合格" in page.content() and "3 / 3" in page.content()
    assert "関係づくりが土台です。" in page.content()  # the explanation, once passed
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("link", name="レポートを書く").click()
    assert QUESTION in page.content() and "2000 字程度" in page.content()
    page.get_by_label("あなたのレポート").fill("相談者の話を遮らずに聴く。" * 10)
    assert page.locator("[data-character-count-for]").inner_text() == "130 字（目安 2000 字）"
    page.get_by_role("button", name="提出する").click()
    assert "レポートを提出しました" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.context.clear_cookies()  # the next person signs in on the same phone

    browser_login(page, lecturer)
    page.goto(f"{live_server.url}/sessions/{session.pk}/report/?status=waiting")
    page.get_by_role("link", name="山田 花子").click()
    page.get_by_label("受講者へのコメント").fill("具体的な場面を一つ挙げてください。")
    page.get_by_role("button", name="差し戻す").click()
    assert "差し戻しました" in page.content()
    page.context.clear_cookies()  # the next person signs in on the same phone

    browser_login(page, supporter)
    page.goto(f"{live_server.url}/sessions/{session.pk}/report/")
    assert "具体的な場面を一つ挙げてください。" in page.content()
    page.get_by_label("あなたのレポート").fill("先週の面談で、相談者の話を遮らずに聴いた。" * 10)
    page.get_by_role("button", name="提出する").click()
    assert "第 2 回提出" in page.content() and "第 1 回提出" in page.content()  # the first one is kept
    page.context.clear_cookies()  # the next person signs in on the same phone

    browser_login(page, lecturer)
    page.goto(f"{live_server.url}/sessions/{session.pk}/report/?status=waiting")
    page.get_by_role("link", name="山田 花子").click()
    page.get_by_role("button", name="受理する", exact=True).click()
    assert "レポートを受理しました" in page.content()
    page.context.clear_cookies()  # the next person signs in on the same phone

    browser_login(page, staff, totp=give_totp(staff))
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    assert page.locator("form[action$='/complete/'] input[name=complete]").is_checked()  # the rule is met: selected
    page.get_by_role("button", name="修了を記録する").click()
    assert "修了を記録し" in page.content()
    assert TrainingRecord.objects.filter(enrolment=enrolment).exists()
    page.get_by_role("button", name="この研修会の修了証を発行する").click()
    page.wait_for_load_state()
    assert Certificate.objects.filter(holder=supporter, subject=session.subject).exists()
    page.context.clear_cookies()

    # The participant answers the course evaluation on the phone; the summary opens at five answers.
    browser_login(page, supporter)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("link", name="受講者アンケートに回答する").click()
    for legend in ("内容", "研修の方法", "講師", "実践への役立ち"):
        page.get_by_role("group", name=legend, exact=True).get_by_label("4 — よい").check()
    page.get_by_label("自由記述").fill("事例検討がすぐ役に立ちそうです。")
    page.get_by_role("button", name="送信する").click()
    assert "ご協力ありがとうございました" in page.content()
    page.context.clear_cookies()
    browser_login(page, lecturer)
    page.goto(f"{live_server.url}/sessions/{session.pk}/evaluation/summary/")
    assert "5 人以上が回答してから" in page.content() and "事例検討" not in page.content()
    for _index in range(4):
        person, other = participant_who_attended(session)
        assessment.evaluation_submit(enrolment=other, by=person, ratings={"content": 5, "method": 5, "lecturer": 5, "usefulness": 5})
    page.reload()
    assert "回答 5 件" in page.content() and "事例検討がすぐ役に立ちそうです。" in page.content() and "平均 4.8" in page.content()
