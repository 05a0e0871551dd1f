"""The institute finds a centre's staff among the country's centres: the centre list waits for a
prefecture (a thousand options were most of the page's time and no way to find one), then offers
that prefecture's centres; on a phone too, without scrolling sideways and without axe findings."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from lms.directory import filters
from lms.organisations.models import Job
from tests import factories
from tests.browser.test_accessibility import WCAG
from tests.conftest import give_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_institute_picks_a_prefecture_then_a_centre_and_sees_its_staff(page, live_server, browser_login, monkeypatch, width):
    monkeypatch.setattr(filters, "MANY_CENTRES", 2)  # the live server runs in this process
    fukuoka, tokyo = factories.PrefectureFactory(code=40, name="福岡県"), factories.PrefectureFactory(code=13, name="東京都", name_en="Tokyo")
    factories.CentreFactory(name="北九州センター", prefecture=fukuoka)
    factories.CentreFactory(name="福岡市センター", prefecture=fukuoka)
    nerima = factories.CentreFactory(name="練馬センター", prefecture=tokyo)
    factories.person(nerima, Job.SUPPORTER_INDIVIDUAL, email="nerima.staff@example.jp")
    staff = factories.person(factories.InstituteFactory(), Job.INSTITUTE_STAFF, email="dir.institute@example.jp")
    code = give_totp(staff)
    page.set_viewport_size({"width": width, "height": 900})

    browser_login(page, staff, totp=code)
    page.goto(f"{live_server.url}/directory/people/")
    centre = page.locator("select[name=centre]")
    assert centre.locator("option").all_inner_texts() == ["都道府県を選ぶとセンターを選べます"]
    page.locator("select[name=prefecture]").select_option(label="東京都")
    page.get_by_role("button", name="絞り込む").click()
    assert centre.locator("option").all_inner_texts()[1:] == ["練馬センター"]
    centre.select_option(label="練馬センター")
    page.get_by_role("button", name="絞り込む").click()
    assert "nerima.staff@example.jp" in page.content() and "dir.institute@example.jp" not in page.locator("table").inner_text()

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    serious = [v["id"] for v in Axe().run(page, options=WCAG).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
