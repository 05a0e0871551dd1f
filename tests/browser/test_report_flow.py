"""On a phone: a participant submits the course report, the lecturer returns it with comments, the
participant resubmits, the lecturer accepts; the institute completes the session, the rule met."""

import datetime

import pytest

from curriculum.loader import load_curriculum
from lms.assessment.models import CompletionRule
from lms.organisations.models import Job
from lms.training.models import Attendance, Enrolment, TrainingRecord
from tests import factories
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
        subject=session.subject, effective_from=datetime.date(2026, 4, 1), report_required=True, report_question=QUESTION, report_length=2000,
    )
    enrolment = factories.EnrolmentFactory(session=session, person=supporter, status=Enrolment.Status.CONFIRMED)
    for day in session.days.all():
        Attendance.objects.create(enrolment=enrolment, day=day, present=True, marked_by=staff)

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, supporter)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    assert "レポート未提出" in page.content()  # the session page says what is still to do
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
