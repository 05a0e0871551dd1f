"""Putting the site into service, as a new institute would: on an empty database, setup_site and
the first administrator; they sign in with TOTP, create a centre and import three staff from a
Shift_JIS file; the director gets the invitation, sets a password and sees their staff."""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lms.organisations.models import Membership, Organisation
from tests.clock import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_CSV = """メールアドレス,姓,名,姓カナ,名カナ,所属,職種,着任日,退任日
new.director@example.jp,森,明子,モリ,アキコ,あさひ市総合相談支援センター,センター長,令和8年4月1日,
new.supporter1@example.jp,林,健,ハヤシ,ケン,あさひ市総合相談支援センター,相談支援員（対個人）,2026-04-01,
new.supporter2@example.jp,池田,翔,イケダ,ショウ,あさひ市総合相談支援センター,相談支援員（対社会）,2026/10/1,
"""


def totp_code(secret):
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_an_empty_site_is_set_up_staffed_by_import_and_the_director_signs_in(page, live_server, settings, time_machine, mailoutbox, monkeypatch):
    time_machine.move_to(at("2026-11-20"), tick=True)
    settings.SITE_URL = live_server.url
    assert not Organisation.objects.exists() and not get_user_model().objects.exists()
    call_command("setup_site", verbosity=0)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "kanri-pass-2026")
    call_command("createsuperuser", "--noinput", email="kanri@example.jp", verbosity=0)

    # The first administrator signs in and must set up an authenticator app before anything else.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "kanri@example.jp")
    page.fill("input[name=password]", "kanri-pass-2026")
    page.click("main form button[type=submit]")
    # allauth asks for the password once more before an authenticator is added to an account.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    page.fill("input[name=password]", "kanri-pass-2026")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    time_machine.shift(datetime.timedelta(seconds=31))  # a code is good once: the next one
    page.goto(f"{live_server.url}/directory/organisations/new/")
    if "/accounts/2fa/authenticate/" in page.url:
        page.fill("input[name=code]", totp_code(secret))
        page.click("main form button[type=submit]")
        page.goto(f"{live_server.url}/directory/organisations/new/")

    # A centre.
    page.select_option("select[name=kind]", "centre")
    page.fill("input[name=name]", "あさひ市総合相談支援センター")
    page.select_option("select[name=prefecture]", "40")
    page.fill("input[name=address]", "福岡県あさひ市1-1")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("h1:has-text('あさひ市総合相談支援センター')")
    assert "作成" in page.locator(".history-section").inner_text() or "追加" in page.locator(".history-section").inner_text()

    # Three staff from a file saved by Excel in Japan (Shift_JIS).
    page.get_by_role("link", name="職員の一括取り込み（CSV）").first.click()
    page.set_input_files("input[name=file]", files=[{"name": "職員.csv", "mimeType": "text/csv", "buffer": STAFF_CSV.replace("\n", "\r\n").encode("cp932")}])
    page.get_by_role("button", name="ファイルを確認する").click()
    page.wait_for_selector("#import-created")
    assert page.inner_text("#import-created") == "3" and page.inner_text("#import-unchanged") == "0"
    assert "林" in page.content()
    page.get_by_role("button", name="取り込む").click()
    page.wait_for_selector("text=取り込みました。")
    centre = Organisation.objects.get(name="あさひ市総合相談支援センター")
    assert Membership.objects.filter(organisation=centre).count() == 3
    page.get_by_role("button", name="ログアウト").click()

    # The director's invitation: set a password, land on the home page, see the staff.
    [invitation] = [mail for mail in mailoutbox if mail.to == ["new.director@example.jp"]]
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", invitation.body).group(0)
    page.goto(link)
    page.fill("input[name=password1]", "mori-akiko-2026")
    page.fill("input[name=password2]", "mori-akiko-2026")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "あさひ市総合相談支援センター" in page.content() and "センター長" in page.content()
    page.get_by_role("link", name="組織と職員").click()
    page.get_by_role("link", name="職員", exact=True).click()
    staff = page.locator("main table").inner_text()
    assert "林 健" in staff and "池田 翔" in staff and "森 明子" in staff
    assert "new.supporter2@example.jp" in staff
