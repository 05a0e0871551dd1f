import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_user_signs_in_with_a_demo_login(page, live_server):
    call_command("seed_demo", verbosity=0)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="ログイン").first.click()
    assert page.locator("html").get_attribute("lang") == "ja"
    page.fill("input[name=login]", "kita.director@example.jp")
    page.fill("input[name=password]", "demo-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "北九州市総合相談支援センター" in page.content()
    assert "センター長" in page.content()
