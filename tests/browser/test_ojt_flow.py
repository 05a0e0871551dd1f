"""The OJT coordinator logs a group supervision for five people; the supervisor confirms; ledgers rise."""

import pytest

from lms.organisations.models import Job
from tests import factories
from tests.clock import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_group_supervision_reaches_five_ledgers(page, live_server, browser_login, time_machine):
    time_machine.move_to(at("2026-11-24"), tick=True)  # the session was held yesterday, in FY2026
    centre = factories.CentreFactory(name="OJTテストセンター")
    coordinator = factories.person(centre, Job.SUPPORTER_INDIVIDUAL, Job.OJT_COORDINATOR, email="ojt.coord@example.jp")
    supervisor = factories.person(centre, Job.SUPERVISOR, email="ojt.sv@example.jp")
    staff = [factories.person(centre, Job.SUPPORTER_INDIVIDUAL, email=f"ojt.staff{n}@example.jp") for n in range(5)]

    browser_login(page, coordinator)
    page.goto(f"{live_server.url}/ojt/")
    page.get_by_role("link", name="研修を記録する").click()
    page.get_by_label("日付").fill("2026-11-23")
    page.get_by_label("時間数").fill("2")
    page.locator("select[name=kind]").select_option(label="グループ・スーパービジョン")
    page.locator("select[name=theme]").select_option(label="職員の専門性")
    page.get_by_label("研修のテーマ").fill("困難事例のグループSV")
    page.locator("select[name=facilitator]").select_option(label=str(supervisor))
    for person in staff:
        page.get_by_label(str(person)).check()
    page.get_by_role("button", name="記録する").click()
    assert "記録しました" in page.content()
    page.get_by_role("button", name="ログアウト").click()

    browser_login(page, supervisor)
    page.goto(f"{live_server.url}/ojt/")
    page.get_by_role("link", name="困難事例のグループSV").click()
    page.get_by_role("button", name="出席を確認する").click()
    assert "出席を確認しました" in page.content()
    page.get_by_role("button", name="ログアウト").click()

    for person in (staff[0], staff[4]):
        browser_login(page, person)
        page.goto(f"{live_server.url}/ojt/")
        assert "OJT：2.0 時間／50 時間" in page.content()
        page.get_by_role("button", name="ログアウト").click()
    browser_login(page, coordinator)
    page.goto(f"{live_server.url}/ojt/")
    assert "OJT：0.0 時間／50 時間" in page.content()  # the coordinator logged it but did not attend
