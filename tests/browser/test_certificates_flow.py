"""The institute completes a session and issues its certificates in bulk; the holder downloads the PDF;
the verification page says valid, then revoked."""

import subprocess

import pytest
from django.core.cache import cache

from curriculum.loader import load_curriculum
from lms.certificates.models import Certificate
from lms.organisations.models import Job
from lms.training import services as session_services
from tests import factories
from tests.clock import at
from tests.conftest import give_totp
from tests.training.conftest import TODAY, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bulk_issue_download_verify_revoke(page, live_server, browser_login, settings, tmp_path, time_machine):
    time_machine.move_to(at(TODAY), tick=True)  # nominations are open; the session runs 20-22 January 2027
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    settings.SITE_URL = live_server.url
    load_curriculum()
    centre, institute = factories.CentreFactory(), factories.InstituteFactory(name="伴走型支援人材育成研修機構")
    director = factories.person(centre, Job.DIRECTOR)
    holders = [factories.person(centre, Job.SUPPORTER_INDIVIDUAL, email=f"c.holder{n}@example.jp") for n in range(3)]
    staff = factories.person(institute, Job.INSTITUTE_STAFF, email="c.institute@example.jp")
    session = make_session(organiser=institute)
    session_services.enrolment_nominate(session=session, people=holders, by=director)
    code = give_totp(staff)

    time_machine.move_to(at("2027-01-22", hour=17), tick=True)  # attendance and completion after the last day
    browser_login(page, staff, totp=code)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("button", name="全員を出席にする").click()
    page.get_by_role("button", name="出欠を保存").click()
    page.get_by_role("button", name="修了を記録する").click()
    page.get_by_role("button", name="この研修会の修了証を発行する").click()
    page.wait_for_selector("text=完了")
    assert "3 件中 3 件を処理しました" in page.content()
    page.get_by_role("button", name="ログアウト").click()

    holder = holders[0]
    certificate = Certificate.objects.get(holder=holder)
    browser_login(page, holder)
    page.goto(f"{live_server.url}/certificates/")
    page.get_by_role("link", name=certificate.serial).click()
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(page.request.get(f"{live_server.url}/certificates/{certificate.pk}/certificate.pdf").body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "生活困窮者支援論" in text and certificate.serial in text
    page.get_by_role("link", name=certificate.verification_url()).click()
    assert "本物で有効な修了証です" in page.content()
    # The holder sends the digital credential to an employer, who keeps this copy.
    credential_json = page.request.get(page.url, headers={"Accept": "application/ld+json"}).text()
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    page.get_by_role("button", name="ログアウト").click()

    cache.clear()  # allauth refuses a TOTP code used twice within its period; this is a fresh sign-in
    browser_login(page, staff, totp=code)
    page.goto(f"{live_server.url}/certificates/{certificate.pk}/")
    page.fill("#reason", "受講者の取り違え")
    page.get_by_role("button", name="修了証を取り消す…").click()
    assert "この修了証を取り消しますか" in page.content()  # asked first, the reason carried over
    page.get_by_role("button", name="取り消す", exact=True).click()
    assert "修了証を取り消しました" in page.content()
    page.goto(f"{live_server.url}/verify/{certificate.code}/")
    assert "取り消し済み" in page.content()
    page.get_by_role("button", name="ログアウト").click()

    # The employer checks the copy they kept, then the QR code of the printed certificate.
    page.goto(f"{live_server.url}/verify/")
    page.get_by_label("デジタル修了証（JSON または JWT）または確認用アドレス").fill(credential_json)
    page.get_by_role("button", name="確認する").click()
    assert "本物ですが、取り消されています" in page.content() and holder.get_full_name() in page.content()
    page.get_by_label("デジタル修了証（JSON または JWT）または確認用アドレス").fill(credential_json.replace(holder.last_name, "別人"))
    page.get_by_role("button", name="確認する").click()
    assert "署名が一致しません" in page.content()
    page.get_by_label("デジタル修了証（JSON または JWT）または確認用アドレス").fill("")
    page.get_by_label("または修了証の QR コード（写真やスクリーンショットの画像）").set_input_files(str(tmp_path / "page.png"))
    page.get_by_role("button", name="確認する").click()
    assert "本物ですが、取り消されています" in page.content() and "生活困窮者支援論" in page.content()
