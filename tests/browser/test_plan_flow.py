"""Draft → submit → returned with a comment → revise → resubmit → approved → in the handbook."""

import pytest

from curriculum.loader import load_curriculum
from curriculum.models import Subject
from lms import clock
from lms.organisations.models import Job
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="ログアウト").click()


def test_plan_cycle_with_return_and_approval(page, live_server, browser_login):
    load_curriculum()
    centre = factories.CentreFactory(name="計画テストセンター")
    supporter = factories.person(centre, Job.SUPPORTER_INDIVIDUAL, email="plan.supporter@example.jp", last_name="木村", first_name="彩")
    supervisor = factories.person(centre, Job.SUPERVISOR, email="plan.supervisor@example.jp")

    browser_login(page, supporter)
    page.get_by_role("link", name="作成する").click()  # the home panel: no plan yet this year
    page.get_by_role("button", name="年度の計画を作成する").click()
    page.get_by_label("3年後にめざす相談支援員像").fill("地域とつながる相談支援員")
    page.get_by_label("今年度の目標").fill("研修に出る")
    page.get_by_role("button", name="保存して上司に提出する").click()
    assert "上司に提出しました" in page.content()
    assert "必修の研修が計画に入っていません" in page.content()  # the required-subject warning
    sign_out(page)

    browser_login(page, supervisor)
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="木村 彩").first.click()
    page.get_by_label("コメント").fill("目標を具体的にしてください")
    page.get_by_role("button", name="コメントを付けて差し戻す").click()
    assert "差し戻しました" in page.content()
    sign_out(page)

    browser_login(page, supporter)
    assert "差し戻されました" in page.content()
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="年度").first.click()
    assert "目標を具体的にしてください" in page.content()  # the comment is in the history
    page.get_by_role("link", name="編集").click()
    assert "目標を具体的にしてください" in page.locator(".returned-comment").inner_text()  # the comment beside the form
    page.get_by_label("今年度の目標").fill("生活困窮者支援論を修了し、見立てを説明できるようになる")
    # 図表 2-2: two entries in the core domain's Off-JT line, the second added after saving the first.
    core_offjt = "fieldset[data-domain='core'][data-line='off_jt']"
    page.locator(f"{core_offjt} .plan-entry.blank select[name$='-subject']").select_option(label="生活困窮者支援論")
    page.locator(f"{core_offjt} .plan-entry.blank textarea[name$='-goal']").fill("見立てを説明できる")
    page.get_by_role("button", name="下書きを保存").click()
    assert "保存しました" in page.content()
    page.get_by_role("link", name="編集").click()
    assert page.locator(f"{core_offjt} .plan-entry").count() == 2  # the saved entry and a new blank one
    page.locator(f"{core_offjt} .plan-entry.blank select[name$='-subject']").select_option(label="生活困窮者支援プログラム論")
    page.locator(f"{core_offjt} .plan-entry.blank input[name$='-period']").fill("来年2月")
    page.get_by_role("button", name="保存して上司に提出する").click()
    assert "上司に提出しました" in page.content()
    sign_out(page)

    browser_login(page, supervisor)
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="木村 彩").first.click()
    page.get_by_role("button", name="承認", exact=True).click()
    assert "計画を承認しました" in page.content()
    sign_out(page)

    browser_login(page, supporter)
    page.goto(f"{live_server.url}/handbook/")
    plan_row = page.locator("tr.entry-plan")
    assert plan_row.count() == 1
    assert "承認済み" in plan_row.inner_text() and "見立てを説明できる" in plan_row.inner_text()

    # Step 5: at year end each entry shows what was done against it, and unplanned training shows too.
    factories.TrainingRecordFactory(person=supporter, subject=Subject.objects.get(code="poverty-support"), completed_on=clock.today(), started_on=clock.today())
    factories.TrainingRecordFactory(person=supporter, title="家計相談の基礎", completed_on=clock.today(), started_on=clock.today())
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="年度").first.click()
    page.get_by_role("button", name="今年度の研修を開始する").click()
    page.get_by_role("link", name="年度末の自己評価").click()
    entries = page.locator("tr.plan-entry[data-domain='core'][data-line='off_jt']")
    assert entries.count() == 2
    assert "生活困窮者支援論" in entries.nth(0).locator("td.outcome").inner_text()
    assert "まだ" in entries.nth(1).locator("td.outcome").inner_text()  # プログラム論: not done yet
    assert "家計相談の基礎" in page.locator("section.unplanned").inner_text()
    page.get_by_label("年度末の自己評価").fill("生活困窮者支援論を修了した。プログラム論は来年度に回す。")
    page.get_by_role("button", name="自己評価を保存").click()
    assert "自己評価を保存しました" in page.content()
