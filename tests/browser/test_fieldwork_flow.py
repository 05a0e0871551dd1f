"""A host offers placements, the institute publishes the offer, a director nominates their supervisor,
the host accepts and schedules three blocks (after a refused overlapping schedule), the trainee sets a
goal for each block, keeps a daily log and reviews each block with the host, reports, and the host
confirms completion; the handbook and the yearly plan then show the placement.

Time moves forward through the placement; each phase signs in afresh.
"""

import datetime

import pytest
from playwright.sync_api import expect

from curriculum.loader import load_curriculum
from fieldwork import rules
from fieldwork.models import Placement
from lms.organisations.models import Job, Organisation
from skillpath import services as plan_services
from tests import factories
from tests.clock import at
from tests.conftest import give_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLOCKS = [("2027-05-10", "2027-05-21"), ("2027-06-14", "2027-06-25"), ("2027-09-06", "2027-09-17")]




def sign_out(page):
    page.get_by_role("button", name="ログアウト").click()


def open_placement(page, live_server):
    page.goto(f"{live_server.url}/fieldwork/placements/")
    page.get_by_role("link", name="木村 彩").first.click()


def test_offer_nomination_acceptance_three_blocks_and_completion(page, live_server, browser_login, time_machine):
    time_machine.move_to(at("2027-04-05"), tick=True)
    load_curriculum()
    centre = factories.CentreFactory(name="派遣元テストセンター")
    director = factories.person(centre, Job.DIRECTOR, email="fw.director@example.jp")
    trainee = factories.person(centre, Job.SUPERVISOR, email="fw.trainee@example.jp", last_name="木村", first_name="彩")
    host_body = factories.OrganisationFactory(kind=Organisation.Kind.RELATED_BODY, name="家計改善支援ネットワーク試験", is_fieldwork_host=True)
    host = factories.person(host_body, Job.HOST_SUPERVISOR, email="fw.host@example.jp", last_name="受入", first_name="良子")
    institute = factories.person(factories.InstituteFactory(), Job.INSTITUTE_STAFF, email="fw.institute@example.jp")
    code = give_totp(institute)

    # The host writes an offer and sends it to the institute.
    browser_login(page, host)
    page.get_by_role("link", name="体験・交流型研修").first.click()
    page.get_by_role("link", name="家計改善支援ネットワーク試験の募集を作成").click()
    page.get_by_label("タイトル").fill("家計改善支援の現場で学ぶ")
    page.get_by_label("研修のテーマ").fill("家計表を使った面談と、債務整理の相談先へのつなぎ")
    page.get_by_label("受入機関の指導者による指導体制").fill("各回の終わりに1時間の振り返り面談")
    page.get_by_label("定員").fill("1")
    page.get_by_label("受入可能期間（開始）").fill("2027-05-01")
    page.get_by_label("受入可能期間（終了）").fill("2027-12-24")
    page.get_by_label("推薦の締切日").fill("2027-04-20")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="公開を研修・研究機関に依頼する").click()
    assert "研修・研究機関に提出しました" in page.content()
    sign_out(page)

    # The institute publishes it to every centre.
    browser_login(page, institute, totp=code)
    page.goto(f"{live_server.url}/fieldwork/?status=proposed")
    page.get_by_role("link", name="家計改善支援の現場で学ぶ").click()
    page.get_by_role("button", name="全国のセンターに公開する").click()
    assert "公開しました" in page.content()
    sign_out(page)

    # The director nominates their supervisor; supporters are not offered (supervisor tier first).
    browser_login(page, director)
    page.goto(f"{live_server.url}/fieldwork/")
    page.get_by_role("link", name="家計改善支援の現場で学ぶ").click()
    page.get_by_label("推薦する職員").select_option(label="木村 彩")
    page.get_by_label("推薦の理由と、持ち帰ってほしいこと").fill("家計改善支援との連携をセンターに持ち帰るため")
    page.get_by_label("希望する時期").fill("5月・6月・9月")
    page.get_by_role("button", name="推薦する", exact=True).click()
    assert "木村 彩さんを推薦しました" in page.content()
    sign_out(page)

    # The host accepts, then schedules the three blocks; an overlap is refused and the dates stay.
    browser_login(page, host)
    page.goto(f"{live_server.url}/fieldwork/applications/")
    page.get_by_role("button", name="受け入れる").click()
    assert "受け入れました" in page.content()
    page.get_by_role("link", name="3回の日程を決める").click()
    page.get_by_label("第1回の開始日").fill(BLOCKS[0][0])
    page.get_by_label("第1回の終了日").fill(BLOCKS[0][1])
    page.get_by_label("第2回の開始日").fill("2027-05-17")
    page.get_by_label("第2回の終了日").fill("2027-05-28")
    page.get_by_label("第3回の開始日").fill(BLOCKS[2][0])
    page.get_by_label("第3回の終了日").fill(BLOCKS[2][1])
    page.get_by_role("button", name="日程を保存する").click()
    assert "第1回と第2回が重なっているか、順序が逆です" in page.content()
    expect(page.get_by_label("第2回の開始日")).to_have_value("2027-05-17")
    page.get_by_label("第2回の開始日").fill(BLOCKS[1][0])
    page.get_by_label("第2回の終了日").fill(BLOCKS[1][1])
    page.get_by_role("button", name="日程を保存する").click()
    assert "日程を決めました" in page.content()
    sign_out(page)

    # Before the first block the trainee sets a goal for each block.
    browser_login(page, trainee)
    open_placement(page, live_server)
    for number in (1, 2, 3):
        block = page.locator(f"#block-{number}")
        block.get_by_label("この回の研修目標").fill(f"第{number}回の目標：家計相談の流れをつかむ")
        block.get_by_role("button", name="目標を保存する").click()
        assert "目標を保存しました" in page.content()
    sign_out(page)

    # During block 1: the home page says what to do, and the trainee writes the day's log.
    time_machine.move_to(at("2027-05-12"), tick=True)
    browser_login(page, trainee)
    assert "第1回を実施中です" in page.content()
    open_placement(page, live_server)
    block = page.locator("#block-1")
    block.get_by_label("取り組んだこと").fill("家計相談の面談に同席した")
    block.get_by_role("button", name="日誌を保存する").click()
    assert "日誌を保存しました" in page.content() and "家計相談の面談に同席した" in page.content()
    sign_out(page)

    # After the last block: each block reviewed by the trainee and confirmed by the host.
    time_machine.move_to(at("2027-09-17", hour=16), tick=True)
    for number in (1, 2, 3):
        browser_login(page, trainee)
        open_placement(page, live_server)
        block = page.locator(f"#block-{number}")
        block.get_by_label("達成した", exact=True).check()
        block.get_by_label("この回の振り返り").fill(f"第{number}回の目標はおおむね達成できた")
        block.get_by_role("button", name="振り返りを保存する").click()
        assert "振り返りを保存しました" in page.content()
        sign_out(page)
        browser_login(page, host)
        open_placement(page, live_server)
        block = page.locator(f"#block-{number}")
        block.get_by_label("コメント").fill("よく振り返れていました")
        block.get_by_role("button", name="振り返りを確認する").click()
        assert "振り返りを確認しました" in page.content()
        sign_out(page)

    browser_login(page, trainee)
    open_placement(page, live_server)
    page.get_by_label("最終報告").fill("家計表を使った初回面談をセンターの手順に取り入れ、伝達研修で共有する。")
    page.get_by_role("button", name="最終報告を提出する").click()
    assert "最終報告を提出しました" in page.content()
    sign_out(page)

    browser_login(page, host)
    open_placement(page, live_server)
    page.get_by_role("button", name="修了を確認する").click()
    assert "修了しました" in page.content()
    sign_out(page)

    placement = Placement.objects.get(person=trainee)
    days = sum(rules.working_days(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)) for start, end in BLOCKS)
    assert (placement.status, placement.days, placement.fiscal_year) == (Placement.Status.COMPLETED, days, 2027)

    # The handbook and the yearly plan show the completed placement.
    plan = plan_services.plan_create(person=trainee, fiscal_year=2027)
    browser_login(page, trainee)
    page.goto(f"{live_server.url}/handbook/")
    row = page.locator("tr.entry-fieldwork")
    expect(row).to_have_count(1)
    assert "家計改善支援ネットワーク試験" in row.inner_text() and f"{days}日" in row.inner_text() and "修了" in row.inner_text()
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    fieldwork_row = page.locator("table.plan-rows tr", has_text="フィールドワーク")
    assert "家計改善支援ネットワーク試験" in fieldwork_row.inner_text() and "修了" in fieldwork_row.inner_text()
