"""The institute opens the country's figures, drills into a prefecture and a centre, checks the
people behind a number and downloads the Excel file, which reads back with the same figures."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from lms.organisations.models import Job
from lms.reports import services
from lms.reports.models import AreaFigures
from tests import factories
from tests.clock import at
from tests.conftest import give_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_institute_drills_down_from_the_country_to_a_centre_and_downloads_excel(page, live_server, world, curriculum, time_machine,
                                                                                    browser_login):
    time_machine.move_to(at("2026-11-29"), tick=True)
    factories.MinimumHoursPolicyFactory(effective_from=datetime.date(2020, 4, 1), ojt_hours=Decimal("50"), offjt_hours=Decimal("50"))
    factories.TrainingRecordFactory(person=world.supporter, completed_on=datetime.date(2026, 9, 1), hours=Decimal("50"))
    factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL, started_on=datetime.date(2026, 10, 1), email="joiner@example.jp")
    services.refresh(2026)
    code = give_totp(world.institute_staff)
    browser_login(page, world.institute_staff, totp=code)

    page.click("nav.main-nav >> text=状況報告")
    page.wait_for_url(f"{live_server.url}/reports/")
    assert page.locator("h1").inner_text().startswith("全国の研修状況")
    # The line and the bars are images; the tile grid is a group of links (an image cannot hold links).
    assert page.locator("svg[role=img]").count() >= 2 and page.locator("svg[role=group]").count() == 1
    # The tile for Fukuoka leads to the prefecture.
    page.locator("svg a[href*='/reports/prefectures/40/'] rect").first.click()
    page.wait_for_url(f"{live_server.url}/reports/prefectures/40/?year=2026")
    page.click(f"a[href='/reports/centres/{world.centre.pk}/?year=2026']")
    page.wait_for_url(f"{live_server.url}/reports/centres/{world.centre.pk}/?year=2026")
    assert world.supporter.get_full_name() in page.locator("main").inner_text()
    staff = AreaFigures.objects.get(fiscal_year=2026, area=f"C{world.centre.pk}").staff
    # The staff number links to the list of exactly those people.
    page.locator("#table-summary ~ div a, section:has(#table-summary) td a").first.click()
    page.wait_for_load_state()
    assert f"{staff} 人" in page.locator("main").inner_text()
    # Up again to the prefecture, and the Excel file of its centres.
    page.go_back()
    page.click("nav.breadcrumbs a")
    page.wait_for_url(f"{live_server.url}/reports/prefectures/40/?year=2026")
    with page.expect_download() as download:
        page.click("section:has(#table-centres) a:text('Excel')")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(workbook["centres"].iter_rows(values_only=True))
    centre_row = next(row for row in rows if row[0] == world.centre.name)
    assert centre_row[1] == staff
    assert download.value.suggested_filename.endswith("FY2026-20261129.xlsx")


def test_report_pages_fit_a_390px_phone(browser, live_server, world, curriculum, time_machine, browser_login):
    """Wide tables scroll inside their own box: the page itself never scrolls sideways."""
    time_machine.move_to(at("2026-11-29"), tick=True)
    factories.MinimumHoursPolicyFactory(effective_from=datetime.date(2020, 4, 1), ojt_hours=Decimal("50"), offjt_hours=Decimal("50"))
    services.refresh(2026)
    code = give_totp(world.institute_staff)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    browser_login(page, world.institute_staff, totp=code)
    for path in ("/reports/", "/reports/prefectures/40/", f"/reports/centres/{world.centre.pk}/",
                 "/reports/people/?year=2026&figure=staff", "/reports/research/", "/certificates/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    context.close()
