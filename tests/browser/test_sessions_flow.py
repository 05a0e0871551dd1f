"""Apply → director approves → institute marks attendance and completion → handbook and PDF."""

import subprocess

import pytest

from curriculum.loader import load_curriculum
from lms.organisations.models import Job
from tests import factories
from tests.clock import at
from tests.conftest import give_totp
from tests.training.conftest import TODAY, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_application_to_handbook(page, live_server, browser_login, tmp_path, time_machine):
    # Applications are open around 23 November 2026; the session runs 20-22 January 2027.
    time_machine.move_to(at(TODAY), tick=True)
    load_curriculum()
    centre, institute = factories.CentreFactory(name="北九州ブラウザセンター"), factories.InstituteFactory()
    supporter = factories.person(centre, Job.SUPPORTER_INDIVIDUAL, email="b.supporter@example.jp", last_name="山田", first_name="花子")
    director = factories.person(centre, Job.DIRECTOR, email="b.director@example.jp")
    staff = factories.person(institute, Job.INSTITUTE_STAFF, email="b.institute@example.jp")
    session = make_session(organiser=institute)

    browser_login(page, supporter)
    page.goto(f"{live_server.url}/sessions/")
    page.get_by_role("link", name="テスト回").click()
    page.get_by_role("button", name="申し込む").click()
    assert "申込みを送信しました" in page.content()
    assert "センター長の承認待ち" in page.content()
    page.get_by_role("button", name="ログアウト").click()

    browser_login(page, director)
    assert "承認を待っています" in page.content()  # the home panel says what to do next
    page.goto(f"{live_server.url}/sessions/")
    page.get_by_role("button", name="承認", exact=True).click()
    assert "承認しました" in page.content()
    page.get_by_role("button", name="ログアウト").click()

    time_machine.move_to(at("2027-01-22", hour=17), tick=True)  # after the last day
    browser_login(page, staff, totp=give_totp(staff))
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    assert "山田 花子" in page.content()
    page.get_by_role("button", name="全員を出席にする").click()
    page.get_by_role("button", name="出欠を保存").click()
    assert "出欠を保存しました" in page.content()
    completion = page.locator("form[action$='/complete/'] input[name=complete]")
    assert completion.is_checked()  # full attendance is selected by default
    page.get_by_role("button", name="修了を記録する").click()
    assert "修了を記録し" in page.content()
    page.get_by_role("button", name="ログアウト").click()

    browser_login(page, supporter)
    page.goto(f"{live_server.url}/handbook/")
    # Three days of six hours on the timetable count 24 h of Off-JT: the policy's 8 h a day (seed 004 part 3 ②).
    assert "生活困窮者支援論" in page.content() and "24.0" in page.content() and "3日" in page.content()
    assert "2026年度" in page.content()
    response = page.request.get(f"{live_server.url}/handbook/handbook.pdf")
    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "生活困窮者支援論" in text and "24.0" in text and "山田" in text
